import { JalonError } from '../../core/errors.ts';
import type { Action } from '../../core/plan-schema.ts';
import type { Database } from '../../db/connection.ts';
import {
  countActionsIn,
  findActionRow,
  findObjectiveRow,
  shiftActionsFrom,
  updateActionRow,
} from '../../db/repositories/plan-nodes.ts';
import { actionFromRow } from '../../db/repositories/plan-tree.ts';
import type { Actor } from '../auth/actor.ts';
import { conflictError, notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

/** Moves an action to `position` in an objective of the same plan (possibly the one it is in). */
export async function moveAction(
  db: Database,
  input: {
    actor: Actor;
    actionId: string;
    objectiveId: string;
    position: number;
    revision: number;
    authorize: (action: Action) => void;
  },
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
    const target = await findObjectiveRow(tx, input.objectiveId, true);
    if (!target || target.planId !== row.planId) {
      throw new JalonError(
        'BAD_INPUT',
        {
          fr: 'L’objectif de destination n’existe pas dans ce plan.',
          en: 'The destination objective does not exist in this plan.',
        },
        { location: { field: 'objectiveId' } },
      );
    }
    const from = { axisId: row.axisId, subdimensionId: row.subdimensionId, objectiveId: row.objectiveId };
    const to = { axisId: target.axisId, subdimensionId: target.subdimensionId, objectiveId: target.id };
    // Take the action out, close the gap, then open one where it goes.
    await shiftActionsFrom(tx, from, row.position + 1, -1);
    const count = (await countActionsIn(tx, to)) - (row.objectiveId === target.id ? 1 : 0);
    const position = Math.min(input.position, count);
    await shiftActionsFrom(tx, to, position, 1);
    const updated = await updateActionRow(tx, row.id, { ...to, position });
    await recordChange(tx, {
      actor: input.actor,
      planId: row.planId,
      action: 'move',
      objectType: 'action',
      objectId: row.id,
      before: { objectiveId: row.objectiveId, position: row.position },
      after: { objectiveId: target.id, position },
    });
    return { action: actionFromRow(updated), revision: updated.revision, planId: row.planId };
  });
}
