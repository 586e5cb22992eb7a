import type { Context, Me } from '@modelry/client';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import { isStatus, messageOf } from '../lib/errors';
import { onSessionEnded } from './session-events';

export type Permission = Context['permissions'][number];

type SessionState =
  | { readonly status: 'loading' }
  /** `ended`: the server answered 401 while the page was open (not a sign-out the person chose). */
  | { readonly status: 'signed-out'; readonly ended?: boolean }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'signed-in'; readonly me: Me };

interface SessionValue {
  readonly state: SessionState;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Re-reads the caller (contexts and permissions may have changed). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/**
 * The session cookie is HttpOnly, so the page cannot see it. A non-secret hint in localStorage says whether this
 * browser signed in, so a first visit goes straight to the sign-in form instead of provoking a 401 from /me
 * (which browsers log as a console error). The server still decides: a stale hint just costs one 401.
 */
const HINT = 'modelry.signedIn';

export function hint(value: boolean | undefined): boolean {
  try {
    if (value === true) window.localStorage.setItem(HINT, '1');
    else if (value === false) window.localStorage.removeItem(HINT);
    return window.localStorage.getItem(HINT) === '1';
  } catch {
    return true;
  }
}

export async function loadMe(): Promise<SessionState> {
  if (!hint(undefined)) return { status: 'signed-out' };
  try {
    const me = await api.me();
    return { status: 'signed-in', me };
  } catch (error) {
    if (isStatus(error, 401)) {
      hint(false);
      return { status: 'signed-out' };
    }
    return { status: 'error', message: messageOf(error) };
  }
}

/** Who is signed in. The cookie is HttpOnly, so the only way to know is to ask the server (GET /me). */
export function SessionProvider({ initial, children }: { initial: Promise<SessionState>; children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const current = useRef(state);
  current.current = state;

  const refresh = useCallback(async () => setState(await loadMe()), []);
  useEffect(
    () =>
      onSessionEnded(() => {
        if (current.current.status !== 'signed-in') return;
        hint(false);
        setState({ status: 'signed-out', ended: true });
      }),
    [],
  );
  useEffect(() => {
    // The first check was started before React rendered anything (main.tsx), so it overlaps with start-up.
    let current = true;
    void initial.then((first) => {
      if (current) setState(first);
    });
    return () => {
      current = false;
    };
  }, [initial]);

  const signIn = useCallback(async (username: string, password: string) => {
    await api.session.signIn({ username, password });
    hint(true);
    setState(await loadMe());
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.session.signOut();
    } finally {
      hint(false);
      setState({ status: 'signed-out' });
    }
  }, []);

  const value = useMemo(() => ({ state, signIn, signOut, refresh }), [state, signIn, signOut, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in caller; only for components rendered under RequireSession. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe without a signed-in session');
  return state.me;
}
