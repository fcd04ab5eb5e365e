import type { Database } from '../db/connection.ts';
import { loadPlanWithRevisions, type LoadedPlan } from '../db/repositories/plan-tree.ts';

interface CachedPlan {
  revision: number;
  loaded: LoadedPlan;
  /** The plan and its revisions already serialised: a 300-action plan is ~300 KB of JSON. */
  planJson: string;
  revisionsJson: string;
  /** Whole response bodies by permissions block: readers of one plan share a handful of them. */
  bodies: Map<string, Buffer>;
}

/**
 * Whole plans as last loaded, keyed by the plan's revision (which every write bumps in the same
 * transaction): a read checks the revision with the authorization query it makes anyway, so a
 * cached copy is never stale, and unchanged plans are not rebuilt from five queries each time.
 * Per process: with several servers on one PostgreSQL each has its own, still checked per read.
 */
/** The GET /plans/:id body for one permissions block, encoded once per plan revision. */
export function planResponseBody(entry: CachedPlan, permissions: unknown): Buffer {
  const permissionsJson = JSON.stringify(permissions);
  let body = entry.bodies.get(permissionsJson);
  if (!body) {
    body = Buffer.from(
      `{"plan":${entry.planJson},"revisions":${entry.revisionsJson},"permissions":${permissionsJson}}`,
    );
    entry.bodies.set(permissionsJson, body);
  }
  return body;
}

export class PlanCache {
  private readonly entries = new Map<string, CachedPlan>();

  constructor(private readonly capacity = 32) {}

  async get(db: Database, planId: string, revision: number | undefined): Promise<CachedPlan | null> {
    const hit = this.entries.get(planId);
    if (hit && revision !== undefined && hit.revision === revision) {
      // Re-insert: the Map's order is the recency order the eviction below relies on.
      this.entries.delete(planId);
      this.entries.set(planId, hit);
      return hit;
    }
    const loaded = await loadPlanWithRevisions(db, planId);
    if (!loaded) return null;
    const entry: CachedPlan = {
      revision: loaded.planRevision,
      loaded,
      planJson: JSON.stringify(loaded.plan),
      revisionsJson: JSON.stringify(loaded.revisions),
      bodies: new Map(),
    };
    this.entries.delete(planId);
    this.entries.set(planId, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}
