import { useCallback, useEffect, useState } from 'react';
import type { PlanResponse } from '../../../src/core/api/plans.ts';
import type { Action, Plan } from '../../../src/core/plan-schema.ts';
import { fetchPlan } from '../api/jalon-api.ts';
import { sameValue } from '../../../src/core/same-value.ts';
import {
  insertAction,
  insertNode,
  moveActionInPlan,
  removeAction,
  removeNode,
  replaceAction,
  type NodeParent,
} from './plan-mutations.ts';

/** A new axis, sub-dimension or objective, as the page inserts it (with empty children). */
export type NewNode = Parameters<typeof insertNode>[2];

/**
 * The plan the user is looking at, shared by its plan, timeline, dashboard and recommendation
 * views: switching views does not fetch it again, and an edit made in one shows in all.
 */
const cache = new Map<string, PlanResponse>();
const listeners = new Map<string, Set<(value: PlanResponse) => void>>();

/** Requests started before the page asked (see prefetchPlan), used once. */
const prefetched = new Map<string, Promise<PlanResponse>>();

/**
 * Starts loading a plan at once when the app opens on its address, in parallel with the
 * session check and the page's code, instead of after both: the longest wait of a first visit.
 */
export function prefetchPlan(planId: string): void {
  if (cache.has(planId) || prefetched.has(planId)) return;
  const request = fetchPlan(planId);
  // Unsigned visitors get a 401 here; the page asks again after sign-in.
  request.catch(() => prefetched.delete(planId));
  prefetched.set(planId, request);
}

function takePrefetched(planId: string): Promise<PlanResponse> {
  const request = prefetched.get(planId);
  prefetched.delete(planId);
  return request ? request.catch(() => fetchPlan(planId)) : fetchPlan(planId);
}

function publish(planId: string, value: PlanResponse) {
  cache.set(planId, value);
  for (const listener of listeners.get(planId) ?? []) listener(value);
}

export interface PlanDocument {
  state: { kind: 'loading' } | { kind: 'error'; error: unknown } | { kind: 'ready'; data: PlanResponse };
  reload: () => Promise<void>;
  /** Records an action the server returned, with its new revision. */
  applyAction: (action: Action, revision: number) => void;
  addAction: (ownerId: string, action: Action, revision: number, position?: number) => void;
  dropAction: (actionId: string) => void;
  relocateAction: (action: Action, revision: number, ownerId: string, position: number) => void;
  addNode: (parent: NodeParent, node: NewNode, revision: number, position?: number) => void;
  dropNode: (nodeId: string) => void;
  /** Records the plan's own fields the server returned, with the plan's new revision. */
  applyPlanFields: (fields: Omit<Plan, 'axes'>, planRevision: number) => void;
}

export function usePlanDocument(planId: string): PlanDocument {
  const [state, setState] = useState<PlanDocument['state']>(() => {
    const cached = cache.get(planId);
    return cached ? { kind: 'ready', data: cached } : { kind: 'loading' };
  });
  const reload = useCallback(async () => {
    try {
      publish(planId, await takePrefetched(planId));
    } catch (error) {
      setState({ kind: 'error', error });
    }
  }, [planId]);
  useEffect(() => {
    const listener = (value: PlanResponse) => setState({ kind: 'ready', data: value });
    const set = listeners.get(planId) ?? new Set();
    set.add(listener);
    listeners.set(planId, set);
    const cached = cache.get(planId);
    setState(cached ? { kind: 'ready', data: cached } : { kind: 'loading' });
    // Always refresh: the cache makes the page appear at once, the fetch makes it current.
    void reload();
    return () => {
      set.delete(listener);
    };
  }, [planId, reload]);
  const update = useCallback(
    (change: (value: PlanResponse) => PlanResponse) => {
      const current = cache.get(planId);
      if (current) publish(planId, change(current));
    },
    [planId],
  );
  return {
    state,
    reload,
    applyAction: useCallback(
      (action, revision) =>
        update((value) => ({
          ...value,
          plan: replaceAction(value.plan, action),
          revisions: { ...value.revisions, [action.id ?? '']: revision },
        })),
      [update],
    ),
    addAction: useCallback(
      (ownerId, action, revision, position) =>
        update((value) => ({
          ...value,
          plan: insertAction(value.plan, ownerId, action, position),
          revisions: { ...value.revisions, [action.id ?? '']: revision },
        })),
      [update],
    ),
    dropAction: useCallback(
      (actionId) => update((value) => ({ ...value, plan: removeAction(value.plan, actionId) })),
      [update],
    ),
    relocateAction: useCallback(
      (action, revision, ownerId, position) =>
        update((value) => ({
          ...value,
          plan: moveActionInPlan(value.plan, action, ownerId, position),
          revisions: { ...value.revisions, [action.id ?? '']: revision },
        })),
      [update],
    ),
    addNode: useCallback(
      (parent, node, revision, position) =>
        update((value) => {
          const id = (
            node.kind === 'axis'
              ? node.axis
              : node.kind === 'subdimension'
                ? node.subdimension
                : node.objective
          ).id;
          return {
            ...value,
            plan: insertNode(value.plan, parent, node, position),
            revisions: { ...value.revisions, [id ?? '']: revision },
          };
        }),
      [update],
    ),
    dropNode: useCallback(
      (nodeId) => update((value) => ({ ...value, plan: removeNode(value.plan, nodeId) })),
      [update],
    ),
    applyPlanFields: useCallback(
      (fields, planRevision) =>
        update((value) => ({ ...value, plan: mergePlanFields(value.plan, fields), planRevision })),
      [update],
    ),
  };
}

/**
 * The plan with its own fields replaced and its tree kept; a field whose value did not change
 * keeps its object, so that what depends on it (the sites, the columns of every row) stays put.
 */
export function mergePlanFields(plan: Plan, fields: Omit<Plan, 'axes'>): Plan {
  const next: Record<string, unknown> = { ...plan };
  for (const [key, value] of Object.entries(fields)) {
    const previous = (plan as Record<string, unknown>)[key];
    if (!sameValue(previous, value)) next[key] = value;
  }
  return next as Plan;
}
