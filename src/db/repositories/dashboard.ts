import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, notInArray, or, sql } from 'drizzle-orm';
import type { Database } from '../connection.ts';
import { actions, axes, plans } from '../schema/index.ts';

const closedStatuses = ['done', 'implemented', 'dropped'];
const statusKey = sql<string>`coalesce(${actions.status}, 'none')`;

/** Action counts per status, for one plan. */
export async function countByStatus(db: Database, planId: string) {
  return db
    .select({ status: statusKey, n: sql<number>`count(*)::int` })
    .from(actions)
    .where(eq(actions.planId, planId))
    .groupBy(statusKey);
}

/** Action counts per axis and status, axes in plan order. */
export async function countByAxis(db: Database, planId: string) {
  return db
    .select({
      axisId: axes.id,
      title: axes.title,
      position: axes.position,
      status: statusKey,
      n: sql<number>`count(${actions.id})::int`,
    })
    .from(axes)
    .leftJoin(actions, eq(actions.axisId, axes.id))
    .where(eq(axes.planId, planId))
    .groupBy(axes.id, axes.title, axes.position, statusKey)
    .orderBy(asc(axes.position));
}

/** Action counts per site and status; actions common to all sites are counted under "*". */
export async function countBySite(db: Database, planId: string) {
  const site = sql<string>`site`;
  return db
    .select({ site, status: statusKey, n: sql<number>`count(*)::int` })
    .from(
      sql`${actions} cross join lateral unnest(case when cardinality(${actions.sites}) = 0 then array['*'] else ${actions.sites} end) as site`,
    )
    .where(eq(actions.planId, planId))
    .groupBy(site, statusKey)
    .orderBy(site);
}

export async function countByResponsible(db: Database, planId: string) {
  const responsible = sql<string>`responsible`;
  return db
    .select({ responsible, status: statusKey, n: sql<number>`count(*)::int` })
    .from(sql`${actions} cross join lateral unnest(${actions.responsibles}) as responsible`)
    .where(eq(actions.planId, planId))
    .groupBy(responsible, statusKey)
    .orderBy(responsible);
}

/** Open actions whose deadline period ended before `today`, most overdue first. */
export async function listOverdueActions(db: Database, planId: string, today: string, limit = 200) {
  return db
    .select({
      id: actions.id,
      text: actions.text,
      sites: actions.sites,
      status: actions.status,
      deadline: sql<string | null>`${actions.data}->>'deadline'`,
      deadlineTo: actions.deadlineTo,
      responsibles: actions.responsibles,
    })
    .from(actions)
    .where(
      and(
        eq(actions.planId, planId),
        isNotNull(actions.deadlineTo),
        lt(actions.deadlineTo, today),
        or(isNull(actions.status), notInArray(actions.status, closedStatuses)),
      ),
    )
    .orderBy(asc(actions.deadlineTo))
    .limit(limit);
}

/**
 * French full-text search over actions' text, in the plans given (or all when `planIds` is null).
 * Ranking every match of a common word among a million actions is what costs; the best
 * `limit` are taken from the first `candidates` matches the index yields.
 */
export async function searchActions(
  db: Database,
  query: string,
  planIds: string[] | null,
  limit = 20,
  candidates = 2000,
) {
  const tsquery = sql`websearch_to_tsquery('french', ${query})`;
  const hits = db
    .select({
      id: actions.id,
      planId: actions.planId,
      text: actions.text,
      searchVector: actions.searchVector,
    })
    .from(actions)
    .where(
      and(
        sql`${actions.searchVector} @@ ${tsquery}`,
        planIds === null ? undefined : planIds.length > 0 ? inArray(actions.planId, planIds) : sql`false`,
      ),
    )
    .limit(candidates)
    .as('hits');
  const rank = sql<number>`ts_rank(${hits.searchVector}, ${tsquery})`;
  return db
    .select({ planId: hits.planId, planTitle: plans.title, actionId: hits.id, text: hits.text, rank })
    .from(hits)
    .innerJoin(plans, eq(plans.id, hits.planId))
    .orderBy(desc(rank))
    .limit(limit);
}
