import * as oidc from 'openid-client';
import type { ExternalSignInError } from '../../core/api/sign-in.ts';
import type { LocalizedText } from '../../core/errors.ts';
import { externalSignInRefusal, type ExternalIdentity } from '../commands/sign-in-with-identity.ts';
import type { OidcProviderConfig } from './sign-in-config.ts';

/** What the browser's sign-in attempt must prove at the callback. */
export interface AuthorizationChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The OpenID Connect side of signing in, with openid-client: discovery (kept once it worked), the
 * authorization URL with PKCE (S256), state and nonce, the code exchange with the ID token's
 * signature checked against the issuer's keys and its claims (iss, aud, exp, nonce), and the
 * provider's end-session URL.
 */
export class OidcSignIn {
  private readonly configurations = new Map<string, Promise<oidc.Configuration>>();

  constructor(readonly providers: OidcProviderConfig[]) {}

  provider(id: string): OidcProviderConfig | null {
    return this.providers.find((p) => p.id === id) ?? null;
  }

  private configuration(provider: OidcProviderConfig): Promise<oidc.Configuration> {
    let found = this.configurations.get(provider.id);
    if (!found) {
      const issuer = new URL(provider.issuer);
      // Plain HTTP only to a provider on this machine (tests, a local Keycloak): never across a network.
      const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
      found = oidc.discovery(
        issuer,
        provider.clientId,
        provider.clientSecret,
        provider.clientSecret ? oidc.ClientSecretBasic(provider.clientSecret) : oidc.None(),
        {
          // The ID token's signature is checked against the issuer's keys even though it came
          // straight from the token endpoint (openid-client would otherwise trust TLS alone).
          execute: insecure
            ? [oidc.enableNonRepudiationChecks, oidc.allowInsecureRequests]
            : [oidc.enableNonRepudiationChecks],
        },
      );
      this.configurations.set(provider.id, found);
      // A provider down at the first sign-in is asked again at the next one.
      found.catch(() => this.configurations.delete(provider.id));
    }
    return found;
  }

  private async reachable(provider: OidcProviderConfig): Promise<oidc.Configuration> {
    try {
      return await this.configuration(provider);
    } catch (error) {
      throw externalSignInRefusal(
        'provider_unreachable',
        {
          fr: `Le fournisseur d’identité ${provider.name} ne répond pas (${provider.issuer}) : réessayez plus tard.`,
          en: `The identity provider ${provider.name} does not answer (${provider.issuer}): try again later.`,
        },
        'UNAUTHENTICATED',
        error,
      );
    }
  }

  /** Where to send the browser, and what its return must match. */
  async authorizationUrl(
    provider: OidcProviderConfig,
    redirectUri: string,
  ): Promise<{ url: string; checks: AuthorizationChecks }> {
    const config = await this.reachable(provider);
    const checks = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: provider.scopes.join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
      state: checks.state,
      nonce: checks.nonce,
    });
    return { url: url.href, checks };
  }

  /** Exchanges the code and verifies the ID token; the person it names, from the configured claims. */
  async finish(
    provider: OidcProviderConfig,
    callbackUrl: URL,
    checks: AuthorizationChecks,
  ): Promise<ExternalIdentity> {
    const config = await this.reachable(provider);
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      claims = { ...tokens.claims()! };
    } catch (error) {
      const [reason, text] = describeFailure(error, provider.name);
      throw externalSignInRefusal(reason, text, 'UNAUTHENTICATED', error);
    }
    const email = claims[provider.emailClaim];
    const groups = provider.groupsClaim ? claims[provider.groupsClaim] : undefined;
    const name = claims[provider.nameClaim];
    return {
      provider: provider.id,
      subject: String(claims.sub),
      email: typeof email === 'string' ? email : null,
      // Entra ID gives no email_verified for the address it manages: configure its "email" claim
      // to be one it vouches for; elsewhere only `true` counts.
      emailVerified: claims.email_verified === true || claims.email_verified === 'true',
      name: typeof name === 'string' ? name : null,
      groups: Array.isArray(groups) ? groups.map(String) : typeof groups === 'string' ? [groups] : [],
    };
  }

  /** The provider's sign-out address (RP-initiated logout), when it offers one. */
  async endSessionUrl(provider: OidcProviderConfig, postLogoutRedirectUri: string): Promise<string | null> {
    try {
      const config = await this.configuration(provider);
      if (!config.serverMetadata().end_session_endpoint) return null;
      return oidc.buildEndSessionUrl(config, {
        client_id: provider.clientId,
        post_logout_redirect_uri: postLogoutRedirectUri,
      }).href;
    } catch {
      // Signed out of Jalon all the same.
      return null;
    }
  }
}

/** openid-client's and oauth4webapi's errors in words a person signing in can act on. */
function describeFailure(error: unknown, providerName: string): [ExternalSignInError, LocalizedText] {
  const code = (error as { code?: string }).code;
  const causeMessage = String((error as { cause?: { message?: string } }).cause?.message ?? '');
  if (error instanceof oidc.AuthorizationResponseError) {
    return [
      'provider_refused',
      {
        fr: `${providerName} a refusé la connexion (${error.error}).`,
        en: `${providerName} refused the sign-in (${error.error}).`,
      },
    ];
  }
  if (error instanceof oidc.ResponseBodyError) {
    return [
      'code_refused',
      {
        fr: `${providerName} a refusé le code de connexion (${error.error}) : il a déjà servi ou a expiré. Reconnectez-vous.`,
        en: `${providerName} refused the sign-in code (${error.error}): it was already used or has expired. Sign in again.`,
      },
    ];
  }
  if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') {
    return [
      'id_token_expired',
      {
        fr: `Le jeton d’identité de ${providerName} a expiré : vérifiez l’horloge du serveur et reconnectez-vous.`,
        en: `The ID token from ${providerName} has expired: check the server's clock and sign in again.`,
      },
    ];
  }
  if (code === 'OAUTH_KEY_SELECTION_FAILED' || /signature/i.test(causeMessage)) {
    return [
      'id_token_signature',
      {
        fr: `Le jeton d’identité reçu n’est pas signé par une clé de ${providerName} : connexion refusée.`,
        en: `The ID token received is not signed by a key of ${providerName}: sign-in refused.`,
      },
    ];
  }
  return [
    'id_token_invalid',
    {
      fr: `La réponse de ${providerName} n’a pas passé les vérifications (${causeMessage || (error as Error).message}) : connexion refusée.`,
      en: `The answer from ${providerName} failed the checks (${causeMessage || (error as Error).message}): sign-in refused.`,
    },
  ];
}
