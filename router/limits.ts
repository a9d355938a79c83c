// Operation limits, checked before any subgraph is called. Each refusal is HTTP 400 with its own
// code: BAD_REQUEST for variables (or extensions) nested deeper than MAX_VALUE_DEPTH (before
// anything walks them), MAX_TOKENS_LIMIT (while parsing), MAX_DEPTH_LIMIT and MAX_ALIASES_LIMIT
// (validation), COST_ESTIMATED_TOO_EXPENSIVE (before planning, with the request's variables); a
// body over ROUTER_MAX_BODY_BYTES is 413 REQUEST_ENTITY_TOO_LARGE before it is read.
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { GatewayPlugin } from '@graphql-hive/gateway';
import {
  type GraphQLError,
  type GraphQLField,
  type GraphQLSchema,
  type DocumentNode,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  type ValidationContext,
} from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { refusal } from './errors.ts';
import { settings } from './settings.ts';

const { limits } = settings;
const plain = (error: GraphQLError) => error.message.replace(/^Syntax Error: /, '');

const reportAs = (code: string) => (context: ValidationContext | null, error: GraphQLError) =>
  context?.reportError(refusal(code, plain(error)));

// graphql-armor, the plugins behind Hive Gateway's own maxTokens/maxDepth options, used directly
// for their error hooks (the built-in options take only the number).
export const documentLimits = () => [
  maxTokensPlugin({
    n: limits.maxTokens,
    onReject: [
      (_: unknown, error: GraphQLError) => {
        throw refusal('MAX_TOKENS_LIMIT', plain(error));
      },
    ],
  }),
  maxDepthPlugin({
    n: limits.maxDepth,
    flattenFragments: true,
    propagateOnRejection: false,
    onReject: [reportAs('MAX_DEPTH_LIMIT')],
  }),
  maxAliasesPlugin({
    n: limits.maxAliases,
    allowList: [],
    propagateOnRejection: false,
    onReject: [reportAs('MAX_ALIASES_LIMIT')],
  }),
];

// Cost: 1 per object returned, 0 per scalar. A field with a `first` argument returns that many
// items (PAGE_SIZE_DEFAULT when unset); the list inside a connection is already counted by its
// `first`; any other list is assumed to hold ROUTER_LIST_SIZE items. Introspection is free.
const estimator: ComplexityEstimator = ({ field, args, childComplexity, type }) => {
  if (field.name.startsWith('__')) return 0;
  const own = isCompositeType(getNamedType(field.type)) ? 1 : 0;
  if ((field as GraphQLField<unknown, unknown>).args.some((arg) => arg.name === 'first')) {
    return own + Number(args.first ?? limits.pageSize) * childComplexity;
  }
  const list = isListType(getNullableType(field.type)) && !type.name.endsWith('Connection');
  return (list ? limits.listSize : 1) * (own + childComplexity);
};

// Selections the cost walk visits at most (fragments are walked each time they are spread): a
// legitimate operation has a few hundred; a fragment bomb reaches this bound in a few ms.
const MAX_SELECTIONS = 2500;

export function operationCost(
  schema: GraphQLSchema,
  query: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string,
): number | undefined {
  try {
    const estimators = [estimator];
    return getComplexity({ schema, query, variables, operationName, estimators, maxQueryNodes: MAX_SELECTIONS });
  } catch (error) {
    // A fragment bomb: more selections to walk than MAX_SELECTIONS.
    if (/maximum allowed number of nodes/.test((error as Error).message)) return Infinity;
    return undefined; // bad variables: execution answers them (BAD_USER_INPUT)
  }
}

type ExecuteHook = {
  args: {
    schema: GraphQLSchema;
    document: DocumentNode;
    variableValues?: Record<string, unknown> | null;
    operationName?: string | null;
  };
  setResultAndStopExecution: (result: { errors: GraphQLError[] }) => void;
};

