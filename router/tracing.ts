// OpenTelemetry traces (only when OTEL_EXPORTER_OTLP_ENDPOINT is set): a span per HTTP request,
// GraphQL phase and subgraph call, exported over OTLP/HTTP, with the W3C `traceparent` sent to
// every subgraph so their spans join the router's trace (an incoming `traceparent` is kept too).
import { openTelemetrySetup } from '@graphql-hive/gateway/opentelemetry/setup';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { settings } from './settings.ts';

export function openTelemetryOptions() {
  if (!settings.otlpEndpoint) return undefined;
  openTelemetrySetup({
    contextManager: new AsyncLocalStorageContextManager(),
    resource: { serviceName: settings.serviceName },
    traces: { exporter: new OTLPTraceExporter({ url: `${settings.otlpEndpoint}/v1/traces` }) },
  });
  return {
    traces: {
      // Health and metrics scrapes are not worth a trace each.
      spans: { http: ({ request }: { request: Request }) => new URL(request.url).pathname === '/graphql' },
    },
  };
}
