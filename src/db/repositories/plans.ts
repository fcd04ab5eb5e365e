import { desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Database } from '../connection.ts';
import { prepared } from '../prepared-query.ts';
import { actions, clusterPlans, plans, programmes } from '../schema/index.ts';

/** The organisational place of a plan: what memberships can grant access to it. */
export interface PlanScope {
  planId: string;
  programmeId: string | null;
  institutionId: string | null;
  /** The clusters holding the plan, when the actor holds a role over some cluster (never cached). */
  clusterIds?: string[];
  /** Bumped by every write anywhere in the plan: what a cached copy is checked against. */
  revision?: number;
}

export async function findPlanScope(db: Database, planId: string): Promise<PlanScope | null> {
  const query = prepared(db, 'find_plan_scope', (d) =>
    d
      .select({
        planId: plans.id,
        programmeId: plans.programmeId,
        institutionId: programmes.institutionId,
        revision: plans.revision,
      })
      .from(plans)
      .leftJoin(programmes, eq(programmes.id, plans.programmeId))
      .where(eq(plans.id, sql.placeholder('planId')))
      .prepare('find_plan_scope'),
  );
  const [row] = await query.execute({ planId });
  return row ?? null;
}

/** The plan's revision (bumped by every write in it), or null when there is no such plan. */
export async function findPlanRevision(db: Database, planId: string): Promise<number | null> {
  const query = prepared(db, 'find_plan_revision', (d) =>
    d
      .select({ revision: plans.revision })
      .from(plans)
      .where(eq(plans.id, sql.placeholder('planId')))
      .prepare('find_plan_revision'),
  );
  const [row] = await query.execute({ planId });
  return row?.revision ?? null;
}

export interface PlanListFilter {
  /** All plans (an admin); otherwise only those reachable through these ids. */
  all: boolean;
  planIds: string[];
  programmeIds: string[];
  institutionIds: string[];
  /** Clusters whose plans are reached (as a reader). */
  clusterIds?: string[];
}

export async function listPlanSummaries(db: Database, filter: PlanListFilter) {
  const conditions = [
    filter.planIds.length > 0 ? inArray(plans.id, filter.planIds) : undefined,
    filter.programmeIds.length > 0 ? inArray(plans.programmeId, filter.programmeIds) : undefined,
    filter.institutionIds.length > 0 ? inArray(programmes.institutionId, filter.institutionIds) : undefined,
    filter.clusterIds && filter.clusterIds.length > 0
      ? inArray(
          plans.id,
          db
            .select({ planId: clusterPlans.planId })
            .from(clusterPlans)
            .where(inArray(clusterPlans.clusterId, filter.clusterIds)),
        )
      : undefined,
  ].filter((c) => c !== undefined);
  if (!filter.all && conditions.length === 0) return [];
  return db
    .select({
      id: plans.id,
      title: plans.title,
      institution: sql<string | null>`${plans.data}->>'institution'`,
      programme: sql<string | null>`${plans.data}->>'programme'`,
      versionLabel: plans.versionLabel,
      updatedAt: plans.updatedAt,
      siteCodes: plans.siteCodes,
      actionCount: sql<number>`(select count(*)::int from ${actions} where ${actions.planId} = ${plans.id})`,
    })
    .from(plans)
    .leftJoin(programmes, eq(programmes.id, plans.programmeId))
    .where(filter.all ? undefined : or(...conditions))
    .orderBy(desc(plans.updatedAt));
}

export async function countPlans(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(plans);
  return row?.n ?? 0;
}

/** Marks a plan as changed: its "updated at", and its revision that invalidates cached copies. */
/** Bumps a plan's revision and "updated at": the new revision, or null when the plan is gone. */
export async function touchPlan(db: Database, planId: string): Promise<number | null> {
  const [row] = await db
    .update(plans)
    .set({ updatedAt: sql`now()`, revision: sql`${plans.revision} + 1` })
    .where(eq(plans.id, planId))
    .returning({ revision: plans.revision });
  return row?.revision ?? null;
}

export type PlanRow = typeof plans.$inferSelect;

/** A plan's row, locked for update when `forUpdate` (inside a transaction). */
export async function findPlanRow(db: Database, planId: string, forUpdate = false): Promise<PlanRow | null> {
  const query = db.select().from(plans).where(eq(plans.id, planId));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

/** Writes a plan's own fields; the revision is bumped by `touchPlan`, as for any write in the plan. */
export async function updatePlanRow(
  db: Database,
  planId: string,
  values: Pick<typeof plans.$inferInsert, 'title' | 'versionLabel' | 'siteCodes' | 'data'>,
): Promise<void> {
  await db.update(plans).set(values).where(eq(plans.id, planId));
}

/** Deletes a plan; its tree, versions, evidence, contacts and calendar feeds go with it (foreign keys). */
export async function deletePlanRow(db: Database, planId: string): Promise<void> {
  await db.delete(plans).where(eq(plans.id, planId));
}
