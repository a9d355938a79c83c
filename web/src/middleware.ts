import { NextResponse, type NextRequest } from 'next/server';

/** Where the browser posts uploads (the presigned form's URL): the files subgraph's own routes
 * (local disk: FILES_PUBLIC_URL, as the files subgraph reads it), or S3's public endpoint. */
export function uploadOrigins(env: Record<string, string | undefined>): string[] {
  const origins = new Set<string>();
  const add = (url: string | undefined) => {
    if (!url) return;
    try {
      origins.add(new URL(url).origin);
    } catch {
      // not a URL: nothing to allow
    }
  };
  if (env.FILES_STORAGE_URL?.startsWith('s3://')) {
    add(env.S3_PUBLIC_ENDPOINT_URL || env.S3_ENDPOINT_URL);
    if (!env.S3_PUBLIC_ENDPOINT_URL && !env.S3_ENDPOINT_URL) origins.add('https://*.amazonaws.com');
  } else {
    add(env.FILES_PUBLIC_URL || `http://127.0.0.1:${env.HOST_PORT || '4001'}/files`);
  }
  return [...origins];
}

/**
 * A Content-Security-Policy per response, with a fresh nonce that Next.js puts on its own
 * scripts: only this app's scripts run, and the page talks to itself, the router and the upload
 * URL only. It is what makes keeping the session token in localStorage reasonable (see
 * docs/web.md).
 */
export function middleware(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const graphql = new URL(process.env.GRAPHQL_URL ?? 'http://localhost:4000/graphql');
  const socket = graphql.origin.replace(/^http/, 'ws');
  const uploads = uploadOrigins(process.env).join(' ');
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'", // style attributes (bar widths)
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${graphql.origin} ${socket} ${uploads}`,
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
