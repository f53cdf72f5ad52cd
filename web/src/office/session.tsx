import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken } from '../shared/api';
import type { Me } from './types';

/**
 * Who is logged in. The session cookie is httpOnly; the CSRF token comes back from login and
 * from /api/auth/me after a reload. The server ends an idle session on its own (SESSION_IDLE_MINUTES);
 * this side also logs out after the same idle time so an unattended tablet shows the login page,
 * and any 401 from the API sends the user back to it.
 */

const IDLE_MINUTES = 30;

type Status = { kind: 'loading' } | { kind: 'anonymous'; reason?: 'idle' | 'logout' } | { kind: 'in'; me: Me };

interface SessionValue {
  status: Status;
  login(email: string, password: string): Promise<void>;
  logout(reason?: 'idle' | 'logout'): Promise<void>;
  /** Call with any error from the API: a 401 ends the session on this side too. */
  handleError(error: unknown): void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>({ kind: 'loading' });
  const lastActivity = useRef(Date.now());

  useEffect(() => {
    let cancelled = false;
    api<Me>('GET', '/api/auth/me')
      .then((me) => {
        if (cancelled) return;
        setCsrfToken(me.csrfToken);
        setStatus({ kind: 'in', me });
      })
      .catch(() => {
        if (!cancelled) setStatus({ kind: 'anonymous' });
      });
    return () => {
      cancelled = true;
    };
  }, []);

  const login = useCallback(async (email: string, password: string) => {
    const me = await api<Me>('POST', '/api/auth/login', { json: { email, password } });
    setCsrfToken(me.csrfToken);
    lastActivity.current = Date.now();
    setStatus({ kind: 'in', me });
  }, []);

  const logout = useCallback(async (reason: 'idle' | 'logout' = 'logout') => {
    try {
      await api('POST', '/api/auth/logout');
    } catch {
      // the session may already be gone on the server
    }
    setCsrfToken(undefined);
    setStatus({ kind: 'anonymous', reason });
  }, []);

  const handleError = useCallback((error: unknown) => {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(undefined);
      setStatus({ kind: 'anonymous', reason: 'idle' });
    }
  }, []);

  const signedIn = status.kind === 'in';
  useEffect(() => {
    if (!signedIn) return;
    const touch = () => {
      lastActivity.current = Date.now();
    };
    const events = ['keydown', 'pointerdown', 'scroll'] as const;
    events.forEach((e) => window.addEventListener(e, touch, { passive: true }));
    const timer = window.setInterval(() => {
      if (Date.now() - lastActivity.current > IDLE_MINUTES * 60_000) void logout('idle');
    }, 30_000);
    return () => {
      events.forEach((e) => window.removeEventListener(e, touch));
      window.clearInterval(timer);
    };
  }, [signedIn, logout]);

  const value = useMemo(() => ({ status, login, logout, handleError }), [status, login, logout, handleError]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The logged-in user; only for pages rendered behind the login. */
export function useMe(): Me {
  const { status } = useSession();
  if (status.kind !== 'in') throw new Error('useMe without a session');
  return status.me;
}
