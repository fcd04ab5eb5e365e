import { and, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../connection.ts';
import { actions, axes, objectives, subdimensions } from '../schema/index.ts';

export type ActionRow = typeof actions.$inferSelect;
export type ObjectiveRow = typeof objectives.$inferSelect;
export type AxisRow = typeof axes.$inferSelect;
export type SubdimensionRow = typeof subdimensions.$inferSelect;

/** One action, locked for update when `forUpdate` (inside a transaction). */
export async function findActionRow(db: Database, id: string, forUpdate = false): Promise<ActionRow | null> {
  const query = db.select().from(actions).where(eq(actions.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

export async function findObjectiveRow(
  db: Database,
  id: string,
  forUpdate = false,
): Promise<ObjectiveRow | null> {
  const query = db.select().from(objectives).where(eq(objectives.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

export async function findAxisRow(db: Database, id: string, forUpdate = false): Promise<AxisRow | null> {
  const query = db.select().from(axes).where(eq(axes.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

export async function findSubdimensionRow(
  db: Database,
  id: string,
  forUpdate = false,
): Promise<SubdimensionRow | null> {
  const query = db.select().from(subdimensions).where(eq(subdimensions.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

export async function updateActionRow(
  db: Database,
  id: string,
  values: Partial<typeof actions.$inferInsert>,
): Promise<ActionRow> {
  const [row] = await db
    .update(actions)
    .set({ ...values, revision: sql`${actions.revision} + 1`, updatedAt: sql`now()` })
    .where(eq(actions.id, id))
    .returning();
  return row!;
}

export async function updateObjectiveRow(
  db: Database,
  id: string,
  values: Partial<typeof objectives.$inferInsert>,
) {
  const [row] = await db
    .update(objectives)
    .set({ ...values, revision: sql`${objectives.revision} + 1` })
    .where(eq(objectives.id, id))
    .returning();
  return row!;
}

export async function updateAxisRow(db: Database, id: string, values: Partial<typeof axes.$inferInsert>) {
  const [row] = await db
    .update(axes)
    .set({ ...values, revision: sql`${axes.revision} + 1` })
    .where(eq(axes.id, id))
    .returning();
  return row!;
}

export async function insertActionRow(db: Database, row: typeof actions.$inferInsert): Promise<ActionRow> {
  const [inserted] = await db.insert(actions).values(row).returning();
  return inserted!;
}

export async function deleteActionRow(db: Database, id: string): Promise<void> {
  await db.delete(actions).where(eq(actions.id, id));
}

/** Where an action sits: an objective, or straight under a sub-dimension or an axis. */
export interface ActionContainer {
  axisId: string;
  subdimensionId: string | null;
  objectiveId: string | null;
}

function inContainer(container: ActionContainer) {
  if (container.objectiveId) return eq(actions.objectiveId, container.objectiveId);
  return and(
    isNull(actions.objectiveId),
    container.subdimensionId
      ? eq(actions.subdimensionId, container.subdimensionId)
      : isNull(actions.subdimensionId),
    eq(actions.axisId, container.axisId),
  );
}

export async function countActionsIn(db: Database, container: ActionContainer): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(actions)
    .where(inContainer(container));
  return row?.n ?? 0;
}

/** Opens (+1) or closes (-1) a gap at `position` among a container's actions. */
export async function shiftActionsFrom(
  db: Database,
  container: ActionContainer,
  position: number,
  by: 1 | -1,
): Promise<void> {
  await db
    .update(actions)
    .set({ position: sql`${actions.position} + ${by}` })
    .where(and(inContainer(container), gte(actions.position, position)));
}

export async function updateSubdimensionRow(
  db: Database,
  id: string,
  values: Partial<typeof subdimensions.$inferInsert>,
) {
  const [row] = await db
    .update(subdimensions)
    .set({ ...values, revision: sql`${subdimensions.revision} + 1` })
    .where(eq(subdimensions.id, id))
    .returning();
  return row!;
}

export async function insertAxisRow(db: Database, row: typeof axes.$inferInsert): Promise<AxisRow> {
  const [inserted] = await db.insert(axes).values(row).returning();
  return inserted!;
}

export async function insertSubdimensionRow(
  db: Database,
  row: typeof subdimensions.$inferInsert,
): Promise<SubdimensionRow> {
  const [inserted] = await db.insert(subdimensions).values(row).returning();
  return inserted!;
}

export async function insertObjectiveRow(
  db: Database,
  row: typeof objectives.$inferInsert,
): Promise<ObjectiveRow> {
  const [inserted] = await db.insert(objectives).values(row).returning();
  return inserted!;
}

/** Deletes an axis; its sub-dimensions, objectives and actions go with it (foreign keys). */
export async function deleteAxisRow(db: Database, id: string): Promise<void> {
  await db.delete(axes).where(eq(axes.id, id));
}

/** Deletes a sub-dimension; its objectives and actions go with it (foreign keys). */
export async function deleteSubdimensionRow(db: Database, id: string): Promise<void> {
  await db.delete(subdimensions).where(eq(subdimensions.id, id));
}

/** Deletes objectives; their actions go with them (foreign key). */
export async function deleteObjectiveRows(db: Database, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.delete(objectives).where(inArray(objectives.id, ids));
}

/**
 * An objective and every operational objective under it, at any depth. `parent_id` has no
 * foreign key (an objective's parent is another row of the same table), so deleting one does
 * not cascade by itself.
 */
export async function listObjectiveSubtreeIds(db: Database, objectiveId: string): Promise<string[]> {
  const result = (await db.execute(sql`
    with recursive subtree(id) as (
      select ${objectives.id} from ${objectives} where ${objectives.id} = ${objectiveId}
      union all
      select o.id from ${objectives} o join subtree s on o.parent_id = s.id
    )
    select id from subtree`)) as unknown as { rows: Array<{ id: string }> };
  return result.rows.map((r) => r.id);
}

export async function countAxesOfPlan(db: Database, planId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(axes)
    .where(eq(axes.planId, planId));
  return row?.n ?? 0;
}

/** Opens (+1) or closes (-1) a gap at `position` among a plan's axes. */
export async function shiftAxesFrom(db: Database, planId: string, position: number, by: 1 | -1) {
  await db
    .update(axes)
    .set({ position: sql`${axes.position} + ${by}` })
    .where(and(eq(axes.planId, planId), gte(axes.position, position)));
}

export async function countSubdimensionsOfAxis(db: Database, axisId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(subdimensions)
    .where(eq(subdimensions.axisId, axisId));
  return row?.n ?? 0;
}

/** Opens (+1) or closes (-1) a gap at `position` among an axis's sub-dimensions. */
export async function shiftSubdimensionsFrom(db: Database, axisId: string, position: number, by: 1 | -1) {
  await db
    .update(subdimensions)
    .set({ position: sql`${subdimensions.position} + ${by}` })
    .where(and(eq(subdimensions.axisId, axisId), gte(subdimensions.position, position)));
}

/** Where an objective sits: under a general objective, a sub-dimension, or straight under an axis. */
export interface ObjectiveContainer {
  axisId: string;
  subdimensionId: string | null;
  parentId: string | null;
}

function inObjectiveContainer(container: ObjectiveContainer) {
  if (container.parentId) return eq(objectives.parentId, container.parentId);
  return and(
    isNull(objectives.parentId),
    container.subdimensionId
      ? eq(objectives.subdimensionId, container.subdimensionId)
      : isNull(objectives.subdimensionId),
    eq(objectives.axisId, container.axisId),
  );
}

export async function countObjectivesIn(db: Database, container: ObjectiveContainer): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(objectives)
    .where(inObjectiveContainer(container));
  return row?.n ?? 0;
}

/** Opens (+1) or closes (-1) a gap at `position` among a container's objectives. */
export async function shiftObjectivesFrom(
  db: Database,
  container: ObjectiveContainer,
  position: number,
  by: 1 | -1,
): Promise<void> {
  await db
    .update(objectives)
    .set({ position: sql`${objectives.position} + ${by}` })
    .where(and(inObjectiveContainer(container), gte(objectives.position, position)));
}

/** How many actions of a plan name one of these site codes. */
export async function countActionsOfSites(db: Database, planId: string, codes: string[]): Promise<number> {
  if (codes.length === 0) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(actions)
    .where(
      and(
        eq(actions.planId, planId),
        sql`${actions.sites} && array[${sql.join(
          codes.map((c) => sql`${c}`),
          sql`, `,
        )}]::text[]`,
      ),
    );
  return row?.n ?? 0;
}

/**
 * Locks every axis, sub-dimension, objective and action of a plan, in that order. Writes lock
 * the node they change and then the plan row (its revision): a write over the whole plan takes
 * the same order, children first, or the two would wait on each other.
 */
export async function lockPlanNodes(db: Database, planId: string): Promise<void> {
  await db.select({ id: axes.id }).from(axes).where(eq(axes.planId, planId)).for('update');
  await db
    .select({ id: subdimensions.id })
    .from(subdimensions)
    .where(eq(subdimensions.planId, planId))
    .for('update');
  await db.select({ id: objectives.id }).from(objectives).where(eq(objectives.planId, planId)).for('update');
  await db.select({ id: actions.id }).from(actions).where(eq(actions.planId, planId)).for('update');
}
