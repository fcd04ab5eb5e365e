import { JalonError } from '../../core/errors.ts';
import type { Database } from '../../db/connection.ts';
import {
  countAdmins,
  deleteUserRow,
  findUserById,
  listMembershipsOfUser,
} from '../../db/repositories/accounts.ts';
import { deletePendingImportsOfUser } from '../../db/repositories/imports.ts';
import type { Actor } from '../auth/actor.ts';
import { toMembership } from '../auth/actor.ts';
import { notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

/**
 * Deletes an account with its roles, sessions, API tokens, calendar feeds and pending imports;
 * what the user wrote stays (history shows "compte supprimé"). To close an account and keep its
 * name on what it wrote, suspend it instead (suspend-user.ts). Nobody deletes their own account
 * here, and the last administrator stays.
 */
export async function deleteUser(db: Database, input: { actor: Actor; userId: string }) {
  if (input.userId === input.actor.user.id) {
    throw new JalonError(
      'BAD_INPUT',
      { fr: 'Vous ne pouvez pas supprimer votre propre compte.', en: 'You cannot delete your own account.' },
      { location: { field: 'userId' } },
    );
  }
  return db.transaction(async (tx) => {
    const user = await findUserById(tx, input.userId);
    if (!user) throw notFound('user');
    if (user.isAdmin && (await countAdmins(tx)) <= 1) {
      throw new JalonError(
        'BAD_INPUT',
        {
          fr: 'Le dernier administrateur ne peut pas être supprimé.',
          en: 'The last administrator cannot be deleted.',
        },
        { location: { field: 'userId' } },
      );
    }
    const memberships = (await listMembershipsOfUser(tx, user.id)).map(toMembership);
    await deletePendingImportsOfUser(tx, user.id);
    await deleteUserRow(tx, user.id);
    await recordChange(tx, {
      actor: input.actor,
      planId: null,
      action: 'delete',
      objectType: 'user',
      objectId: user.id,
      before: { email: user.email, name: user.name, isAdmin: user.isAdmin, memberships },
    });
  });
}
