import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signInConfigFromEnv } from './sign-in-config.ts';

describe('the sign-in configuration', () => {
  it('reads one provider from JALON_OIDC_* with the usual defaults', () => {
    const config = signInConfigFromEnv({
      JALON_OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
      JALON_OIDC_CLIENT_ID: 'jalon',
      JALON_OIDC_CLIENT_SECRET: 'secret',
      JALON_OIDC_NAME: 'Microsoft',
      JALON_OIDC_GROUPS_CLAIM: 'groups',
    });
    expect(config.providers).toEqual([
      {
        id: 'oidc',
        name: 'Microsoft',
        issuer: 'https://login.microsoftonline.com/tenant/v2.0',
        clientId: 'jalon',
        clientSecret: 'secret',
        scopes: ['openid', 'email', 'profile'],
        emailClaim: 'email',
        nameClaim: 'name',
        groupsClaim: 'groups',
      },
    ]);
    expect(config.trustedHeader).toBeNull();
  });

  it('reads several providers and the trusted-header mode from a JSON file', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'jalon-auth-')), 'auth.json');
    writeFileSync(
      file,
      JSON.stringify({
        providers: [
          { id: 'keycloak', name: 'Keycloak', issuer: 'https://sso.example/realms/he', clientId: 'jalon' },
          {
            id: 'google',
            name: 'Google',
            issuer: 'https://accounts.google.com',
            clientId: 'g',
            clientSecret: 's',
          },
        ],
      }),
    );
    const config = signInConfigFromEnv({
      JALON_AUTH_CONFIG: file,
      JALON_TRUSTED_HEADER_EMAIL: 'X-Remote-Email',
      JALON_TRUSTED_PROXIES: '10.0.0.5, 10.0.0.6',
    });
    expect(config.providers.map((p) => p.id)).toEqual(['keycloak', 'google']);
    expect(config.trustedHeader).toMatchObject({
      emailHeader: 'X-Remote-Email',
      proxies: ['10.0.0.5', '10.0.0.6'],
    });
  });

  it('names the setting at fault', () => {
    expect(() => signInConfigFromEnv({ JALON_OIDC_ISSUER: 'not a url', JALON_OIDC_CLIENT_ID: 'x' })).toThrow(
      /providers\.0\.issuer/,
    );
    expect(() => signInConfigFromEnv({ JALON_TRUSTED_HEADER_EMAIL: 'X-Remote-Email' })).toThrow(
      /trustedHeader\.proxies/,
    );
    expect(() =>
      signInConfigFromEnv({
        JALON_TRUSTED_HEADER_EMAIL: 'X-Remote-Email',
        JALON_TRUSTED_PROXIES: 'proxy.local',
      }),
    ).toThrow(/trustedHeader\.proxies\.0/);
  });
});
