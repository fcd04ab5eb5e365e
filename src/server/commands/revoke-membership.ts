import type { Database } from '../../db/connection.ts';
import { deleteMembership, findMembershipById } from '../../db/repositories/accounts.ts';
import type { Actor } from '../auth/actor.ts';
import { toMembership } from '../auth/actor.ts';
import { notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

/** Takes a role back; the audit keeps what it was. */
export async function revokeMembership(db: Database, input: { actor: Actor; membershipId: string }) {
  return db.transaction(async (tx) => {
    const row = await findMembershipById(tx, input.membershipId);
    if (!row) throw notFound('membership');
    await deleteMembership(tx, row.id);
    await recordChange(tx, {
      actor: input.actor,
      planId: row.scope === 'plan' ? row.scopeId : null,
      action: 'revoke',
      objectType: 'membership',
      objectId: row.id,
      before: toMembership(row),
    });
    return toMembership(row);
  });
}
