import { and, eq, gte, isNull, sql } from 'drizzle-orm';
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
