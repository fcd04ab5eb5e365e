import { z } from 'zod';
import { roleSchema, scopeKindSchema } from './auth.ts';

/** What the sign-in page offers: the password form (unless turned off) and a button per provider. */
export const signInOptionsResponseSchema = z.object({
  passwordSignIn: z.boolean(),
  providers: z.array(z.object({ id: z.string(), name: z.string() })),
  /** Behind a SAML service provider: a button leading to the proxy-protected sign-in address. */
  trustedHeader: z.object({ name: z.string(), url: z.string() }).nullable(),
});
export type SignInOptionsResponse = z.infer<typeof signInOptionsResponseSchema>;

/** Why signing in with a provider was refused: the web shows the message of its code. */
export const externalSignInErrorValues = [
  'unknown_provider',
  'provider_unreachable',
  'provider_refused',
  'state_mismatch',
  'code_refused',
  'id_token_signature',
  'id_token_expired',
  'id_token_invalid',
  'email_missing',
  'email_unverified',
  'account_suspended',
  'untrusted_proxy',
] as const;
export const externalSignInErrorSchema = z.enum(externalSignInErrorValues);
export type ExternalSignInError = z.infer<typeof externalSignInErrorSchema>;

export const passwordSignInSettingSchema = z.object({ passwordSignIn: z.boolean() });

export const roleRuleMatchKindSchema = z.enum(['group', 'email_domain']);

/**
 * A rule giving an account made at its first sign-in a role: a group (of the provider's groups
 * claim or the proxy's groups header) or an e-mail domain → a role over an institution, a
 * programme or a plan, or "admin".
 */
export const roleRuleSchema = z.object({
  id: z.string(),
  /** Only for this provider's sign-ins ("header" for the trusted-header mode); null for all. */
  provider: z.string().nullable(),
  matchKind: roleRuleMatchKindSchema,
  matchValue: z.string(),
  role: roleSchema,
  scope: scopeKindSchema.nullable(),
  scopeId: z.string().nullable(),
  sites: z.array(z.string()),
});
export type RoleRule = z.infer<typeof roleRuleSchema>;

export const createRoleRuleRequestSchema = z
  .object({
    provider: z.string().trim().min(1).max(40).nullable().default(null),
    matchKind: roleRuleMatchKindSchema,
    matchValue: z.string().trim().min(1).max(300),
    role: roleSchema,
    scope: scopeKindSchema.nullable().default(null),
    scopeId: z.string().nullable().default(null),
    sites: z.array(z.string()).default([]),
  })
  .refine((rule) => (rule.role === 'admin') === (rule.scope === null), {
    path: ['scope'],
    message: 'jalon:role-rule-scope',
  })
  .refine((rule) => (rule.scope === null) === (rule.scopeId === null), {
    path: ['scopeId'],
    message: 'jalon:scope-needs-id',
  });
export const roleRulesResponseSchema = z.object({ rules: z.array(roleRuleSchema) });
export const roleRuleResponseSchema = z.object({ rule: roleRuleSchema });

/** Signing out: when the session came from a provider offering it, where to end the provider's session too. */
export const logoutResponseSchema = z.object({ ok: z.literal(true), endSessionUrl: z.string().optional() });
