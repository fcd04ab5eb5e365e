import { useCallback, useEffect, useState } from 'react';
import type { PlanResponse } from '../../../src/core/api/plans.ts';
import type { Action } from '../../../src/core/plan-schema.ts';
import { fetchPlan } from '../api/jalon-api.ts';
import { insertAction, moveActionInPlan, removeAction, replaceAction } from './plan-mutations.ts';

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
  };
}
