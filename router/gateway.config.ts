// Hive Gateway configuration for the Job Tracker router. Start it from the repo root with
//   node router/node_modules/.bin/hive-gateway supergraph -c router/gateway.config.ts
// Every setting comes from an optional environment variable (settings.ts; the README's
// Configuration table). LOG_LEVEL (default info) and LOG_JSON are read by the logger.
import {
  createRemoteJwksSigningKeyProvider,
  defineConfig,
  extractFromHeader,
  type ExtractTokenFunction,
  type GatewayPlugin,
  type WSTransportOptions,
} from '@graphql-hive/gateway';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { log, useErrorHygiene } from './errors.ts';
import { documentLimits, useBodyLimit, useCostLimit } from './limits.ts';
import { settings } from './settings.ts';
import { urlOverrides } from './subgraphs.ts';

// The client's "Bearer <token>": from the Authorization header or, for WebSocket clients (browsers
// cannot set headers on the upgrade request), from connectionParams.authorization / .Authorization.
function authorizationOf(ctx: { headers?: Record<string, string>; connectionParams?: unknown }) {
  const params = (ctx.connectionParams ?? {}) as Record<string, unknown>;
  const fromParams = params.authorization ?? params.Authorization;
  return typeof fromParams === 'string' ? fromParams : ctx.headers?.authorization;
}
const tokenFromConnectionParams: ExtractTokenFunction = ({ serverContext }) => {
  const [prefix, token] = (authorizationOf(serverContext) ?? '').trim().split(/\s+/);
  return prefix === 'Bearer' && token ? { prefix, token } : undefined;
};
// Puts that value in context.headers.authorization, which the WS transport template below reads.
const useAuthorizationHeader = (): GatewayPlugin => ({
  onContextBuilding({ context, extendContext }) {
    const authorization = authorizationOf(context);
    if (authorization) extendContext({ headers: { ...context.headers, authorization } });
  },
});

// jwks-rsa client: nothing is fetched at startup; keys are cached per kid for 10 minutes; an
// unknown kid refetches the JWKS (rate-limited to 60 fetches a minute).
const jwks = createRemoteJwksSigningKeyProvider({
  jwksUri: settings.jwt.jwksUrl,
  cache: true,
  cacheMaxAge: 10 * 60_000,
  rateLimit: true,
  jwksRequestsPerMinute: 60,
  timeout: 5_000,
});
const signingKey = async (kid?: string) => {
  try {
    return await jwks(kid);
  } catch (e) {
    // kid not in the JWKS: return a non-key so verification fails with 401 instead of the
    // plugin's 500 "Authentication is not available at the moment" (kept for JWKS fetch errors).
    if ((e as Error).name === 'SigningKeyNotFoundError') return 'no-such-signing-key';
    throw e;
  }
};

const authorization = '{context.headers.authorization}';

export const gatewayConfig = defineConfig({
  supergraph: settings.supergraphPath,
  host: settings.host,
  port: settings.port,
  logging: log,
  graphqlEndpoint: '/graphql', // GraphiQL (Hive Laboratory) is served here to browsers
  healthCheckEndpoint: '/healthcheck',
  readinessCheckEndpoint: '/readiness',
  // Query planning and plan execution by the Hive Router runtime (Rust, via napi): about 30% less
  // router CPU per operation than the JS planner on `task bench`'s cross-subgraph read.
  unifiedGraphHandler,
  prometheus: {
    endpoint: '/metrics',
    // Request count and duration, errors, per-subgraph duration and errors. Off: per-phase
    // histograms, the request-time summary and the deprecated-field walk, which cost router CPU
    // on every request (see the README's Performance section).
    metrics: {
      graphql_envelop_deprecated_field: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_execute: false,
      graphql_envelop_phase_subscribe: false,
      graphql_gateway_fetch_duration: false,
    },
  },
  cors: {
    origin: settings.corsOrigins,
    credentials: true,
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept'],
  },
  jwt: {
    signingKeyProviders: [signingKey],
    tokenLookupLocations: [extractFromHeader({ name: 'authorization', prefix: 'Bearer' }), tokenFromConnectionParams],
    tokenVerification: {
      algorithms: ['RS256'],
      issuer: settings.jwt.issuer,
      audience: settings.jwt.audience,
    },
    // No token passes through (signUp/logIn; subgraphs answer UNAUTHENTICATED); a bad one is rejected.
    reject: { missingToken: false, invalidToken: true },
    // Subgraphs verify the forwarded Authorization header themselves: no payload in `extensions`.
    forward: { payload: false, token: false },
  },
  propagateHeaders: {
    fromClientToSubgraphs: ({ context }) => ({ authorization: authorizationOf(context) }),
  },
  transportEntries: {
    ...urlOverrides(),
    '*.http': {
      options: {
        // Subgraph subscriptions over graphql-transport-ws at the subgraph URL, with the token in
        // both the upgrade request and connection_init (one upstream socket per distinct token).
        subscriptions: {
          kind: 'ws',
          headers: [['authorization', authorization]],
          options: { connectionParams: { authorization } } satisfies WSTransportOptions,
        },
      },
    },
  },
  plugins: () => [
    useBodyLimit(),
    ...documentLimits(),
    useCostLimit(),
    useAuthorizationHeader(),
    useErrorHygiene(),
  ],
});
