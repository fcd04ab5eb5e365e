import { useEffect, useState } from 'react';
import { importQueueStatus } from '../api/jalon-api.ts';

/**
 * While `active` (an analysis is pending), asks the server every second where the user's
 * import stands in its queue of large imports: the position (1 = next), or null when it is not
 * waiting (running, small, or done). A failed poll changes nothing: the import's own answer is
 * what tells the user how it went.
 */
export function useImportQueuePosition(active: boolean): number | null {
  const [position, setPosition] = useState<number | null>(null);
  useEffect(() => {
    if (!active) return;
    const controller = new AbortController();
    const timer = setInterval(() => {
      importQueueStatus(controller.signal).then(
        (status) => {
          if (!controller.signal.aborted) setPosition(status.position);
        },
        () => {},
      );
    }, 1000);
    return () => {
      clearInterval(timer);
      controller.abort();
      setPosition(null);
    };
  }, [active]);
  return active ? position : null;
}
