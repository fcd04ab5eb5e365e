import { actionSchema, type Action, type ActionInput } from '../../core/plan-schema.ts';
import type { Database } from '../../db/connection.ts';
import {
  countActionsIn,
  findAxisRow,
  findObjectiveRow,
  findSubdimensionRow,
  insertActionRow,
  shiftActionsFrom,
  type ActionContainer,
} from '../../db/repositories/plan-nodes.ts';
import { actionColumns, actionFromRow } from '../../db/repositories/plan-tree.ts';
import type { Actor } from '../auth/actor.ts';
import { notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';
import { assertCustomFieldsFit } from './update-action.ts';

/** Where a new action goes: an objective, or straight under a sub-dimension or an axis (the AEQES template). */
export type ActionParent = { kind: 'objective' | 'subdimension' | 'axis'; id: string };

/** The parent locked for the insert, as a container of actions, with its plan. */
async function lockParent(
  tx: Database,
  parent: ActionParent,
): Promise<{ planId: string; container: ActionContainer }> {
  if (parent.kind === 'objective') {
    const row = await findObjectiveRow(tx, parent.id, true);
    if (!row) throw notFound('objective');
    return {
      planId: row.planId,
      container: { axisId: row.axisId, subdimensionId: row.subdimensionId, objectiveId: row.id },
    };
  }
  if (parent.kind === 'subdimension') {
    const row = await findSubdimensionRow(tx, parent.id, true);
    if (!row) throw notFound('subdimension');
    return {
      planId: row.planId,
      container: { axisId: row.axisId, subdimensionId: row.id, objectiveId: null },
    };
  }
  const row = await findAxisRow(tx, parent.id, true);
  if (!row) throw notFound('axis');
  return { planId: row.planId, container: { axisId: row.id, subdimensionId: null, objectiveId: null } };
}

/** Adds an action to an objective, a sub-dimension or an axis, at `position` or at the end. */
export async function createAction(
  db: Database,
  input: {
    actor: Actor;
    parent: ActionParent;
    action: Omit<ActionInput, 'id'>;
    position?: number | undefined;
    authorize: (action: Action, planId: string) => void;
  },
) {
  return db.transaction(async (tx) => {
    const { planId, container } = await lockParent(tx, input.parent);
    const action = actionSchema.parse({ ...input.action, id: globalThis.crypto.randomUUID() });
    input.authorize(action, planId);
    await assertCustomFieldsFit(tx, planId, action);
    const count = await countActionsIn(tx, container);
    const position = Math.min(input.position ?? count, count);
    await shiftActionsFrom(tx, container, position, 1);
    const row = await insertActionRow(tx, {
      id: action.id!,
      planId,
      ...container,
      position,
      ...actionColumns(action),
    });
    await recordChange(tx, {
      actor: input.actor,
      planId,
      action: 'create',
      objectType: 'action',
      objectId: row.id,
      after: action,
    });
    return { action: actionFromRow(row), revision: row.revision, planId };
  });
}
