import { asc, eq } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { assignIds } from '../../core/plan-walk.ts';
import type { Action, Axis, Objective, Plan, Subdimension } from '../../core/plan-schema.ts';
import type { Database } from '../connection.ts';
import { actions, axes, objectives, plans, subdimensions } from '../schema/index.ts';

type ActionRow = typeof actions.$inferInsert;
type ObjectiveRow = typeof objectives.$inferInsert;

/** Rows per multi-row INSERT: large enough to be fast, small enough for PostgreSQL's 65k parameters. */
const BATCH = 500;

/** The plan's own fields: everything but its tree. */
function planData(plan: Plan): Omit<Plan, 'axes'> {
  const { axes: _axes, ...rest } = plan;
  return rest;
}

function axisData(axis: Axis) {
  const { id: _id, subdimensions: _s, objectives: _o, actions: _a, ...rest } = axis;
  return rest;
}

function subdimensionData(sub: Subdimension) {
  const { id: _id, objectives: _o, actions: _a, ...rest } = sub;
  return rest;
}

function objectiveData(objective: Objective) {
  const { id: _id, objectives: _o, actions: _a, ...rest } = objective;
  return rest;
}

function actionData(action: Action) {
  const { id: _id, ...rest } = action;
  return rest;
}

/** The queried columns of an action, derived from the action itself. */
export function actionColumns(action: Action) {
  return {
    kind: action.kind,
    text: action.text,
    status: action.status,
    priority: action.priority,
    sites: action.sites,
    responsibles: action.responsibles,
    deadlineFrom: action.deadlinePeriod?.from ?? null,
    deadlineTo: action.deadlinePeriod?.to ?? null,
    data: actionData(action),
  };
}

export function objectiveColumns(objective: Objective) {
  return { title: objective.title, data: objectiveData(objective) };
}

export function subdimensionColumns(sub: Subdimension) {
  return { title: sub.title, data: subdimensionData(sub) };
}

export function axisColumns(axis: Axis) {
  return { title: axis.title, data: axisData(axis) };
}

export function planColumns(plan: Plan) {
  return {
    title: plan.title,
    versionLabel: plan.version.label,
    siteCodes: plan.sites.map((s) => s.code),
    data: planData(plan),
  };
}

export interface SavePlanOptions {
  planId?: string;
  programmeId?: string | null;
}

/**
 * Stores a whole plan, in one transaction: the plan row, then its axes, sub-dimensions,
 * objectives and actions in multi-row inserts. Nodes without an id get one (the given plan is
 * mutated, so the caller sees the ids). Returns the plan's id.
 */
export async function savePlan(db: Database, plan: Plan, options: SavePlanOptions = {}): Promise<string> {
  assignIds(plan);
  const planId = options.planId ?? globalThis.crypto.randomUUID();
  const rows = flattenPlan(plan, planId);
  await db.transaction(async (tx) => {
    await tx
      .insert(plans)
      .values({ id: planId, programmeId: options.programmeId ?? null, ...planColumns(plan) });
    await insertBatched(tx, axes, rows.axes);
    await insertBatched(tx, subdimensions, rows.subdimensions);
    await insertBatched(tx, objectives, rows.objectives);
    await insertBatched(tx, actions, rows.actions);
  });
  return planId;
}

async function insertBatched<Row extends Record<string, unknown>>(
  db: Database,
  table: typeof axes | typeof subdimensions | typeof objectives | typeof actions,
  rows: Row[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await db.insert(table).values(rows.slice(i, i + BATCH) as never);
  }
}

/** The plan's tree as table rows, each with its position among its siblings. */
export function flattenPlan(plan: Plan, planId: string) {
  const out = {
    axes: [] as (typeof axes.$inferInsert)[],
    subdimensions: [] as (typeof subdimensions.$inferInsert)[],
    objectives: [] as ObjectiveRow[],
    actions: [] as ActionRow[],
  };
  const pushActions = (
    list: Action[],
    where: Pick<ActionRow, 'axisId' | 'subdimensionId' | 'objectiveId'>,
  ) => {
    list.forEach((action, position) =>
      out.actions.push({ id: action.id!, planId, position, ...where, ...actionColumns(action) }),
    );
  };
  const pushObjectives = (
    list: Objective[],
    axisId: string,
    subdimensionId: string | null,
    parentId: string | null,
  ) => {
    list.forEach((objective, position) => {
      out.objectives.push({
        id: objective.id!,
        planId,
        axisId,
        subdimensionId,
        parentId,
        position,
        ...objectiveColumns(objective),
      });
      pushActions(objective.actions, { axisId, subdimensionId, objectiveId: objective.id! });
      pushObjectives(objective.objectives, axisId, subdimensionId, objective.id!);
    });
  };
  plan.axes.forEach((axis, position) => {
    out.axes.push({ id: axis.id!, planId, position, ...axisColumns(axis) });
    pushActions(axis.actions, { axisId: axis.id!, subdimensionId: null, objectiveId: null });
    pushObjectives(axis.objectives, axis.id!, null, null);
    axis.subdimensions.forEach((sub, subPosition) => {
      out.subdimensions.push({
        id: sub.id!,
        planId,
        axisId: axis.id!,
        position: subPosition,
        title: sub.title,
        data: subdimensionData(sub),
      });
      pushActions(sub.actions, { axisId: axis.id!, subdimensionId: sub.id!, objectiveId: null });
      pushObjectives(sub.objectives, axis.id!, sub.id!, null);
    });
  });
  return out;
}

