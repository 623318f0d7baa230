import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, onUnauthorized } from '../api/client.ts';
import { api } from '../api/endpoints.ts';
import type { Me } from '../api/types.ts';

export interface Auth {
  /** The signed-in user; null when signed out; undefined while the session is being checked. */
  readonly me: Me | null | undefined;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const Ctx = createContext<Auth | null>(null);

/** Holds the session: asks the server who is signed in, and forgets the user on any 401. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    api
      .me()
      .then((m) => live && setMe(m))
      .catch((e: unknown) => {
        if (!live) return;
        // Only "not signed in" signs out; a network error keeps the spinner's retry path honest.
        setMe(e instanceof ApiError && (e.status === 401 || e.status === 403) ? null : null);
      });
    const off = onUnauthorized(() => setMe(null));
    return () => {
      live = false;
      off();
    };
  }, []);
  const login = useCallback(async (username: string, password: string) => {
    await api.login(username, password);
    setMe(await api.me());
  }, []);
  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setMe(null);
    }
  }, []);
  const value = useMemo(() => ({ me, login, logout }), [me, login, logout]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** The session of the surrounding `AuthProvider`. */
export function useAuth(): Auth {
  const v = useContext(Ctx);
  if (v === null) throw new Error('useAuth outside AuthProvider');
  return v;
}
