import { and, asc, desc, eq, gt, inArray, lt, max, notInArray } from 'drizzle-orm';
import type { Database } from '../connection.ts';
import { auditLog, comments, statusChanges } from '../schema/index.ts';

/** Writes an audit entry; its id is the entry's place in the log (live events name changes by it). */
export async function insertAuditEntry(db: Database, row: typeof auditLog.$inferInsert): Promise<number> {
  const [inserted] = await db.insert(auditLog).values(row).returning({ id: auditLog.id });
  return inserted!.id;
}

export async function insertStatusChange(db: Database, row: typeof statusChanges.$inferInsert) {
  const [inserted] = await db.insert(statusChanges).values(row).returning();
  return inserted!;
}

export async function insertComment(db: Database, row: typeof comments.$inferInsert) {
  const [inserted] = await db.insert(comments).values(row).returning();
  return inserted!;
}

export async function listStatusChanges(db: Database, actionId: string) {
  return db
    .select()
    .from(statusChanges)
    .where(eq(statusChanges.actionId, actionId))
    .orderBy(asc(statusChanges.id));
}

/** A plan's status changes (those recorded after `after`, a timestamp, when given), oldest first. */
export async function listStatusChangesOfPlan(db: Database, planId: string, after?: string) {
  return db
    .select()
    .from(statusChanges)
    .where(and(eq(statusChanges.planId, planId), after ? gt(statusChanges.at, after) : undefined))
    .orderBy(asc(statusChanges.id));
}

export async function listComments(db: Database, objectType: string, objectId: string) {
  return db
    .select()
    .from(comments)
    .where(and(eq(comments.objectType, objectType), eq(comments.objectId, objectId)))
    .orderBy(asc(comments.id));
}

/** Edits of one object (status changes and comments have their own lists). */
export async function listEdits(db: Database, objectType: string, objectId: string) {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.objectType, objectType),
        eq(auditLog.objectId, objectId),
        inArray(auditLog.action, ['create', 'update', 'move']),
      ),
    )
    .orderBy(asc(auditLog.id));
}

export async function listAuditOfPlan(db: Database, planId: string, limit: number) {
  return db
    .select()
    .from(auditLog)
    .where(eq(auditLog.planId, planId))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}

/** A deleted plan's status changes and comments (the audit log keeps its own record). */
export async function deleteStatusChangesAndCommentsOfPlan(db: Database, planId: string): Promise<void> {
  await db.delete(statusChanges).where(eq(statusChanges.planId, planId));
  await db.delete(comments).where(eq(comments.planId, planId));
}

export interface PlanChangesPage {
  limit: number;
  /** Only entries older than this id. */
  before?: number | undefined;
  /** Only these kinds of object. */
  objectTypes: string[];
  /** Leave these actions out. */
  excludeActions: string[];
}

/** A page of a plan's audit entries, newest first, restricted to the given kinds of object. */
export async function listPlanChanges(db: Database, planId: string, page: PlanChangesPage) {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.planId, planId),
        inArray(auditLog.objectType, page.objectTypes),
        page.excludeActions.length > 0 ? notInArray(auditLog.action, page.excludeActions) : undefined,
        page.before !== undefined ? lt(auditLog.id, page.before) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(page.limit);
}

/** A plan's audit entries after the given id, oldest first (what a live stream missed). */
export async function listPlanChangesAfter(
  db: Database,
  planId: string,
  page: Omit<PlanChangesPage, 'before'> & { after: number },
) {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.planId, planId),
        gt(auditLog.id, page.after),
        inArray(auditLog.objectType, page.objectTypes),
        page.excludeActions.length > 0 ? notInArray(auditLog.action, page.excludeActions) : undefined,
      ),
    )
    .orderBy(asc(auditLog.id))
    .limit(page.limit);
}

/** The id of a plan's latest audit entry, 0 when it has none. */
export async function latestPlanChangeId(db: Database, planId: string): Promise<number> {
  const [row] = await db
    .select({ id: max(auditLog.id) })
    .from(auditLog)
    .where(eq(auditLog.planId, planId));
  return Number(row?.id ?? 0);
}
