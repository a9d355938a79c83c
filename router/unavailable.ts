// A subgraph that cannot be reached (down, restarting, timing out) is the router's trouble, not
// a bug: its fields are answered null with SERVICE_UNAVAILABLE naming the service, never
// INTERNAL_SERVER_ERROR "Unexpected error.", and the subgraph's request (which the transport's
// error carries) is not echoed. A result with no data at all is HTTP 503 with Retry-After, so a
// client knows to retry; a partial one stays 200, as GraphQL over HTTP answers partial results.
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { GraphQLError } from 'graphql';
import { maskError } from 'graphql-yoga';

const UNREACHED = new Set(['SUBREQUEST_HTTP_ERROR', 'TIMEOUT_ERROR']);
export const RETRY_AFTER_SECONDS = 2;

type Extensions = { code?: unknown; serviceName?: unknown; http?: unknown };

function unreached(error: unknown): Extensions | undefined {
  for (let each = error, depth = 0; each instanceof GraphQLError && depth < 4; depth++) {
    const extensions = each.extensions as Extensions;
    if (typeof extensions.code === 'string' && UNREACHED.has(extensions.code)) return extensions;
    each = each.originalError;
  }
  return undefined;
}

/** Yoga's error masking, but an unreachable subgraph is SERVICE_UNAVAILABLE with its name. */
export function maskUnavailable(error: unknown, message: string, isDev?: boolean): Error {
  const found = unreached(error);
  if (!found) return maskError(error, message, isDev);
  const service = typeof found.serviceName === 'string' ? found.serviceName : 'a';
  const path = error instanceof GraphQLError ? error.path : undefined;
  return new GraphQLError(`The ${service} service is unavailable right now; try again shortly.`, {
    path,
    extensions: { code: 'SERVICE_UNAVAILABLE', service },
  });
}

type Result = { data?: unknown; errors?: readonly GraphQLError[] };

function statusFor(result: unknown) {
  if (!result || typeof result !== 'object' || !('errors' in result)) return;
  const { data, errors } = result as Result;
  if (data != null) return; // partial: 200, the errors say which fields are missing and why
  for (const error of errors ?? []) {
    if (error.extensions?.code !== 'SERVICE_UNAVAILABLE') continue;
    const headers = { 'Retry-After': String(RETRY_AFTER_SECONDS) };
    (error.extensions as Record<string, unknown>).http = { status: 503, spec: false, headers };
  }
}

export const useUnavailableStatus = (): GatewayPlugin => ({
  onResultProcess({ result }) {
    for (const each of Array.isArray(result) ? result : [result]) statusFor(each);
  },
});
