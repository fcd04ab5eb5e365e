import { computeClusterPlanFigures, type ClusterPlanFigures } from '../core/cluster-stats.ts';
import { loadPlanWithRevisions } from '../db/repositories/plan-tree.ts';
import type { ServerContext } from './context.ts';

interface Entry {
  revision: number;
  today: string;
  figures: ClusterPlanFigures;
}

const MAX_ENTRIES = 10_000;
/** Plans loaded at once on a page view: the pool's usual size, so other requests still get a connection. */
const LOADS_AT_ONCE = 4;
const caches = new WeakMap<ServerContext, Map<string, Entry>>();

/**
 * Plans' cluster-page figures, kept per plan revision and day. Every write in a plan bumps its
 * revision, and the figures are a function of the plan and today's date alone
 * (`computeClusterPlanFigures`, the dashboard's computations), so figures stored for the
 * revision the database holds now are the ones a fresh load would give. Only a plan changed
 * since (or a new day) is loaded and its figures computed again: a cluster page of 50 plans no
 * longer reloads the plans that the 32-plan cache could not keep. Plans are loaded straight from
 * the database, not through the plan cache, so a cluster page does not push out of it the plans
 * people are working on (nor serialise 50 plans it never sends).
 *
 * `plans` holds each plan's revision as just read from the database. A plan gone meanwhile has
 * no figures (absent from the result).
 */
export async function clusterPlanFigures(
  ctx: ServerContext,
  plans: { planId: string; revision: number }[],
  today: string,
): Promise<Map<string, ClusterPlanFigures>> {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = new Map();
    caches.set(ctx, cache);
  }
  const result = new Map<string, ClusterPlanFigures>();
  const stale: string[] = [];
  for (const { planId, revision } of plans) {
    const hit = cache.get(planId);
    if (hit && hit.revision === revision && hit.today === today) result.set(planId, hit.figures);
    else stale.push(planId);
  }
  let next = 0;
  const worker = async () => {
    while (next < stale.length) {
      const planId = stale[next++]!;
      const loaded = await loadPlanWithRevisions(ctx.db, planId);
      if (!loaded) {
        cache.delete(planId);
        continue;
      }
      const figures = computeClusterPlanFigures(loaded.plan, today);
      if (cache.size >= MAX_ENTRIES) cache.clear();
      // Stored under the revision the figures were computed from, which a later write may have passed.
      cache.set(planId, { revision: loaded.planRevision, today, figures });
      result.set(planId, figures);
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOADS_AT_ONCE, stale.length) }, worker));
  return result;
}
