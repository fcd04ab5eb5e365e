import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../connection.ts';
import {
  calendarFeeds,
  evidence,
  planVersions,
  reminderRuns,
  responsibleContacts,
} from '../schema/follow-up.ts';
import { plans } from '../schema/plans.ts';

export type PlanVersionRow = typeof planVersions.$inferSelect;
export type EvidenceRow = typeof evidence.$inferSelect;

const versionListColumns = {
  id: planVersions.id,
  planId: planVersions.planId,
  label: planVersions.label,
  versionDate: planVersions.versionDate,
  frozenBy: planVersions.frozenBy,
  publicSlug: planVersions.publicSlug,
  publishedAt: planVersions.publishedAt,
  createdAt: planVersions.createdAt,
};

export async function insertPlanVersion(db: Database, row: typeof planVersions.$inferInsert): Promise<void> {
  await db.insert(planVersions).values(row);
}

/** A plan's versions, oldest first, without their snapshots. */
export async function listPlanVersions(db: Database, planId: string) {
  return db
    .select(versionListColumns)
    .from(planVersions)
    .where(eq(planVersions.planId, planId))
    .orderBy(asc(planVersions.createdAt), asc(planVersions.id));
}

export async function findPlanVersion(
  db: Database,
  planId: string,
  versionId: string,
): Promise<PlanVersionRow | null> {
  const [row] = await db
    .select()
    .from(planVersions)
    .where(and(eq(planVersions.planId, planId), eq(planVersions.id, versionId)));
  return row ?? null;
}

export async function findLatestPlanVersion(db: Database, planId: string): Promise<PlanVersionRow | null> {
  const [row] = await db
    .select()
    .from(planVersions)
    .where(eq(planVersions.planId, planId))
    .orderBy(desc(planVersions.createdAt), desc(planVersions.id))
    .limit(1);
  return row ?? null;
}

export async function findPublishedVersion(db: Database, slug: string): Promise<PlanVersionRow | null> {
  const [row] = await db.select().from(planVersions).where(eq(planVersions.publicSlug, slug));
  return row ?? null;
}

export async function setVersionPublication(
  db: Database,
  versionId: string,
  slug: string | null,
): Promise<void> {
  await db
    .update(planVersions)
    .set({ publicSlug: slug, publishedAt: slug ? sql`now()` : null })
    .where(eq(planVersions.id, versionId));
}

/** Replaces the plan-level fields kept in the plan row's jsonb (the recommendations register, the version label). */
export async function updatePlanData(
  db: Database,
  planId: string,
  data: unknown,
  versionLabel?: string | null,
): Promise<void> {
  await db
    .update(plans)
    .set({ data, ...(versionLabel !== undefined ? { versionLabel } : {}) })
    .where(eq(plans.id, planId));
}

export async function findPlanData(db: Database, planId: string, forUpdate = false): Promise<unknown> {
  const query = db.select({ data: plans.data }).from(plans).where(eq(plans.id, planId));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row?.data ?? null;
}

export async function insertEvidence(db: Database, row: typeof evidence.$inferInsert): Promise<void> {
  await db.insert(evidence).values(row);
}

/** An action's evidence, without file contents. */
export async function listEvidenceOfAction(db: Database, actionId: string) {
  return db
    .select({
      id: evidence.id,
      actionId: evidence.actionId,
      kind: evidence.kind,
      title: evidence.title,
      url: evidence.url,
      fileName: evidence.fileName,
      mimeType: evidence.mimeType,
      size: evidence.size,
      sha256: evidence.sha256,
      createdBy: evidence.createdBy,
      createdAt: evidence.createdAt,
    })
    .from(evidence)
    .where(eq(evidence.actionId, actionId))
    .orderBy(asc(evidence.createdAt), asc(evidence.id));
}

export async function findEvidence(db: Database, id: string): Promise<EvidenceRow | null> {
  const [row] = await db.select().from(evidence).where(eq(evidence.id, id));
  return row ?? null;
}

export async function deleteEvidence(db: Database, id: string): Promise<void> {
  await db.delete(evidence).where(eq(evidence.id, id));
}

export async function listResponsibleContacts(db: Database, planId?: string) {
  const query = db.select().from(responsibleContacts);
  return (planId ? query.where(eq(responsibleContacts.planId, planId)) : query).orderBy(
    asc(responsibleContacts.planId),
    asc(responsibleContacts.responsible),
  );
}

export async function replaceResponsibleContacts(
  db: Database,
  planId: string,
  contacts: Array<{ responsible: string; email: string }>,
): Promise<void> {
  await db.delete(responsibleContacts).where(eq(responsibleContacts.planId, planId));
  if (contacts.length === 0) return;
  await db.insert(responsibleContacts).values(
    contacts.map((c) => ({
      id: globalThis.crypto.randomUUID(),
      planId,
      responsible: c.responsible,
      email: c.email,
    })),
  );
}

export async function insertCalendarFeed(
  db: Database,
  row: typeof calendarFeeds.$inferInsert,
): Promise<void> {
  await db.insert(calendarFeeds).values(row);
}

/** A user's calendar feeds (never their tokens, which are not kept). */
export async function listCalendarFeeds(db: Database, userId: string) {
  return db
    .select({ id: calendarFeeds.id, planId: calendarFeeds.planId, createdAt: calendarFeeds.createdAt })
    .from(calendarFeeds)
    .where(eq(calendarFeeds.userId, userId))
    .orderBy(asc(calendarFeeds.createdAt));
}

export async function deleteCalendarFeed(db: Database, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(calendarFeeds)
    .where(and(eq(calendarFeeds.userId, userId), eq(calendarFeeds.id, id)))
    .returning({ id: calendarFeeds.id });
  return rows.length > 0;
}

export async function findCalendarFeed(db: Database, tokenHash: string) {
  const [row] = await db.select().from(calendarFeeds).where(eq(calendarFeeds.tokenHash, tokenHash));
  return row ?? null;
}

/** Takes the day's reminder run; false when it was already taken (by another process or an earlier start). */
export async function claimReminderRun(db: Database, runDate: string): Promise<boolean> {
  const rows = await db
    .insert(reminderRuns)
    .values({ runDate })
    .onConflictDoNothing()
    .returning({ runDate: reminderRuns.runDate });
  return rows.length > 0;
}

export async function recordReminderRun(db: Database, runDate: string, sent: unknown): Promise<void> {
  await db.update(reminderRuns).set({ sent }).where(eq(reminderRuns.runDate, runDate));
}

export async function listPlanIds(db: Database): Promise<string[]> {
  const rows = await db.select({ id: plans.id }).from(plans).orderBy(asc(plans.createdAt));
  return rows.map((r) => r.id);
}
