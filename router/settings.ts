// The router's settings: every value comes from an optional environment variable, listed in
// docs/configuration.md (`python -m scripts.docs` reads this file for their names and defaults).
// A malformed value stops the router at start-up with its name.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..');

const raw = (name: string) => process.env[name]?.trim() || undefined;

export const text = (name: string, fallback: string) => raw(name) ?? fallback;

export function int(name: string, fallback: number): number {
  const value = raw(name);
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 0) {
    throw new Error(`${name} must be a whole number >= 0, got "${value}"`);
  }
  return number;
}

export function flag(name: string, fallback: boolean): boolean {
  const value = raw(name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new Error(`${name} must be true or false, got "${value}"`);
}

const list = (name: string, fallback: string) =>
  text(name, fallback)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const environment = text('ENVIRONMENT', 'development');
const production = environment === 'production';
const subgraphsBaseUrl = raw('SUBGRAPHS_BASE_URL')?.replace(/\/+$/, '');

export const settings = {
  environment,
  production,
  host: text('ROUTER_HOST', '127.0.0.1'),
  port: int('ROUTER_PORT', 4000),
  supergraphPath: resolve(here, text('SUPERGRAPH_PATH', '../schema/supergraph.graphql')),
  subgraphsBaseUrl,
  corsOrigins: list('CORS_ORIGINS', 'http://localhost:3000'),
  jwt: {
    jwksUrl: text('JWKS_URL', `${subgraphsBaseUrl || 'http://127.0.0.1:4001'}/users/.well-known/jwks.json`),
    issuer: text('JWT_ISSUER', 'job-tracker'),
    audience: text('JWT_AUDIENCE', 'job-tracker'),
    cooldownSeconds: int('JWKS_COOLDOWN_SECONDS', 30),
  },
  limits: {
    maxDepth: int('ROUTER_MAX_DEPTH', 15),
    maxAliases: int('ROUTER_MAX_ALIASES', 30),
    maxTokens: int('ROUTER_MAX_TOKENS', 5000),
    maxCost: int('ROUTER_MAX_COST', 5000),
    listSize: int('ROUTER_LIST_SIZE', 10),
    pageSize: int('PAGE_SIZE_DEFAULT', 20),
    maxBodyBytes: int('ROUTER_MAX_BODY_BYTES', 1_048_576),
  },
  graphiql: flag('ROUTER_GRAPHIQL', !production),
  introspection: flag('ROUTER_INTROSPECTION', !production),
  trustedDocuments: flag('TRUSTED_DOCUMENTS', production),
  trustedDocumentsDirs: list('TRUSTED_DOCUMENTS_DIRS', 'tests/graphql,web/src/graphql').map((dir) =>
    resolve(repoRoot, dir),
  ),
  readinessCacheMs: int('ROUTER_READINESS_CACHE_MS', 2000),
  // Redis (the subgraphs' REDIS_URL): idempotency records there when set, under the same prefix.
  redisUrl: raw('REDIS_URL'),
  redisKeyPrefix: text('RATE_LIMIT_KEY_PREFIX', 'job-tracker'),
  // Idempotency keys on mutations (idempotency.ts).
  idempotency: {
    ttlSeconds: Math.max(1, int('IDEMPOTENCY_TTL_SECONDS', 86_400)),
    memoryBytes: int('IDEMPOTENCY_MEMORY_BYTES', 33_554_432),
  },
  // The query plan in a response's extensions when the request has `x-expose-query-plan: 1`.
  exposeQueryPlan: flag('ROUTER_EXPOSE_QUERY_PLAN', !production),
  // OpenTelemetry: traces exported over OTLP/HTTP to `${endpoint}/v1/traces` when set.
  otlpEndpoint: raw('OTEL_EXPORTER_OTLP_ENDPOINT')?.replace(/\/+$/, ''),
  serviceName: `${text('OTEL_SERVICE_NAME', 'job-tracker')}-router`,
};
