// CORS: an allowed origin gets itself back with credentials; any other origin gets no CORS
// headers at all (a browser then refuses to hand the response to its script). Every response
// says `Vary: Origin`, so no cache serves one origin's answer to another. A page may send an
// Idempotency-Key (idempotency.ts) and read the rate-limit headers (ratelimit-headers.ts).
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { settings } from './settings.ts';

const allowed = new Set(settings.corsOrigins);

export function corsFor(request: Request) {
  const origin = request.headers.get('origin');
  if (!origin || !allowed.has(origin)) return false as const;
  return {
    origin,
    credentials: true,
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'Idempotency-Key'],
    exposedHeaders: [
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
      'Retry-After',
      'Idempotent-Replayed',
    ],
    methods: ['GET', 'POST', 'OPTIONS'],
    maxAge: 600,
  };
}

export const useVaryOrigin = (): GatewayPlugin => ({
  onResponse({ response }) {
    const vary = response.headers.get('vary');
    const names = vary ? vary.split(',').map((name) => name.trim().toLowerCase()) : [];
    if (!names.includes('origin')) response.headers.set('vary', vary ? `${vary}, Origin` : 'Origin');
  },
});