export interface LoadedPlan {
  plan: Plan;
  planRevision: number;
  programmeId: string | null;
  updatedAt: string;
  /** Revision of every axis, sub-dimension, objective and action, by id. */
  revisions: Record<string, number>;
}

/** Reads a whole plan back into the plan format, or null when there is no such plan. */
export async function loadPlanWithRevisions(db: Database, planId: string): Promise<LoadedPlan | null> {
  const [planRow] = await db.select().from(plans).where(eq(plans.id, planId));
  if (!planRow) return null;
  const queries = [
    () => db.select().from(axes).where(eq(axes.planId, planId)).orderBy(asc(axes.position)),
    () =>
      db
        .select()
        .from(subdimensions)
        .where(eq(subdimensions.planId, planId))
        .orderBy(asc(subdimensions.position)),
    () => db.select().from(objectives).where(eq(objectives.planId, planId)).orderBy(asc(objectives.position)),
    () =>
      db
        .select({
          id: actions.id,
          axisId: actions.axisId,
          subdimensionId: actions.subdimensionId,
          objectiveId: actions.objectiveId,
          data: actions.data,
          revision: actions.revision,
        })
        .from(actions)
        .where(eq(actions.planId, planId))
        .orderBy(asc(actions.position)),
  ] as const;
  // In parallel on the pool; one after the other in a transaction, whose one connection runs one query at a time.
  const [axisRows, subRows, objectiveRows, actionRows] =
    db instanceof PgTransaction
      ? [await queries[0](), await queries[1](), await queries[2](), await queries[3]()]
      : await Promise.all([queries[0](), queries[1](), queries[2](), queries[3]()]);
  const revisions: Record<string, number> = {};
  const actionsByParent = new Map<string, Action[]>();
  for (const row of actionRows) {
    const key = row.objectiveId ?? row.subdimensionId ?? `axis:${row.axisId}`;
    const list = actionsByParent.get(key) ?? [];
    list.push({ id: row.id, ...(row.data as Omit<Action, 'id'>) });
    actionsByParent.set(key, list);
    revisions[row.id] = row.revision;
  }
  const objectivesByParent = new Map<string, Objective[]>();
  const objectiveById = new Map<string, Objective>();
  for (const row of objectiveRows) {
    const objective = {
      id: row.id,
      ...(row.data as Omit<Objective, 'id' | 'objectives' | 'actions'>),
      objectives: [],
      actions: actionsByParent.get(row.id) ?? [],
    } as Objective;
    objectiveById.set(row.id, objective);
    revisions[row.id] = row.revision;
    const key = row.parentId ?? row.subdimensionId ?? `axis:${row.axisId}`;
    const list = objectivesByParent.get(key) ?? [];
    list.push(objective);
    objectivesByParent.set(key, list);
  }
  for (const [key, list] of objectivesByParent) {
    const parent = objectiveById.get(key);
    if (parent) parent.objectives = list;
  }
  const subsByAxis = new Map<string, Subdimension[]>();
  for (const row of subRows) {
    revisions[row.id] = row.revision;
    const list = subsByAxis.get(row.axisId) ?? [];
    list.push({
      id: row.id,
      ...(row.data as Omit<Subdimension, 'id' | 'objectives' | 'actions'>),
      objectives: objectivesByParent.get(row.id) ?? [],
      actions: actionsByParent.get(row.id) ?? [],
    });
    subsByAxis.set(row.axisId, list);
  }
  const planAxes: Axis[] = axisRows.map((row) => {
    revisions[row.id] = row.revision;
    return {
      id: row.id,
      ...(row.data as Omit<Axis, 'id' | 'subdimensions' | 'objectives' | 'actions'>),
      subdimensions: subsByAxis.get(row.id) ?? [],
      objectives: objectivesByParent.get(`axis:${row.id}`) ?? [],
      actions: actionsByParent.get(`axis:${row.id}`) ?? [],
    };
  });
  const plan = { ...(planRow.data as Omit<Plan, 'axes'>), axes: planAxes } as Plan;
  return {
    plan,
    planRevision: planRow.revision,
    programmeId: planRow.programmeId,
    updatedAt: planRow.updatedAt,
    revisions,
  };
}

/** Reads a whole plan back into the plan format, or null when there is no such plan. */
export async function loadPlan(db: Database, planId: string): Promise<Plan | null> {
  return (await loadPlanWithRevisions(db, planId))?.plan ?? null;
}

/** An action row back in the plan format. */
export function actionFromRow(row: { id: string; data: unknown }): Action {
  return { id: row.id, ...(row.data as Omit<Action, 'id'>) };
}

/** An objective row's own fields, without its children. */
export function objectiveFieldsFromRow(row: {
  id: string;
  data: unknown;
}): Omit<Objective, 'objectives' | 'actions'> {
  return { id: row.id, ...(row.data as Omit<Objective, 'id' | 'objectives' | 'actions'>) };
}

export function axisFieldsFromRow(row: {
  id: string;
  data: unknown;
}): Omit<Axis, 'subdimensions' | 'objectives' | 'actions'> {
  return { id: row.id, ...(row.data as Omit<Axis, 'id' | 'subdimensions' | 'objectives' | 'actions'>) };
}

export function subdimensionFieldsFromRow(row: {
  id: string;
  data: unknown;
}): Omit<Subdimension, 'objectives' | 'actions'> {
  return { id: row.id, ...(row.data as Omit<Subdimension, 'id' | 'objectives' | 'actions'>) };
}

/** The plan's own fields (everything but its tree), as stored in its row. */
export function planFieldsFromRow(row: { data: unknown }): Omit<Plan, 'axes'> {
  return row.data as Omit<Plan, 'axes'>;
}