// An operation's cost depends only on the schema, the parsed document, the operation's name and
// the variables, so it is remembered per document (the parse cache hands out one DocumentNode per
// document text) for up to COSTS_PER_DOCUMENT sets of variables, oldest forgotten first. The walk
// was about 6 % of the router's CPU on a Dashboard under load. Variables whose JSON is longer
// than COST_KEY_MAX (a long input) are not kept: the walk is cheap next to such a request.
const COSTS_PER_DOCUMENT = 64;
const COST_KEY_MAX = 1024;
const costs = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, number | undefined>>>();

export function rememberedCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string,
): number | undefined {
  let bySchema = costs.get(schema);
  if (!bySchema) costs.set(schema, (bySchema = new WeakMap()));
  let known = bySchema.get(document);
  if (!known) bySchema.set(document, (known = new Map()));
  const key = `${operationName ?? ''} ${JSON.stringify(variables)}`;
  if (known.has(key)) return known.get(key);
  const cost = operationCost(schema, document, variables, operationName);
  if (key.length <= COST_KEY_MAX) {
    if (known.size >= COSTS_PER_DOCUMENT) known.delete(known.keys().next().value as string);
    known.set(key, cost);
  }
  return cost;
}

function refuseExpensive({ args, setResultAndStopExecution }: ExecuteHook) {
  const { schema, document, variableValues, operationName } = args;
  const cost = rememberedCost(schema, document, variableValues ?? {}, operationName ?? undefined);
  if (cost === undefined || cost <= limits.maxCost) return;
  const found = Number.isFinite(cost) ? `, found ${cost}` : '';
  setResultAndStopExecution({
    errors: [refusal('COST_ESTIMATED_TOO_EXPENSIVE', `Operation cost limit of ${limits.maxCost} exceeded${found}.`)],
  });
}

export const useCostLimit = (): GatewayPlugin => ({
  onExecute: refuseExpensive as never,
  onSubscribe: refuseExpensive as never,
});

// JSON nested this deep is no input of ours: such variables would overflow the stack of whatever
// walks them recursively (the cost walk's JSON.stringify, graphql-js's coercion). Checked
// without recursion, before any of those, over HTTP and WebSocket alike.
export const MAX_VALUE_DEPTH = 64;

export function deeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (item === null || typeof item !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

export const useValueDepthLimit = (): GatewayPlugin => ({
  onParams({ params, setResult }) {
    const { variables, extensions } = params as { variables?: unknown; extensions?: unknown };
    if (!deeperThan(variables, MAX_VALUE_DEPTH) && !deeperThan(extensions, MAX_VALUE_DEPTH)) return;
    const message = `Variables and extensions may be nested at most ${MAX_VALUE_DEPTH} levels deep.`;
    setResult({ errors: [refusal('BAD_REQUEST', message)] });
  },
});

// A declared length is refused before the body is read (Node discards what still arrives); a
// chunked body is cut off mid-stream, so its connection is closed after the answer.
const tooLarge = (cutOff = false) =>
  refusal(
    'REQUEST_ENTITY_TOO_LARGE',
    `Request body over ${limits.maxBodyBytes} bytes.`,
    413,
    cutOff ? { connection: 'close' } : undefined,
  );

// A body that declares its length is refused before it is read; a chunked one once it grows past
// the limit (GraphQL Yoga's own cap, 25 MB, stays behind this one).
export const useBodyLimit = (): GatewayPlugin => ({
  onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
    const length = request.headers.get('content-length');
    if (length !== null && Number(length) > limits.maxBodyBytes) throw tooLarge();
    if (length !== null || !requestParser || !request.body) return;
    let read = 0;
    // As GraphQL Yoga does: the native TransformStream for a native body, else the ponyfill's.
    const Transform = request.body instanceof ReadableStream ? TransformStream : fetchAPI.TransformStream;
    const body = request.body.pipeThrough(
      new Transform<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          read += chunk.byteLength;
          if (read > limits.maxBodyBytes) controller.error(tooLarge(true));
          else controller.enqueue(chunk);
        },
      }),
    );
    const init = { method: request.method, headers: request.headers, body, duplex: 'half' };
    setRequestParser((req) => requestParser(new fetchAPI.Request(req.url, init as RequestInit)));
  },
});
