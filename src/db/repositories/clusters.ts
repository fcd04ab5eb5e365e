import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../connection.ts';
import { clusterPlans, clusters, plans, programmes } from '../schema/index.ts';

export type ClusterRow = typeof clusters.$inferSelect;

const planCount = sql<number>`(select count(*)::int from ${clusterPlans} where ${clusterPlans.clusterId} = ${clusters.id})`;

export async function insertCluster(
  db: Database,
  values: Pick<
    typeof clusters.$inferInsert,
    'id' | 'name' | 'programme' | 'evaluationYear' | 'owner' | 'createdBy'
  >,
): Promise<ClusterRow> {
  const [row] = await db.insert(clusters).values(values).returning();
  return row!;
}

export async function findCluster(db: Database, id: string) {
  const [row] = await db
    .select({
      id: clusters.id,
      name: clusters.name,
      programme: clusters.programme,
      evaluationYear: clusters.evaluationYear,
      owner: clusters.owner,
      createdAt: clusters.createdAt,
      planCount,
    })
    .from(clusters)
    .where(eq(clusters.id, id));
  return row ?? null;
}

/** Name comparison ignores case, as people retype cluster names on the command line. */
export async function findClusterByName(db: Database, name: string) {
  const [row] = await db
    .select({ id: clusters.id })
    .from(clusters)
    .where(sql`lower(${clusters.name}) = lower(${name})`);
  return row ? findCluster(db, row.id) : null;
}

/** Clusters, all (ids null) or those named, by name. */
export async function listClusters(db: Database, ids: string[] | null) {
  if (ids && ids.length === 0) return [];
  return db
    .select({
      id: clusters.id,
      name: clusters.name,
      programme: clusters.programme,
      evaluationYear: clusters.evaluationYear,
      owner: clusters.owner,
      createdAt: clusters.createdAt,
      planCount,
    })
    .from(clusters)
    .where(ids ? inArray(clusters.id, ids) : undefined)
    .orderBy(asc(clusters.name));
}

/** The plans of a cluster, as rows of the plans table (without their tree). */
export async function listPlansOfCluster(db: Database, clusterId: string) {
  return db
    .select({
      planId: plans.id,
      title: plans.title,
      institution: sql<string | null>`${plans.data}->>'institution'`,
      programme: sql<string | null>`${plans.data}->>'programme'`,
      versionLabel: plans.versionLabel,
      updatedAt: plans.updatedAt,
      revision: plans.revision,
      programmeId: plans.programmeId,
      institutionId: programmes.institutionId,
    })
    .from(clusterPlans)
    .innerJoin(plans, eq(plans.id, clusterPlans.planId))
    .leftJoin(programmes, eq(programmes.id, plans.programmeId))
    .where(eq(clusterPlans.clusterId, clusterId))
    .orderBy(sql`${plans.data}->>'institution' nulls last`, asc(plans.title), asc(plans.id));
}

/** The clusters a plan belongs to. */
export async function listClusterIdsOfPlan(db: Database, planId: string): Promise<string[]> {
  const rows = await db
    .select({ clusterId: clusterPlans.clusterId })
    .from(clusterPlans)
    .where(eq(clusterPlans.planId, planId));
  return rows.map((r) => r.clusterId);
}

/** The clusters each of these plans belongs to, in one query (plans in none are absent). */
export async function listClusterIdsOfPlans(db: Database, planIds: string[]): Promise<Map<string, string[]>> {
  const byPlan = new Map<string, string[]>();
  if (planIds.length === 0) return byPlan;
  const rows = await db
    .select({ planId: clusterPlans.planId, clusterId: clusterPlans.clusterId })
    .from(clusterPlans)
    .where(inArray(clusterPlans.planId, planIds));
  for (const row of rows) {
    const ids = byPlan.get(row.planId);
    if (ids) ids.push(row.clusterId);
    else byPlan.set(row.planId, [row.clusterId]);
  }
  return byPlan;
}

/** Adds plans to a cluster; a plan already in it stays as it was. Returns the plans newly added. */
export async function insertClusterPlans(
  db: Database,
  clusterId: string,
  planIds: string[],
): Promise<string[]> {
  if (planIds.length === 0) return [];
  const rows = await db
    .insert(clusterPlans)
    .values(planIds.map((planId) => ({ clusterId, planId })))
    .onConflictDoNothing()
    .returning({ planId: clusterPlans.planId });
  return rows.map((r) => r.planId);
}

export async function deleteClusterPlan(db: Database, clusterId: string, planId: string): Promise<boolean> {
  const rows = await db
    .delete(clusterPlans)
    .where(sql`${clusterPlans.clusterId} = ${clusterId} and ${clusterPlans.planId} = ${planId}`)
    .returning({ planId: clusterPlans.planId });
  return rows.length > 0;
}
