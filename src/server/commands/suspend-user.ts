import { JalonError } from '../../core/errors.ts';
import type { Database } from '../../db/connection.ts';
import { findUserById, setUserSuspension } from '../../db/repositories/accounts.ts';
import type { Actor } from '../auth/actor.ts';
import { notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

/**
 * Suspends an account: it can no longer sign in by any means, its sessions are closed and its
 * API tokens refused until it is reactivated; everything it wrote keeps its name. The audit entry
 * records who suspended whom. Nobody suspends themselves: the admin who suspends stays active,
 * so some administrator always can.
 */
export async function suspendUser(db: Database, input: { actor: Actor; userId: string }) {
  if (input.userId === input.actor.user.id) {
    throw new JalonError(
      'BAD_INPUT',
      { fr: 'Vous ne pouvez pas suspendre votre propre compte.', en: 'You cannot suspend your own account.' },
      { location: { field: 'userId' } },
    );
  }
  return db.transaction(async (tx) => {
    const user = await findUserById(tx, input.userId);
    if (!user) throw notFound('user');
    if (user.suspendedAt) {
      throw new JalonError(
        'CONFLICT',
        {
          fr: `Le compte ${user.email} est déjà suspendu.`,
          en: `The account ${user.email} is already suspended.`,
        },
        { location: { field: 'userId' } },
      );
    }
    const suspendedAt = new Date().toISOString();
    await setUserSuspension(tx, user.id, { suspendedAt, suspendedBy: input.actor.user.id });
    await recordChange(tx, {
      actor: input.actor,
      planId: null,
      action: 'suspend',
      objectType: 'user',
      objectId: user.id,
      before: { email: user.email, suspendedAt: null },
      after: { email: user.email, suspendedAt, suspendedBy: input.actor.user.id },
    });
    return { ...user, suspendedAt, suspendedBy: input.actor.user.id };
  });
}

/** Lets a suspended account sign in again (its closed sessions stay closed). */
export async function reactivateUser(db: Database, input: { actor: Actor; userId: string }) {
  return db.transaction(async (tx) => {
    const user = await findUserById(tx, input.userId);
    if (!user) throw notFound('user');
    if (!user.suspendedAt) {
      throw new JalonError(
        'CONFLICT',
        {
          fr: `Le compte ${user.email} n’est pas suspendu.`,
          en: `The account ${user.email} is not suspended.`,
        },
        { location: { field: 'userId' } },
      );
    }
    await setUserSuspension(tx, user.id, null);
    await recordChange(tx, {
      actor: input.actor,
      planId: null,
      action: 'reactivate',
      objectType: 'user',
      objectId: user.id,
      before: { email: user.email, suspendedAt: user.suspendedAt, suspendedBy: user.suspendedBy },
      after: { email: user.email, suspendedAt: null },
    });
    return { ...user, suspendedAt: null, suspendedBy: null };
  });
}
