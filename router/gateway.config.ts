// Hive Gateway configuration for the Job Tracker router. Start it from the repo root with
//   node router/node_modules/.bin/hive-gateway supergraph -c router/gateway.config.ts
// Every setting comes from an optional environment variable (settings.ts; docs/configuration.md
// lists them). LOG_LEVEL (default info) and LOG_JSON are read by the logger.
import { defineConfig, type WSTransportOptions } from '@graphql-hive/gateway';
import { unifiedGraphHandler, useQueryPlan } from '@graphql-hive/router-runtime';
import { forwardedAuthorization, jwtOptions, useAuthorizationHeader } from './auth.ts';
import { corsFor, useVaryOrigin } from './cors.ts';
import { log, useErrorHygiene } from './errors.ts';
import { forwardedFor } from './forwarded.ts';
import { useIdempotencyKeys } from './idempotency.ts';
import { useLaboratory } from './laboratory.ts';
import { documentLimits, useBodyLimit, useCostLimit, useValueDepthLimit } from './limits.ts';
import { useLiteralRange } from './literals.ts';
import { prometheusOptions } from './metrics.ts';
import { useNestingLimit } from './nesting.ts';
import { rateLimitHeaders } from './ratelimit-headers.ts';
import { useReadiness } from './readiness.ts';
import { settings } from './settings.ts';
import { capFrames, useSocketExpiry } from './sockets.ts';
import { urlOverrides } from './subgraphs.ts';
import { openTelemetryOptions } from './tracing.ts';
import { loadTrustedDocuments, persistedDocumentsOptions } from './trusted.ts';
import { maskUnavailable, useUnavailableStatus } from './unavailable.ts';

const graphqlEndpoint = '/graphql';
const trusted = loadTrustedDocuments(settings.trustedDocumentsDirs);
const authorization = '{context.headers.authorization}';
capFrames(); // WebSocket frames over ROUTER_MAX_BODY_BYTES close the socket (sockets.ts)

export const gatewayConfig = defineConfig({
  supergraph: settings.supergraphPath,
  host: settings.host,
  port: settings.port,
  logging: log,
  graphqlEndpoint,
  maskedErrors: { maskError: maskUnavailable },
  healthCheckEndpoint: '/healthcheck',
  readinessCheckEndpoint: '/readiness', // completed with the subgraphs' health (readiness.ts)
  // Query planning and plan execution by the Hive Router runtime (Rust, via napi): about 30% less
  // router CPU per operation than the JS planner on `task bench`'s cross-subgraph read.
  unifiedGraphHandler,
  prometheus: prometheusOptions(trusted.names),
  openTelemetry: openTelemetryOptions(),
  cors: corsFor,
  // The browser page is served by useLaboratory (compressed, opened on the quick start).
  graphiql: false,
  landingPage: !settings.production,
  disableIntrospection: settings.introspection ? undefined : {},
  blockFieldSuggestions: !settings.introspection,
  persistedDocuments: persistedDocumentsOptions(trusted),
  jwt: jwtOptions,
  propagateHeaders: {
    fromClientToSubgraphs: (payload) => ({
      ...forwardedAuthorization(payload),
      'x-forwarded-for': forwardedFor(payload.context),
      // The client's correlation id, so each subgraph's log line carries it (kit.telemetry).
      'x-request-id': (payload.context as { request?: Request }).request?.headers.get('x-request-id') ?? undefined,
    }),
    fromSubgraphsToClient: rateLimitHeaders,
    deduplicateHeaders: true, // one value per header: the tightest budget's (ratelimit-headers.ts)
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
    useValueDepthLimit(),
    useReadiness('/readiness'),
    ...(settings.graphiql ? [useLaboratory(graphqlEndpoint)] : []),
    useNestingLimit(),
    ...documentLimits(),
    useLiteralRange(),
    useCostLimit(),
    useIdempotencyKeys(), // after every refusal of the operation itself: those are never claimed
    useAuthorizationHeader(),
    useSocketExpiry(),
    useVaryOrigin(),
    useUnavailableStatus(),
    useErrorHygiene(),
    ...(settings.exposeQueryPlan
      ? [useQueryPlan({ expose: (request) => request.headers.get('x-expose-query-plan') === '1' })]
      : []),
  ],
});
