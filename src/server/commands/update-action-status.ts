import type { StatusUpdateRequest } from '../../core/api/actions.ts';
import type { Action } from '../../core/plan-schema.ts';
import { statusLabel } from '../../core/status.ts';
import type { Database } from '../../db/connection.ts';
import { insertStatusChange } from '../../db/repositories/history.ts';
import { findActionRow, updateActionRow } from '../../db/repositories/plan-nodes.ts';
import { actionColumns, actionFromRow } from '../../db/repositories/plan-tree.ts';
import type { Actor } from '../auth/actor.ts';
import { conflictError, notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

export interface UpdateActionStatusInput extends StatusUpdateRequest {
  actor: Actor;
  actionId: string;
  authorize: (current: Action) => void;
}

/**
 * Sets an action's status with the date it took effect and a comment: the action, its status
 * history entry and the audit entry are written in one transaction.
 */
export async function updateActionStatus(db: Database, input: UpdateActionStatusInput) {
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
    const after: Action = {
      ...current,
      status: input.status,
      statusLabel: input.statusLabel?.trim() || statusLabel(input.status, 'fr'),
    };
    const updated = await updateActionRow(tx, row.id, actionColumns(after));
    const change = await insertStatusChange(tx, {
      userId: input.actor.user.id,
      planId: row.planId,
      actionId: row.id,
      date: input.date,
      statusBefore: current.status,
      statusAfter: input.status,
      labelBefore: current.statusLabel,
      labelAfter: after.statusLabel,
      comment: input.comment?.trim() || null,
    });
    await recordChange(tx, {
      actor: input.actor,
      planId: row.planId,
      action: 'status',
      objectType: 'action',
      objectId: row.id,
      before: { status: current.status, statusLabel: current.statusLabel },
      after: { status: after.status, statusLabel: after.statusLabel, date: input.date },
    });
    return { action: actionFromRow(updated), revision: updated.revision, change, planId: row.planId };
  });
}
