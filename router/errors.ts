// Error hygiene: every error the router answers carries an `extensions.code`, over HTTP and over
// WebSocket alike, none echoes the request back, and client mistakes never write stack traces to
// the log.
import {
  ConsoleLogWriter,
  type GatewayPlugin,
  JSONLogWriter,
  type LogLevel,
  Logger,
  type LogWriter,
} from '@graphql-hive/gateway';
import { GraphQLError } from 'graphql';

const refusals = new WeakSet<GraphQLError>();

/** A refusal with a code, answered with `status` whatever media type the client accepts. */
export function refusal(code: string, message: string, status = 400, headers?: Record<string, string>) {
  const http = { status, spec: false, ...(headers && { headers }) };
  const error = new GraphQLError(message, { extensions: { code, http } });
  refusals.add(error);
  return error;
}

// Codes for the errors Hive Gateway and GraphQL Yoga raise without one, by their HTTP status.
const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'REQUEST_ENTITY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};
const MAX_MESSAGE = 1000;

type Extensions = Record<string, unknown> & { code?: string; http?: { status?: number } };
type Result = { data?: unknown; errors?: readonly GraphQLError[] };

function tidy(error: GraphQLError, requestError: boolean) {
  const extensions = ((error as { extensions?: Extensions }).extensions ??= {}) as Extensions;
  const status = extensions.http?.status;
  // Request errors (no `data`: bad variables, unknown operation name) are the client's input.
  const fallback = requestError ? 'BAD_USER_INPUT' : 'INTERNAL_SERVER_ERROR';
  extensions.code ??= (status && CODE_BY_STATUS[status]) || (status && status >= 500 ? 'INTERNAL_SERVER_ERROR' : fallback);
  // GraphQL Yoga marks parse errors as the GraphQL-over-HTTP spec's (200 for application/json).
  if (refusals.has(error)) extensions.http = { ...extensions.http, spec: false };
  if (status === 401) extensions.http = { ...extensions.http, headers: { 'WWW-Authenticate': 'Bearer' } };
  delete extensions.originalError; // e.g. the whole invalid JSON body, in JSON.parse's message
  if (error.message.length > MAX_MESSAGE) error.message = `${error.message.slice(0, MAX_MESSAGE)}…`;
}

function tidyResult(result: unknown, overSocket = false) {
  if (!result || typeof result !== 'object' || !('errors' in result)) return;
  const { errors } = result as Result;
  for (const error of errors ?? []) {
    tidy(error, !('data' in result));
    // The HTTP status means nothing in a graphql-transport-ws message: the code says it all.
    if (overSocket) delete (error.extensions as Extensions).http;
  }
}

// Each value of a subscription's stream tidied as it passes; `return` reaches the source at once
// (an async generator would hold it until the source's next value).
function tidiedStream(source: AsyncIterable<unknown>): AsyncIterableIterator<unknown> {
  const iterator = source[Symbol.asyncIterator]();
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      const step = await iterator.next();
      if (!step.done) tidyResult(step.value, true);
      return step;
    },
    return: (value?: unknown) => iterator.return?.(value) ?? Promise.resolve({ done: true, value }),
    throw: (error?: unknown) => iterator.throw?.(error) ?? Promise.reject(error),
  };
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  !!value && typeof value === 'object' && Symbol.asyncIterator in value;

export const useErrorHygiene = (): GatewayPlugin => ({
  onResultProcess({ result }) {
    for (const each of Array.isArray(result) ? result : [result]) tidyResult(each);
  },
  // Over WebSocket, results go to graphql-ws straight from here: onResultProcess is HTTP's.
  onExecutionResult({ result, setResult, context }) {
    if (!(context as { socket?: unknown } | undefined)?.socket) return;
    if (isAsyncIterable(result)) setResult(tidiedStream(result) as never);
    else tidyResult(result, true);
  },
});

// Stack traces belong to real failures (level error). A forged token or a refused operation is
// logged as a warning with its message only.
function withoutStacks(value: unknown, depth = 0): unknown {
  if (depth > 4 || !value || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => withoutStacks(item, depth + 1));
  const entries = Object.entries(value).filter(([key]) => key !== 'stack');
  return Object.fromEntries(entries.map(([key, item]) => [key, withoutStacks(item, depth + 1)]));
}

class StacklessWarnings implements LogWriter {
  constructor(private readonly inner: LogWriter) {}
  write(level: LogLevel, attrs: Parameters<LogWriter['write']>[1], msg: string | null | undefined) {
    const kept = level === 'error' ? attrs : (withoutStacks(attrs) as typeof attrs);
    return this.inner.write(level, kept, msg);
  }
  flush() {
    return this.inner.flush?.();
  }
}

// LOG_LEVEL is read by Logger itself; LOG_JSON picks the JSON writer, as Hive Gateway does.
const json = ['1', 'true', 'yes', 'on'].includes(process.env.LOG_JSON?.trim().toLowerCase() ?? '');
export const log = new Logger({
  writers: [new StacklessWarnings(json ? new JSONLogWriter() : new ConsoleLogWriter())],
});
