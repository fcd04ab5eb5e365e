import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import { JalonError } from '../../core/errors.ts';

/** One OpenID Connect provider: its button on the sign-in page, its client, which claims say what. */
export const oidcProviderConfigSchema = z.object({
  /** Short and stable: it names the provider in URLs and links identities to it ("entra", "keycloak"). */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lowercase letters, digits, "-" or "_", at most 40')
    .refine((id) => id !== 'header' && id !== 'password', 'reserved'),
  /** The name on the button: "Se connecter avec <name>". */
  name: z.string().trim().min(1).max(80),
  issuer: z.url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1).optional(),
  scopes: z.array(z.string().min(1)).default(['openid', 'email', 'profile']),
  emailClaim: z.string().min(1).default('email'),
  nameClaim: z.string().min(1).default('name'),
  /** The claim listing the person's groups (Entra ID: "groups", Keycloak: a mapper's name); none: no group rules. */
  groupsClaim: z.string().min(1).optional(),
});
export type OidcProviderConfig = z.infer<typeof oidcProviderConfigSchema>;

/** Behind a SAML service provider (Shibboleth, mod_auth_mellon): the proxy says who the user is in headers. */
export const trustedHeaderConfigSchema = z.object({
  emailHeader: z.string().min(1),
  nameHeader: z.string().min(1).optional(),
  groupsHeader: z.string().min(1).optional(),
  /** Between groups in the groups header (Shibboleth joins values with ";"). */
  groupsSeparator: z.string().min(1).default(';'),
  /** The proxies' addresses: headers from any other address are refused. */
  proxies: z.array(z.string().refine((ip) => isIP(ip) !== 0, 'an IP address')).min(1),
  /** The name shown on the sign-in page's button. */
  name: z.string().trim().min(1).max(80).default('votre institution'),
});
export type TrustedHeaderConfig = z.infer<typeof trustedHeaderConfigSchema>;

export const signInConfigSchema = z.object({
  providers: z.array(oidcProviderConfigSchema).default([]),
  trustedHeader: trustedHeaderConfigSchema.nullable().default(null),
});
export type SignInConfig = z.infer<typeof signInConfigSchema>;

export const noExternalSignIn: SignInConfig = { providers: [], trustedHeader: null };

const list = (value: string | undefined) =>
  value
    ?.split(/[\s,]+/)
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * How people may sign in besides their password, from `JALON_AUTH_CONFIG` (a JSON file holding
 * several providers) or, for one provider, `JALON_OIDC_*`; the trusted-header mode from
 * `JALON_TRUSTED_HEADER_*`. A mistake is refused at start with the variable or field at fault.
 */
export function signInConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SignInConfig {
  let raw: Record<string, unknown> = {};
  let source = 'JALON_OIDC_* / JALON_TRUSTED_HEADER_*';
  if (env.JALON_AUTH_CONFIG) {
    source = env.JALON_AUTH_CONFIG;
    try {
      raw = JSON.parse(readFileSync(env.JALON_AUTH_CONFIG, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new JalonError(
        'BAD_INPUT',
        {
          fr: `JALON_AUTH_CONFIG : ${env.JALON_AUTH_CONFIG} est illisible ou n’est pas du JSON (${(error as Error).message}).`,
          en: `JALON_AUTH_CONFIG: ${env.JALON_AUTH_CONFIG} cannot be read or is not JSON (${(error as Error).message}).`,
        },
        { cause: error },
      );
    }
  }
  const providers = Array.isArray(raw.providers) ? [...(raw.providers as unknown[])] : [];
  if (env.JALON_OIDC_ISSUER) {
    providers.push({
      id: env.JALON_OIDC_ID ?? 'oidc',
      name: env.JALON_OIDC_NAME ?? 'votre institution',
      issuer: env.JALON_OIDC_ISSUER,
      clientId: env.JALON_OIDC_CLIENT_ID,
      clientSecret: env.JALON_OIDC_CLIENT_SECRET,
      scopes: list(env.JALON_OIDC_SCOPES),
      emailClaim: env.JALON_OIDC_EMAIL_CLAIM,
      nameClaim: env.JALON_OIDC_NAME_CLAIM,
      groupsClaim: env.JALON_OIDC_GROUPS_CLAIM,
    });
  }
  let trustedHeader = raw.trustedHeader ?? null;
  if (env.JALON_TRUSTED_HEADER_EMAIL) {
    trustedHeader = {
      emailHeader: env.JALON_TRUSTED_HEADER_EMAIL,
      nameHeader: env.JALON_TRUSTED_HEADER_NAME,
      groupsHeader: env.JALON_TRUSTED_HEADER_GROUPS,
      groupsSeparator: env.JALON_TRUSTED_HEADER_GROUPS_SEPARATOR,
      proxies: list(env.JALON_TRUSTED_PROXIES) ?? [],
      name: env.JALON_TRUSTED_HEADER_LABEL,
    };
  }
  return parseSignInConfig({ providers, trustedHeader }, source);
}

/** Validates a sign-in configuration, naming the field at fault ("providers.0.issuer"). */
export function parseSignInConfig(input: unknown, source = 'configuration'): SignInConfig {
  const parsed = signInConfigSchema.safeParse(stripUndefined(input));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    throw new JalonError(
      'BAD_INPUT',
      {
        fr: `Configuration de connexion (${source}) : ${field || 'racine'} — ${issue.message}.`,
        en: `Sign-in configuration (${source}): ${field || 'root'} — ${issue.message}.`,
      },
      { location: { field } },
    );
  }
  const ids = parsed.data.providers.map((p) => p.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) {
    throw new JalonError(
      'BAD_INPUT',
      {
        fr: `Configuration de connexion (${source}) : deux fournisseurs portent l’identifiant « ${duplicate} ».`,
        en: `Sign-in configuration (${source}): two providers have the id "${duplicate}".`,
      },
      { location: { field: 'providers' } },
    );
  }
  return parsed.data;
}

/** Unset environment variables arrive as undefined: let the schema's defaults apply. */
function stripUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripUndefined);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, stripUndefined(v)]),
    );
  }
  return value;
}
