import { actionSchema, type Action, type ActionInput } from '../../core/plan-schema.ts';
import type { Database } from '../../db/connection.ts';
import {
  countActionsIn,
  findObjectiveRow,
  insertActionRow,
  shiftActionsFrom,
} from '../../db/repositories/plan-nodes.ts';
import { actionColumns, actionFromRow } from '../../db/repositories/plan-tree.ts';
import type { Actor } from '../auth/actor.ts';
import { notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

/** Adds an action to an objective, at `position` or at the end. */
export async function createAction(
  db: Database,
  input: {
    actor: Actor;
    objectiveId: string;
    action: Omit<ActionInput, 'id'>;
    position?: number | undefined;
    authorize: (action: Action, planId: string) => void;
  },
) {
  return db.transaction(async (tx) => {
    const objective = await findObjectiveRow(tx, input.objectiveId, true);
    if (!objective) throw notFound('Objectif');
    const action = actionSchema.parse({ ...input.action, id: globalThis.crypto.randomUUID() });
    input.authorize(action, objective.planId);
    const container = {
      axisId: objective.axisId,
      subdimensionId: objective.subdimensionId,
      objectiveId: objective.id,
    };
    const count = await countActionsIn(tx, container);
    const position = Math.min(input.position ?? count, count);
    await shiftActionsFrom(tx, container, position, 1);
    const row = await insertActionRow(tx, {
      id: action.id!,
      planId: objective.planId,
      ...container,
      position,
      ...actionColumns(action),
    });
    await recordChange(tx, {
      actor: input.actor,
      planId: objective.planId,
      action: 'create',
      objectType: 'action',
      objectId: row.id,
      after: action,
    });
    return { action: actionFromRow(row), revision: row.revision, planId: objective.planId };
  });
}
