import { NextResponse, type NextRequest } from 'next/server';

/**
 * A Content-Security-Policy per response, with a fresh nonce that Next.js puts on its own
 * scripts: only this app's scripts run, and the page talks to itself and the router only. It
 * is what makes keeping the session token in localStorage reasonable (see README, Web app).
 */
export function middleware(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const graphql = new URL(process.env.GRAPHQL_URL ?? 'http://localhost:4000/graphql');
  const socket = graphql.origin.replace(/^http/, 'ws');
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'", // style attributes (bar widths)
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${graphql.origin} ${socket}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'same-origin');
  return response;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)', missing: [{ type: 'header', key: 'next-router-prefetch' }] }],
};
