import type { z } from 'zod';
import type {
  axisInputSchema,
  objectiveInputSchema,
  subdimensionInputSchema,
} from '../../core/api/plan-nodes.ts';
import { axisSchema, objectiveSchema, subdimensionSchema } from '../../core/plan-schema.ts';
import type { Database } from '../../db/connection.ts';
import {
  countAxesOfPlan,
  countObjectivesIn,
  countSubdimensionsOfAxis,
  findAxisRow,
  findObjectiveRow,
  findSubdimensionRow,
  insertAxisRow,
  insertObjectiveRow,
  insertSubdimensionRow,
  shiftAxesFrom,
  shiftObjectivesFrom,
  shiftSubdimensionsFrom,
  type ObjectiveContainer,
} from '../../db/repositories/plan-nodes.ts';
import {
  axisColumns,
  axisFieldsFromRow,
  objectiveColumns,
  objectiveFieldsFromRow,
  subdimensionColumns,
  subdimensionFieldsFromRow,
} from '../../db/repositories/plan-tree.ts';
import { findPlanRow } from '../../db/repositories/plans.ts';
import type { Actor } from '../auth/actor.ts';
import { notFound } from './conflict.ts';
import { recordChange } from './record-change.ts';

/** `position` clamped to the end of a list of `count` siblings. */
function insertionPoint(position: number | undefined, count: number): number {
  return Math.min(position ?? count, count);
}

/** Adds an axis to a plan, at `position` among its axes or at the end. */
export async function createAxis(
  db: Database,
  input: {
    actor: Actor;
    planId: string;
    axis: z.infer<typeof axisInputSchema>;
    position?: number | undefined;
  },
) {
  return db.transaction(async (tx) => {
    // The plan row is the parent: locking it keeps two concurrent inserts from taking one position.
    if (!(await findPlanRow(tx, input.planId, true))) throw notFound('plan');
    const axis = axisSchema.parse({ ...input.axis, id: globalThis.crypto.randomUUID() });
    const position = insertionPoint(input.position, await countAxesOfPlan(tx, input.planId));
    await shiftAxesFrom(tx, input.planId, position, 1);
    const row = await insertAxisRow(tx, {
      id: axis.id!,
      planId: input.planId,
      position,
      ...axisColumns(axis),
    });
    const created = axisFieldsFromRow(row);
    await recordChange(tx, {
      actor: input.actor,
      planId: input.planId,
      action: 'create',
      objectType: 'axis',
      objectId: row.id,
      after: { ...created, position },
    });
    return { axis: created, revision: row.revision, planId: input.planId };
  });
}

/** Adds a sub-dimension to an axis, at `position` or at the end. */
export async function createSubdimension(
  db: Database,
  input: {
    actor: Actor;
    axisId: string;
    subdimension: z.infer<typeof subdimensionInputSchema>;
    position?: number | undefined;
  },
) {
  return db.transaction(async (tx) => {
    const axis = await findAxisRow(tx, input.axisId, true);
    if (!axis) throw notFound('axis');
    const sub = subdimensionSchema.parse({ ...input.subdimension, id: globalThis.crypto.randomUUID() });
    const position = insertionPoint(input.position, await countSubdimensionsOfAxis(tx, axis.id));
    await shiftSubdimensionsFrom(tx, axis.id, position, 1);
    const row = await insertSubdimensionRow(tx, {
      id: sub.id!,
      planId: axis.planId,
      axisId: axis.id,
      position,
      ...subdimensionColumns(sub),
    });
    const created = subdimensionFieldsFromRow(row);
    await recordChange(tx, {
      actor: input.actor,
      planId: axis.planId,
      action: 'create',
      objectType: 'subdimension',
      objectId: row.id,
      after: { ...created, axisId: axis.id, position },
    });
    return { subdimension: created, revision: row.revision, planId: axis.planId };
  });
}

/** Where a new objective goes: straight under an axis or a sub-dimension, or under a general objective (an operational one). */
export type ObjectiveParent = { kind: 'axis' | 'subdimension' | 'objective'; id: string };

/** The parent locked for the insert, as a container of objectives, with its plan. */
async function lockObjectiveParent(
  tx: Database,
  parent: ObjectiveParent,
): Promise<{ planId: string; container: ObjectiveContainer }> {
  if (parent.kind === 'objective') {
    const row = await findObjectiveRow(tx, parent.id, true);
    if (!row) throw notFound('objective');
    return {
      planId: row.planId,
      container: { axisId: row.axisId, subdimensionId: row.subdimensionId, parentId: row.id },
    };
  }
  if (parent.kind === 'subdimension') {
    const row = await findSubdimensionRow(tx, parent.id, true);
    if (!row) throw notFound('subdimension');
    return { planId: row.planId, container: { axisId: row.axisId, subdimensionId: row.id, parentId: null } };
  }
  const row = await findAxisRow(tx, parent.id, true);
  if (!row) throw notFound('axis');
  return { planId: row.planId, container: { axisId: row.id, subdimensionId: null, parentId: null } };
}

/** Adds an objective under an axis, a sub-dimension or a general objective, at `position` or at the end. */
export async function createObjective(
  db: Database,
  input: {
    actor: Actor;
    parent: ObjectiveParent;
    objective: z.infer<typeof objectiveInputSchema>;
    position?: number | undefined;
  },
) {
  return db.transaction(async (tx) => {
    const { planId, container } = await lockObjectiveParent(tx, input.parent);
    const objective = objectiveSchema.parse({ ...input.objective, id: globalThis.crypto.randomUUID() });
    const position = insertionPoint(input.position, await countObjectivesIn(tx, container));
    await shiftObjectivesFrom(tx, container, position, 1);
    const row = await insertObjectiveRow(tx, {
      id: objective.id!,
      planId,
      ...container,
      position,
      ...objectiveColumns(objective),
    });
    const created = objectiveFieldsFromRow(row);
    await recordChange(tx, {
      actor: input.actor,
      planId,
      action: 'create',
      objectType: 'objective',
      objectId: row.id,
      after: { ...created, ...container, position },
    });
    return { objective: created, revision: row.revision, planId };
  });
}
