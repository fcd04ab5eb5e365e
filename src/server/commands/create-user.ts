import type { MembershipScope, Role } from '../../core/api/auth.ts';
import { JalonError } from '../../core/errors.ts';
import type { Database } from '../../db/connection.ts';
import { findUserByEmail, insertMembership, insertUser } from '../../db/repositories/accounts.ts';
import type { Actor } from '../auth/actor.ts';
import { generatePassword, hashPassword } from '../auth/passwords.ts';
import { recordChange } from './record-change.ts';

export interface CreateUserInput {
  actor: Actor | null;
  email: string;
  name?: string | undefined;
  /** "admin" makes a global administrator; other roles need a scope. */
  role?: Role | null | undefined;
  scope?: { kind: MembershipScope; id: string; sites?: string[] } | undefined;
  /** Generated (and returned once) when absent. */
  password?: string | undefined;
}

/** Creates an account (and its first membership), in one transaction. Returns the password when it was generated. */
export async function createUser(db: Database, input: CreateUserInput) {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new JalonError(
      'BAD_INPUT',
      {
        fr: `Adresse e-mail invalide : « ${input.email} ».`,
        en: `Invalid e-mail address: "${input.email}".`,
      },
      { location: { field: 'email' } },
    );
  }
  if (input.role && input.role !== 'admin' && !input.scope) {
    throw new JalonError(
      'BAD_INPUT',
      {
        fr: `Le rôle « ${input.role} » se donne sur une institution, un programme ou un plan.`,
        en: `The role "${input.role}" is given over an institution, a programme or a plan.`,
      },
      { location: { field: 'role' } },
    );
  }
  const generated = input.password ? undefined : generatePassword();
  const passwordHash = await hashPassword(input.password ?? generated!);
  const user = await db.transaction(async (tx) => {
    if (await findUserByEmail(tx, email)) {
      throw new JalonError(
        'CONFLICT',
        { fr: `Un compte existe déjà pour ${email}.`, en: `An account already exists for ${email}.` },
        { location: { field: 'email' } },
      );
    }
    const created = await insertUser(tx, {
      id: globalThis.crypto.randomUUID(),
      email,
      name: input.name?.trim() || email.split('@')[0]!,
      passwordHash,
      isAdmin: input.role === 'admin',
    });
    if (input.role && input.role !== 'admin' && input.scope) {
      await insertMembership(tx, {
        id: globalThis.crypto.randomUUID(),
        userId: created.id,
        scope: input.scope.kind,
        scopeId: input.scope.id,
        role: input.role,
        sites: input.scope.sites ?? [],
      });
    }
    await recordChange(tx, {
      actor: input.actor,
      planId: null,
      action: 'create',
      objectType: 'user',
      objectId: created.id,
      after: { email, name: created.name, isAdmin: created.isAdmin, role: input.role ?? null },
    });
    return created;
  });
  return { user, password: generated };
}
