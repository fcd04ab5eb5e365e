import { createContext, useContext, useEffect, useRef, useState } from 'react';
import {
  planChangeEventSchema,
  planPresenceEventSchema,
  type PlanEditor,
} from '../../../src/core/api/plan-events.ts';
import { announceEditing, planEventsUrl } from '../api/plan-live-api.ts';
import { useMe } from '../session/session-context.tsx';

/** The latest change someone else made, for the quiet notice. */
export interface LiveNotice {
  name: string;
  label: string | null;
  /** Grows with each notice, so the same name twice still shows anew. */
  serial: number;
}

export interface PlanLive {
  notice: LiveNotice | null;
  /** Who else is editing what in the plan right now. */
  editors: PlanEditor[];
}

/** Changes arriving together (an import, a burst of edits) are read back once. */
const REFRESH_DELAY_MS = 150;

/**
 * Opens the plan's live stream while the page shows it. A change made by someone else calls
 * `refresh` (the page reads the plan again through the usual endpoints) and shows who made it;
 * the browser reconnects a dropped stream by itself and sends back the last change id it saw,
 * so the server replays what was missed in between.
 */
export function usePlanLive(planId: string, refresh: () => void): PlanLive {
  const me = useMe();
  const myId = me.user.id;
  const [notice, setNotice] = useState<LiveNotice | null>(null);
  const [editors, setEditors] = useState<PlanEditor[]>([]);
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(planEventsUrl(planId), { withCredentials: true });
    let timer: ReturnType<typeof setTimeout> | null = null;
    let serial = 0;
    const refreshSoon = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        refreshRef.current();
      }, REFRESH_DELAY_MS);
    };
    const read = (event: Event) => {
      try {
        return JSON.parse((event as MessageEvent<string>).data) as unknown;
      } catch {
        return null;
      }
    };
    source.addEventListener('change', (event) => {
      const parsed = planChangeEventSchema.safeParse(read(event));
      if (!parsed.success) return;
      const { change } = parsed.data;
      // One's own writes are on the page already.
      if (change.user?.id === myId) return;
      refreshSoon();
      serial += 1;
      setNotice({ name: change.user?.name ?? '', label: change.label, serial });
    });
    source.addEventListener('resync', refreshSoon);
    source.addEventListener('deleted', refreshSoon);
    source.addEventListener('presence', (event) => {
      const parsed = planPresenceEventSchema.safeParse(read(event));
      if (parsed.success) setEditors(parsed.data.editors.filter((editor) => editor.user.id !== myId));
    });
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [planId, myId]);

  return { notice, editors };
}

/** Who else is editing what in the plan: read by the rows, without changing the page's context. */
export const PlanPresenceContext = createContext<PlanEditor[]>([]);

/** The names of the others editing this object now. */
export function useEditorsOf(objectId: string): string[] {
  const editors = useContext(PlanPresenceContext);
  return editors.filter((editor) => editor.objectId === objectId).map((editor) => editor.user.name);
}

/** Renewed well within the 30 s a presence holds. */
const RENEW_MS = 10_000;

/** Tells the others that I am editing this object while the component is shown. */
export function useAnnounceEditing(planId: string, objectId: string): void {
  useEffect(() => {
    // Presence is a courtesy: a failure to say it must not disturb the edit.
    const say = (id: string | null) => void announceEditing(planId, id).catch(() => undefined);
    say(objectId);
    const renew = setInterval(() => say(objectId), RENEW_MS);
    return () => {
      clearInterval(renew);
      say(null);
    };
  }, [planId, objectId]);
}
