import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const stamp = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    /** Stored lower-cased: sign-in is case-insensitive. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** Null for an account created by signing in with an identity provider: it has no password. */
    passwordHash: text('password_hash'),
    isAdmin: boolean('is_admin').notNull().default(false),
    createdAt: stamp('created_at').notNull().defaultNow(),
    /** Set while the account is suspended: it cannot sign in, its sessions and tokens are refused. */
    suspendedAt: stamp('suspended_at'),
    /** Who suspended it (the audit log keeps the full story). */
    suspendedBy: text('suspended_by'),
  },
  (t) => [uniqueIndex('users_email_idx').on(t.email)],
);

/** A role given to a user over an institution, a programme or a plan (site codes for site editors). */
export const memberships = pgTable(
  'memberships',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    scope: text('scope').notNull(),
    scopeId: text('scope_id').notNull(),
    role: text('role').notNull(),
    sites: text('sites')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: stamp('created_at').notNull().defaultNow(),
  },
  (t) => [index('memberships_user_idx').on(t.userId), index('memberships_scope_idx').on(t.scope, t.scopeId)],
);

/** Sign-in sessions: the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: stamp('created_at').notNull().defaultNow(),
    expiresAt: stamp('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Personal API tokens for scripts (Bearer); only the SHA-256 is kept. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: stamp('created_at').notNull().defaultNow(),
    lastUsedAt: stamp('last_used_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_idx').on(t.tokenHash)],
);

/** An account's identity at an OpenID Connect provider or behind a SAML proxy: (provider, subject) is one person. */
export const externalIdentities = pgTable(
  'external_identities',
  {
    id: text('id').primaryKey(),
    /** The provider's id in the configuration ("entra", "keycloak"…), or "header" for the trusted-header mode. */
    provider: text('provider').notNull(),
    /** The provider's stable subject (`sub`), or the e-mail given by the proxy. */
    subject: text('subject').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    email: text('email'),
    createdAt: stamp('created_at').notNull().defaultNow(),
    lastSignInAt: stamp('last_sign_in_at'),
  },
  (t) => [
    uniqueIndex('external_identities_provider_subject_idx').on(t.provider, t.subject),
    index('external_identities_user_idx').on(t.userId),
  ],
);

/**
 * What an account created at its first sign-in gets: a group or an e-mail domain → a role over an
 * institution, a programme or a plan. No rule matching: the account waits for an administrator.
 */
export const signInRoleRules = pgTable('sign_in_role_rules', {
  id: text('id').primaryKey(),
  /** The provider the rule applies to; null for every provider. */
  provider: text('provider'),
  /** "group" (a value of the groups claim or header) or "email_domain". */
  matchKind: text('match_kind').notNull(),
  matchValue: text('match_value').notNull(),
  /** A role of roleValues, admin included (then scope is null). */
  role: text('role').notNull(),
  scope: text('scope'),
  scopeId: text('scope_id'),
  sites: text('sites')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  createdAt: stamp('created_at').notNull().defaultNow(),
});

/**
 * A sign-in with a provider under way: the browser holds a random key in a cookie, the table its
 * SHA-256 with the state, nonce and PKCE verifier, so any server process can finish it, once.
 */
export const signInAttempts = pgTable('sign_in_attempts', {
  keyHash: text('key_hash').primaryKey(),
  provider: text('provider').notNull(),
  state: text('state').notNull(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  expiresAt: stamp('expires_at').notNull(),
});

/** Settings of the instance an administrator changes from the web (e.g. whether password sign-in is offered). */
export const instanceSettings = pgTable('instance_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: stamp('updated_at').notNull().defaultNow(),
  updatedBy: text('updated_by'),
});
