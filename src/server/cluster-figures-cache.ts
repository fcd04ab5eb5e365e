import { computeClusterPlanFigures, type ClusterPlanFigures } from '../core/cluster-stats.ts';
import type { ServerContext } from './context.ts';

interface Entry {
  revision: number;
  today: string;
  figures: ClusterPlanFigures;
}

const MAX_ENTRIES = 10_000;
const caches = new WeakMap<ServerContext, Map<string, Entry>>();

/**
 * A plan's cluster-page figures, kept per plan revision and day. Every write in a plan bumps its
 * revision, and the figures are a function of the plan and today's date alone
 * (`computeClusterPlanFigures`, the dashboard's computations), so figures stored for the
 * revision the database holds now are the ones a fresh load would give. Only on a change (or a
 * new day) is the plan loaded (through the plan cache) and its figures computed again: a cluster
 * page of 50 plans no longer reloads the plans that the 32-plan cache could not keep.
 *
 * `revision` is the plan's revision as just read from the database; null when the plan is gone.
 */
export async function clusterPlanFigures(
  ctx: ServerContext,
  planId: string,
  revision: number,
  today: string,
): Promise<ClusterPlanFigures | null> {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = new Map();
    caches.set(ctx, cache);
  }
  const hit = cache.get(planId);
  if (hit && hit.revision === revision && hit.today === today) return hit.figures;
  const cached = await ctx.plans.get(ctx.db, planId);
  if (!cached) {
    cache.delete(planId);
    return null;
  }
  const figures = computeClusterPlanFigures(cached.loaded.plan, today);
  if (cache.size >= MAX_ENTRIES) cache.clear();
  // Stored under the revision the figures were computed from, which a later write may have passed.
  cache.set(planId, { revision: cached.revision, today, figures });
  return figures;
}
