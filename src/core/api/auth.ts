import { z } from 'zod';

export const roleValues = ['admin', 'coordinator', 'site_editor', 'contributor', 'reader'] as const;
export const roleSchema = z.enum(roleValues);
export type Role = z.infer<typeof roleSchema>;

export const scopeKindSchema = z.enum(['institution', 'programme', 'plan']);
export type ScopeKind = z.infer<typeof scopeKindSchema>;

/**
 * What a membership is over: an organisational scope, or a cluster of plans, whose role reaches
 * the cluster's plans as a reader at most (an agency's analyst): see server/policies/clusters.ts.
 */
export const membershipScopeSchema = z.enum([...scopeKindSchema.options, 'cluster']);
export type MembershipScope = z.infer<typeof membershipScopeSchema>;

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  /** The global role: only "admin" is global; other roles come from memberships. */
  role: roleSchema.nullable().optional(),
  /** When the account was suspended (administrators' listing); null when it is active. */
  suspendedAt: z.string().nullable().optional(),
});
export type User = z.infer<typeof userSchema>;

export const membershipSchema = z.object({
  id: z.string().optional(),
  userId: z.string().optional(),
  scope: membershipScopeSchema,
  scopeId: z.string(),
  role: roleSchema,
  /** Site codes a site editor may edit; empty for other roles. */
  sites: z.array(z.string()).default([]),
});
export type Membership = z.infer<typeof membershipSchema>;

export const loginRequestSchema = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const loginResponseSchema = z.object({ user: userSchema, csrfToken: z.string() });
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const meResponseSchema = z.object({
  user: userSchema,
  memberships: z.array(membershipSchema),
  /** Send it back in the `x-csrf-token` header of every non-GET request made with the session cookie. */
  csrfToken: z.string().nullable(),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

export const changePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(10, 'au moins 10 caractères').max(1024),
});

export const createTokenRequestSchema = z.object({ name: z.string().trim().min(1).max(120) });
export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
/** The secret is shown once, at creation. */
export const createTokenResponseSchema = z.object({ token: apiTokenSchema, secret: z.string() });
export const tokensResponseSchema = z.object({ tokens: z.array(apiTokenSchema) });
