'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Provider } from 'urql';
import { makeClient } from './client';
import { expiresAt, isExpired, loadToken, storeToken } from './token';

type Auth = {
  /** undefined until the stored token was read (first render, server render). */
  token: string | null | undefined;
  signIn: (token: string) => void;
  signOut: (reason?: 'expired') => void;
  /** Why the token went away in this tab: the signed-in layout sends the user on from it. */
  leftBecause: 'expired' | 'signed-out' | null;
};

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside <Providers>');
  return auth;
}

export const EXPIRED_MESSAGE = 'Your session has expired. Please log in again.';

export function Providers({
  graphqlUrl,
  trustedDocuments = false,
  children,
}: {
  graphqlUrl: string;
  trustedDocuments?: boolean;
  children: ReactNode;
}) {
  const [token, setToken] = useState<string | null | undefined>(undefined);
  const [leftBecause, setLeftBecause] = useState<Auth['leftBecause']>(null);

  useEffect(() => {
    const stored = loadToken();
    if (stored && isExpired(stored)) {
      storeToken(null);
      setLeftBecause('expired');
      setToken(null);
    } else setToken(stored);
  }, []);

  const signOut = useCallback((reason?: 'expired') => {
    storeToken(null);
    setLeftBecause(reason ?? 'signed-out');
    setToken(null);
  }, []);
  const signIn = useCallback((next: string) => {
    storeToken(next);
    setLeftBecause(null);
    setToken(next);
  }, []);

  // A token that runs out while the page is open: back to log in, with a message.
  useEffect(() => {
    const exp = token ? expiresAt(token) : null;
    if (exp === null || exp * 1000 - Date.now() > 2 ** 31 - 1) return; // setTimeout's limit
    const timer = window.setTimeout(() => signOut('expired'), Math.max(0, exp * 1000 - Date.now()));
    return () => window.clearTimeout(timer);
  }, [token, signOut]);

  const session = useMemo(
    () => makeClient({ url: graphqlUrl, token: token ?? null, trustedDocuments, onUnauthenticated: () => signOut('expired') }),
    [graphqlUrl, trustedDocuments, token, signOut],
  );
  // The old session's socket closes when the token changes (its subscriptions start again on the
  // new one, with the new token). Not in a cleanup: React's strict mode runs those on a live one.
  const current = useRef(session);
  useEffect(() => {
    if (current.current !== session) current.current.dispose();
    current.current = session;
  }, [session]);
  const client = session.client;
  const auth = useMemo(() => ({ token, signIn, signOut, leftBecause }), [token, signIn, signOut, leftBecause]);
  return (
    <AuthContext.Provider value={auth}>
      <Provider value={client}>{children}</Provider>
    </AuthContext.Provider>
  );
}
