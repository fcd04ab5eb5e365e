import type { Database } from '../db/connection.ts';
import { loadPlanWithRevisions, type LoadedPlan } from '../db/repositories/plan-tree.ts';
import { findPlanRevision, findPlanScope, type PlanScope } from '../db/repositories/plans.ts';
import { visibilityKey, type Viewer } from './policies/field-visibility.ts';
import { presentPlanFor } from './presenters/plan-visibility.ts';

export interface CachedPlan {
  revision: number;
  /** The write epoch at which `revision` was last known to be the row's (embedded database). */
  verifiedAt: number;
  loaded: LoadedPlan;
  /** The plan and its revisions already serialised: a 300-action plan is ~300 KB of JSON. */
  planJson: string;
  revisionsJson: string;
  /** Whole response bodies by permissions block and visibility: readers of one plan share a handful of them. */
  bodies: Map<string, Buffer>;
  /** The plan as viewers who may not see every internal field see it, by visibility key. */
  variants: Map<string, string>;
}

/**
 * The GET /plans/:id body for one permissions block and what the viewer may see of internal
 * fields (src/server/policies/field-visibility.ts), encoded once per plan revision.
 */
export function planResponseBody(entry: CachedPlan, permissions: unknown, viewer: Viewer): Buffer {
  const permissionsJson = JSON.stringify(permissions);
  const visibility = visibilityKey(viewer);
  const key = `${visibility}|${permissionsJson}`;
  let body = entry.bodies.get(key);
  if (!body) {
    let planJson = visibility === 'all' ? entry.planJson : entry.variants.get(visibility);
    if (planJson === undefined) {
      planJson = JSON.stringify(presentPlanFor(entry.loaded.plan, viewer));
      entry.variants.set(visibility, planJson);
    }
    body = Buffer.from(
      `{"plan":${planJson},"revisions":${entry.revisionsJson},"permissions":${permissionsJson},"planRevision":${entry.revision}}`,
    );
    entry.bodies.set(key, body);
  }
  return body;
}

/**
 * Whole plans as last loaded, so that reading an unchanged plan does not rebuild it from five
 * queries and re-serialise it each time.
 *
 * Freshness: every write bumps the plan's revision in its own transaction. On PostgreSQL
 * (possibly several server processes) a read compares the cached revision with the row's, one
 * indexed lookup. On the embedded database this process is the only writer (the data directory
 * is locked), so write routes call `invalidate` after commit and reads trust the cache; a
 * generation counter keeps a load that overlapped a write from being stored as fresh. Some writes
 * bump a plan's revision without changing what the cache holds (a comment, evidence) and do not
 * invalidate: after any write request (`noteWrite`) the next read of each cached plan checks its
 * revision once more, so the revision it hands out (`planRevision`) is never stale.
 */
export class PlanCache {
  private readonly entries = new Map<string, CachedPlan>();
  private readonly scopes = new Map<string, PlanScope>();
  private readonly generations = new Map<string, number>();
  private writeEpoch = 0;
  /** Reads served from the cache and reads that loaded the plan (shown at /metrics). */
  readonly lookups = { hit: 0, miss: 0 };

  constructor(
    private readonly trustInvalidation: boolean,
    private readonly capacity = 32,
  ) {}

  /** Where a plan sits (programme, institution): fixed once the plan exists. */
  async scope(db: Database, planId: string): Promise<PlanScope | null> {
    const known = this.scopes.get(planId);
    if (known) return known;
    const found = await findPlanScope(db, planId);
    if (!found) return null;
    const scope = {
      planId: found.planId,
      programmeId: found.programmeId,
      institutionId: found.institutionId,
    };
    if (this.scopes.size > 10_000) this.scopes.clear();
    this.scopes.set(planId, scope);
    return scope;
  }

  async get(db: Database, planId: string): Promise<CachedPlan | null> {
    const hit = this.entries.get(planId);
    const epoch = this.writeEpoch;
    const trusted = this.trustInvalidation && hit?.verifiedAt === epoch;
    if (hit && (trusted || (await findPlanRevision(db, planId)) === hit.revision)) {
      hit.verifiedAt = epoch;
      this.lookups.hit++;
      // Re-insert: the Map's order is the recency order the eviction below relies on.
      this.entries.delete(planId);
      this.entries.set(planId, hit);
      return hit;
    }
    this.lookups.miss++;
    const generation = this.generations.get(planId) ?? 0;
    const loaded = await loadPlanWithRevisions(db, planId);
    if (!loaded) return null;
    const entry: CachedPlan = {
      revision: loaded.planRevision,
      verifiedAt: epoch,
      loaded,
      planJson: JSON.stringify(loaded.plan),
      revisionsJson: JSON.stringify(loaded.revisions),
      bodies: new Map(),
      variants: new Map(),
    };
    if ((this.generations.get(planId) ?? 0) === generation) {
      this.entries.delete(planId);
      this.entries.set(planId, entry);
      if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    }
    return entry;
  }

  /** After a write to the plan has committed. */
  invalidate(planId: string): void {
    this.generations.set(planId, (this.generations.get(planId) ?? 0) + 1);
    this.entries.delete(planId);
  }

  /** After any write request succeeded: the next read of each cached plan checks its revision again. */
  noteWrite(): void {
    this.writeEpoch++;
  }

  /** After notifications may have been missed (the change bus reconnected): forget every plan. */
  clear(): void {
    for (const planId of this.entries.keys()) this.invalidate(planId);
    this.scopes.clear();
  }

  /** After the plan was deleted: its place is no longer fixed, it has none. */
  forget(planId: string): void {
    this.invalidate(planId);
    this.scopes.delete(planId);
  }
}
