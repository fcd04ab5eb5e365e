import type { Axis, Objective, Plan, Subdimension } from '../../core/plan-schema.ts';
import type { Database } from '../../db/connection.ts';
import {
  deleteAxisRow,
  deleteObjectiveRows,
  deleteSubdimensionRow,
  findAxisRow,
  findObjectiveRow,
  findSubdimensionRow,
  listObjectiveSubtreeIds,
  shiftAxesFrom,
  shiftObjectivesFrom,
  shiftSubdimensionsFrom,
} from '../../db/repositories/plan-nodes.ts';
import {
  axisFieldsFromRow,
  loadPlan,
  objectiveFieldsFromRow,
  subdimensionFieldsFromRow,
} from '../../db/repositories/plan-tree.ts';
import type { Actor } from '../auth/actor.ts';
import { conflictError, notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

type Node = Axis | Subdimension | Objective;

/** The node with this id in the plan, with everything under it. */
function findNode(plan: Plan, id: string): Node | null {
  const inObjectives = (list: Objective[]): Objective | null => {
    for (const o of list) {
      if (o.id === id) return o;
      const found = inObjectives(o.objectives);
      if (found) return found;
    }
    return null;
  };
  for (const axis of plan.axes) {
    if (axis.id === id) return axis;
    const found =
      inObjectives(axis.objectives) ??
      axis.subdimensions.find((s) => s.id === id) ??
      axis.subdimensions.map((s) => inObjectives(s.objectives)).find((o) => o !== null) ??
      null;
    if (found) return found;
  }
  return null;
}

/**
 * What the audit keeps of a deleted node: the node with its whole subtree (sub-dimensions,
 * objectives, actions), so that nothing deleted is beyond recovery.
 */
async function subtreeOf(tx: Database, planId: string, id: string): Promise<Node | null> {
  const plan = await loadPlan(tx, planId);
  return plan ? findNode(plan, id) : null;
}

interface DeleteInput {
  actor: Actor;
  id: string;
  revision: number;
}

/** Deletes an axis still at the revision the client read, with its sub-dimensions, objectives and actions. */
export async function deleteAxis(db: Database, input: DeleteInput) {
  return db.transaction(async (tx) => {
    const row = await findAxisRow(tx, input.id, true);
    if (!row) throw notFound('axis');
    if (row.revision !== input.revision) {
      const current = { axis: axisFieldsFromRow(row), revision: row.revision };
      throw conflictError('axis', input.revision, current, row.revision);
    }
    const before = await subtreeOf(tx, row.planId, row.id);
    await deleteAxisRow(tx, row.id);
    await shiftAxesFrom(tx, row.planId, row.position, -1);
    await recordChange(tx, {
      actor: input.actor,
      planId: row.planId,
      action: 'delete',
      objectType: 'axis',
      objectId: row.id,
      before: { ...before, position: row.position },
    });
    return { planId: row.planId };
  });
}

/** Deletes a sub-dimension still at the revision the client read, with its objectives and actions. */
export async function deleteSubdimension(db: Database, input: DeleteInput) {
  return db.transaction(async (tx) => {
    const row = await findSubdimensionRow(tx, input.id, true);
    if (!row) throw notFound('subdimension');
    if (row.revision !== input.revision) {
      const current = { subdimension: subdimensionFieldsFromRow(row), revision: row.revision };
      throw conflictError('subdimension', input.revision, current, row.revision);
    }
    const before = await subtreeOf(tx, row.planId, row.id);
    await deleteSubdimensionRow(tx, row.id);
    await shiftSubdimensionsFrom(tx, row.axisId, row.position, -1);
    await recordChange(tx, {
      actor: input.actor,
      planId: row.planId,
      action: 'delete',
      objectType: 'subdimension',
      objectId: row.id,
      before: { ...before, axisId: row.axisId, position: row.position },
    });
    return { planId: row.planId };
  });
}

/** Deletes an objective still at the revision the client read, with its operational objectives and actions. */
export async function deleteObjective(db: Database, input: DeleteInput) {
  return db.transaction(async (tx) => {
    const row = await findObjectiveRow(tx, input.id, true);
    if (!row) throw notFound('objective');
    if (row.revision !== input.revision) {
      const current = { objective: objectiveFieldsFromRow(row), revision: row.revision };
      throw conflictError('objective', input.revision, current, row.revision);
    }
    const before = await subtreeOf(tx, row.planId, row.id);
    await deleteObjectiveRows(tx, await listObjectiveSubtreeIds(tx, row.id));
    const container = { axisId: row.axisId, subdimensionId: row.subdimensionId, parentId: row.parentId };
    await shiftObjectivesFrom(tx, container, row.position, -1);
    await recordChange(tx, {
      actor: input.actor,
      planId: row.planId,
      action: 'delete',
      objectType: 'objective',
      objectId: row.id,
      before: { ...before, ...container, position: row.position },
    });
    return { planId: row.planId };
  });
}
