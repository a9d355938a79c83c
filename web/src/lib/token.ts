// The session token: kept in memory and in localStorage (so a reload or a second tab stays
// signed in). The router reads it from the Authorization header only, so no cookie is involved
// (and no CSRF surface); the price is that a script injected into the page could read it, which
// is why the app renders no HTML from data and loads no third-party script.
const KEY = 'jobtracker.token';

export function loadToken(): string | null {
  if (typeof window === 'undefined') return null;
  return window.localStorage.getItem(KEY);
}

export function storeToken(token: string | null): void {
  if (token) window.localStorage.setItem(KEY, token);
  else window.localStorage.removeItem(KEY);
}

/** Seconds since the epoch at which a JWT expires, or null when it names none. */
export function expiresAt(token: string): number | null {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload)) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp : null;
  } catch {
    return null;
  }
}

export function isExpired(token: string, now: number = Date.now() / 1000): boolean {
  const exp = expiresAt(token);
  return exp !== null && exp <= now;
}
