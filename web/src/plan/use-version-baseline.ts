import { useEffect, useState } from 'react';
import { fetchVersion, fetchVersions } from '../api/follow-up-api.ts';
import { buildBaseline, type VersionBaseline } from './version-baseline.ts';

/**
 * The plan's latest frozen version, loaded once per plan and kept while the user switches views;
 * null while loading, when the plan has no version yet, or when it cannot be read (the markers
 * are a help, not a reason to fail the page).
 */
const cache = new Map<string, Promise<VersionBaseline | null>>();
const listeners = new Map<string, Set<() => void>>();

async function loadBaseline(planId: string): Promise<VersionBaseline | null> {
  const { versions } = await fetchVersions(planId);
  const latest = [...versions].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  if (!latest) return null;
  const { version, plan } = await fetchVersion(planId, latest.id);
  return buildBaseline(version, plan);
}

/** After a new version is frozen: the plan page compares with it from now on. */
export function forgetVersionBaseline(planId: string): void {
  cache.delete(planId);
  for (const listener of listeners.get(planId) ?? []) listener();
}

export function useVersionBaseline(planId: string, enabled: boolean): VersionBaseline | null {
  const [baseline, setBaseline] = useState<VersionBaseline | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const set = listeners.get(planId) ?? new Set();
    const listener = () => setGeneration((n) => n + 1);
    set.add(listener);
    listeners.set(planId, set);
    return () => {
      set.delete(listener);
    };
  }, [planId]);
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    let request = cache.get(planId);
    if (!request) {
      request = loadBaseline(planId).catch(() => {
        cache.delete(planId);
        return null;
      });
      cache.set(planId, request);
    }
    void request.then((value) => {
      if (current) setBaseline(value);
    });
    return () => {
      current = false;
    };
  }, [planId, enabled, generation]);
  return baseline;
}
