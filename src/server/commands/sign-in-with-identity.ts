import type { ExternalSignInError } from '../../core/api/sign-in.ts';
import { JalonError, type LocalizedText } from '../../core/errors.ts';
import type { Database } from '../../db/connection.ts';
import {
  findUserByEmail,
  insertMembership,
  insertUser,
  listMembershipsOfUser,
  setUserAdmin,
  type UserRow,
} from '../../db/repositories/accounts.ts';
import {
  findUserByIdentity,
  insertIdentity,
  listRoleRules,
  touchIdentity,
  type RoleRuleRow,
} from '../../db/repositories/sign-in.ts';
import { recordChange } from './record-change.ts';
import { insertNewSession, type SessionOrigin } from './sign-in.ts';

/** Who a provider or the trusted proxy says is signing in. */
export interface ExternalIdentity {
  /** The provider's id, or "header" for the trusted-header mode. */
  provider: string;
  /** The provider's `sub`; the e-mail in the trusted-header mode. */
  subject: string;
  email: string | null;
  /** The provider vouches for the address (`email_verified`); the proxy always does. */
  emailVerified: boolean;
  name: string | null;
  groups: string[];
}

/** A refusal of a sign-in with a provider: its code tells the web which message to show. */
export function externalSignInRefusal(
  reason: ExternalSignInError,
  text: LocalizedText,
  status: 'UNAUTHENTICATED' | 'FORBIDDEN' = 'UNAUTHENTICATED',
  cause?: unknown,
): JalonError {
  return new JalonError(status, text, { details: { reason }, cause });
}

/** Does this rule give its role to this person? */
export function ruleMatches(rule: RoleRuleRow, identity: ExternalIdentity): boolean {
  if (rule.provider !== null && rule.provider !== identity.provider) return false;
  if (rule.matchKind === 'group') return identity.groups.includes(rule.matchValue);
  const domain = identity.email?.split('@')[1]?.toLowerCase();
  return domain !== undefined && domain === rule.matchValue.trim().toLowerCase().replace(/^@/, '');
}

/**
 * Signs in someone a provider or the trusted proxy vouched for, in one transaction: the account
 * linked to this (provider, subject) before; else the account holding the same e-mail, linked
 * now, when the provider verified that address; else a new account, with the roles the
 * administrators' rules give it (none: it waits for an administrator). An account still without
 * any role gets the rules' roles at each sign-in. A suspended account is refused.
 */
export async function signInWithIdentity(
  db: Database,
  identity: ExternalIdentity,
  origin: SessionOrigin,
): Promise<{ user: UserRow; token: string; csrfToken: string; created: boolean }> {
  const email = identity.email?.trim().toLowerCase() ?? null;
  return db.transaction(async (tx) => {
    let user = await findUserByIdentity(tx, identity.provider, identity.subject);
    let created = false;
    if (user) {
      await touchIdentity(tx, identity.provider, identity.subject);
    } else {
      if (!email || !/^[^\s@]+@[^\s@]+$/.test(email)) {
        throw externalSignInRefusal('email_missing', {
          fr: 'Le fournisseur d’identité n’a pas donné d’adresse e-mail : Jalon ne peut pas créer ni retrouver votre compte.',
          en: 'The identity provider gave no e-mail address: Jalon cannot create or find your account.',
        });
      }
      if (!identity.emailVerified) {
        throw externalSignInRefusal(
          'email_unverified',
          {
            fr: `Le fournisseur d’identité n’a pas vérifié l’adresse ${email} : Jalon ne la relie à aucun compte. Faites-la vérifier chez lui, puis reconnectez-vous.`,
            en: `The identity provider has not verified the address ${email}: Jalon links it to no account. Have it verified there, then sign in again.`,
          },
          'FORBIDDEN',
        );
      }
      user = await findUserByEmail(tx, email);
      if (user?.suspendedAt) throw suspendedRefusal();
      if (!user) {
        user = await insertUser(tx, {
          id: globalThis.crypto.randomUUID(),
          email,
          name: identity.name?.trim() || email.split('@')[0]!,
          passwordHash: null,
        });
        created = true;
        await recordChange(tx, {
          actor: null,
          planId: null,
          action: 'create',
          objectType: 'user',
          objectId: user.id,
          after: { email, name: user.name, via: identity.provider },
        });
      }
      await insertIdentity(tx, {
        id: globalThis.crypto.randomUUID(),
        provider: identity.provider,
        subject: identity.subject,
        userId: user.id,
        email,
        lastSignInAt: new Date().toISOString(),
      });
      await recordChange(tx, {
        actor: null,
        planId: null,
        action: 'link',
        objectType: 'user',
        objectId: user.id,
        after: { provider: identity.provider, subject: identity.subject, email },
      });
    }
    if (user.suspendedAt) throw suspendedRefusal();
    if (!user.isAdmin && (await listMembershipsOfUser(tx, user.id)).length === 0) {
      user = await applyRoleRules(tx, user, identity);
    }
    const session = await insertNewSession(tx, user, origin);
    return { ...session, created };
  });
}

function suspendedRefusal(): JalonError {
  return externalSignInRefusal(
    'account_suspended',
    {
      fr: 'Ce compte est suspendu : adressez-vous à un administrateur de Jalon.',
      en: 'This account is suspended: ask a Jalon administrator.',
    },
    'FORBIDDEN',
  );
}

/** Gives an account without a role what the matching rules say; records each grant. */
async function applyRoleRules(tx: Database, user: UserRow, identity: ExternalIdentity): Promise<UserRow> {
  const rules = (await listRoleRules(tx)).filter((rule) => ruleMatches(rule, identity));
  let result = user;
  for (const rule of rules) {
    if (rule.role === 'admin') {
      if (result.isAdmin) continue;
      result = await setUserAdmin(tx, user.id);
      await recordChange(tx, {
        actor: null,
        planId: null,
        action: 'grant',
        objectType: 'user',
        objectId: user.id,
        after: { role: 'admin', rule: rule.id },
      });
      continue;
    }
    const membership = await insertMembership(tx, {
      id: globalThis.crypto.randomUUID(),
      userId: user.id,
      scope: rule.scope!,
      scopeId: rule.scopeId!,
      role: rule.role,
      sites: rule.sites,
    });
    await recordChange(tx, {
      actor: null,
      planId: rule.scope === 'plan' ? rule.scopeId : null,
      action: 'grant',
      objectType: 'membership',
      objectId: membership.id,
      after: { userId: user.id, scope: rule.scope, scopeId: rule.scopeId, role: rule.role, rule: rule.id },
    });
  }
  return result;
}
