import type { Action } from '../../core/plan-schema.ts';
import type { Database } from '../../db/connection.ts';
import { deleteActionRow, findActionRow, shiftActionsFrom } from '../../db/repositories/plan-nodes.ts';
import { actionFromRow } from '../../db/repositories/plan-tree.ts';
import type { Actor } from '../auth/actor.ts';
import { conflictError, notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

/** Deletes an action still at the revision the client read; the audit keeps what it was. */
export async function deleteAction(
  db: Database,
  input: { actor: Actor; actionId: string; revision: number; authorize: (action: Action) => void },
) {
  return db.transaction(async (tx) => {
    const row = await findActionRow(tx, input.actionId, true);
    if (!row) throw notFound('action');
    const current = actionFromRow(row);
    input.authorize(current);
    if (row.revision !== input.revision) {
      throw conflictError(
        'action',
        input.revision,
        { action: current, revision: row.revision },
        row.revision,
      );
    }
    await deleteActionRow(tx, row.id);
    await shiftActionsFrom(tx, row, row.position, -1);
    await recordChange(tx, {
      actor: input.actor,
      planId: row.planId,
      action: 'delete',
      objectType: 'action',
      objectId: row.id,
      before: current,
    });
    return { planId: row.planId };
  });
}
