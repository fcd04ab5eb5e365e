import { useCallback, useEffect, useState } from 'react';

export type AsyncState<T> =
  { kind: 'loading' } | { kind: 'error'; error: unknown } | { kind: 'ready'; data: T };

/** Loads data for a page and reloads it on demand; a stale answer never overwrites a newer one. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): [AsyncState<T>, () => void] {
  const [state, setState] = useState<AsyncState<T>>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    let current = true;
    setState((previous) => (previous.kind === 'ready' ? previous : { kind: 'loading' }));
    run().then(
      (data) => current && setState({ kind: 'ready', data }),
      (error: unknown) => current && setState({ kind: 'error', error }),
    );
    return () => {
      current = false;
    };
  }, [run, attempt]);
  return [state, useCallback(() => setAttempt((n) => n + 1), [])];
}
