import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { MeResponse } from '../../../src/core/api/auth.ts';
import { ApiError } from '../api/api-error.ts';
import { fetchMe, signIn as requestSignIn, signOut as requestSignOut } from '../api/jalon-api.ts';

type SessionState =
  { kind: 'loading' } | { kind: 'signed-out'; error: unknown } | { kind: 'signed-in'; me: MeResponse };

interface Session {
  state: SessionState;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** Who is signed in, from /auth/me; a 401 anywhere means the sign-in page. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ kind: 'loading' });
  const load = useCallback(async () => {
    try {
      setState({ kind: 'signed-in', me: await fetchMe() });
    } catch (error) {
      const quiet = error instanceof ApiError && error.status === 401;
      setState({ kind: 'signed-out', error: quiet ? null : error });
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const signIn = useCallback(
    async (email: string, password: string) => {
      await requestSignIn(email, password);
      await load();
    },
    [load],
  );
  const signOut = useCallback(async () => {
    let endSessionUrl: string | null = null;
    try {
      ({ endSessionUrl } = await requestSignOut());
    } finally {
      // Signed in with a provider offering it: its session ends too (RP-initiated logout), and
      // it sends the browser back here, signed out.
      if (endSessionUrl) window.location.assign(endSessionUrl);
      else setState({ kind: 'signed-out', error: null });
    }
  }, []);
  return <SessionContext.Provider value={{ state, signIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user's data; only for pages rendered behind the sign-in gate. */
export function useMe(): MeResponse {
  const { state } = useSession();
  if (state.kind !== 'signed-in') throw new Error('useMe without a signed-in user');
  return state.me;
}
