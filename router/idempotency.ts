// Idempotency keys on mutations, after the IETF draft "The Idempotency-Key HTTP Header Field"
// (draft-ietf-httpapi-idempotency-key-header). A signed-in client's POST whose operation is a
// mutation and that carries `Idempotency-Key: <1 to 255 characters>` (or the draft's quoted
// form) is answered once: the first answer (status, body, content type) is kept per user (the
// `sub` of the token the router verified) and key for IDEMPOTENCY_TTL_SECONDS, and
//   the same key with the same request (operation printed, variables, operation name)
//     gets that answer again, `Idempotent-Replayed: true`, no subgraph called;
//   the same key with another request is 422 IDEMPOTENCY_KEY_REUSED;
//   the same key while its first request is still in flight is 409 IDEMPOTENCY_KEY_IN_PROGRESS.
// Answers a retry could change are not kept: any 5xx or 429, or an error coded
// SERVICE_UNAVAILABLE, RATE_LIMITED or INTERNAL_SERVER_ERROR. The key is ignored on a query
// or subscription, and on an anonymous request (signUp, logIn: their answers hold tokens, and
// a key alone names nobody). Records live in Redis with REDIS_URL, else in memory
// (idempotency-store.ts); a Redis that does not answer makes a keyed mutation 503, never a
// second run.
import { createHash, randomUUID } from 'node:crypto';
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { type DocumentNode, getOperationAST, print } from 'graphql';
import { log, refusal } from './errors.ts';
import { type Answer, type IdempotencyStore, MemoryStore, RedisStore } from './idempotency-store.ts';
import { settings } from './settings.ts';

const { idempotency, redisUrl, redisKeyPrefix } = settings;
const TTL_MS = idempotency.ttlSeconds * 1000;
// A claim outlives its request if the router dies meanwhile: after this, the key is free.
const IN_FLIGHT_MS = Math.min(TTL_MS, 300_000);
const MAX_KEY = 255;
const KEPT_HEADERS = new Set(['content-type', 'www-authenticate']);
const TRANSIENT = new Set(['SERVICE_UNAVAILABLE', 'RATE_LIMITED', 'INTERNAL_SERVER_ERROR']);

const store: IdempotencyStore = redisUrl
  ? new RedisStore(redisUrl, `${redisKeyPrefix}:idempotency:`)
  : new MemoryStore(idempotency.memoryBytes);

type Claim = { key: string; hash: string; claim: string };
const claims = new WeakMap<Request, Claim>();
const replays = new WeakMap<Request, Answer>();

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The header's key: a bare value or the draft's quoted string; undefined when malformed. */
function keyOf(header: string): string | undefined {
  const quoted = /^"(.*)"$/.exec(header.trim());
  const key = quoted ? quoted[1].replace(/\\(["\\])/g, '$1') : header.trim();
  return key.length >= 1 && key.length <= MAX_KEY ? key : undefined;
}

/** JSON with object keys sorted, so that `{a, b}` and `{b, a}` are one request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

type ExecuteHook = {
  args: {
    document: DocumentNode;
    operationName?: string | null;
    variableValues?: Record<string, unknown> | null;
    contextValue: { request?: Request; jwt?: { payload?: { sub?: unknown } } };
  };
  setResultAndStopExecution: (result: object) => void;
};

async function claimOrAnswer({ args, setResultAndStopExecution }: ExecuteHook) {
  const { request, jwt } = args.contextValue;
  const header = request?.method === 'POST' ? request.headers.get('idempotency-key') : null;
  const subject = jwt?.payload?.sub;
  if (!request || header === null || typeof subject !== 'string') return;
  if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
  const refuse = (code: string, message: string, status: number, headers?: Record<string, string>) =>
    setResultAndStopExecution({ errors: [refusal(code, message, status, headers)] });
  const key = keyOf(header);
  if (key === undefined) return refuse('BAD_REQUEST', `Idempotency-Key must be 1 to ${MAX_KEY} characters.`, 400);
  const id = sha256(JSON.stringify([subject, key]));
  const hash = sha256(canonical([print(args.document), args.variableValues ?? {}, args.operationName ?? null]));
  const claim = randomUUID();
  let found;
  try {
    found = await store.claim(id, { hash, claim }, IN_FLIGHT_MS);
  } catch (error) {
    log.warn(`idempotency records unavailable: ${(error as Error).message}`);
    const message = 'Idempotency keys cannot be checked right now; try again shortly.';
    return refuse('SERVICE_UNAVAILABLE', message, 503, { 'Retry-After': '2' });
  }
  if (!found) return void claims.set(request, { key: id, hash, claim });
  if (found.hash !== hash) {
    return refuse('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another request.', 422);
  }
  if (!found.answer) {
    const message = 'A request with this Idempotency-Key is still in progress; retry after it.';
    return refuse('IDEMPOTENCY_KEY_IN_PROGRESS', message, 409, { 'Retry-After': '1' });
  }
  replays.set(request, found.answer);
  setResultAndStopExecution({}); // answered by the replay's result processor below
}

function worthKeeping(response: Response, body: string): boolean {
  if (response.status >= 500 || response.status === 429) return false;
  try {
    const errors = (JSON.parse(body) as { errors?: { extensions?: { code?: unknown } }[] }).errors ?? [];
    return !errors.some((error) => TRANSIENT.has(String(error.extensions?.code)));
  } catch {
    return false; // not one JSON answer (a stream)
  }
}

async function settle(request: Request, response: Response) {
  const claimed = claims.get(request);
  if (!claimed) return;
  claims.delete(request);
  const { key, hash, claim } = claimed;
  try {
    const body = await response.clone().text();
    if (!worthKeeping(response, body)) return await store.release(key, claim);
    const headers = [...response.headers].filter(([name]) => KEPT_HEADERS.has(name.toLowerCase()));
    await store.answer(key, claim, { hash, answer: { status: response.status, headers, body } }, TTL_MS);
  } catch (error) {
    log.warn(`idempotency record not kept: ${(error as Error).message}`);
  }
}

export const useIdempotencyKeys = (): GatewayPlugin => ({
  onExecute: claimOrAnswer as never,
  onResultProcess({ request, setResultProcessor }) {
    const answer = replays.get(request);
    if (!answer) return;
    const type = answer.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? 'application/json';
    const headers = [...answer.headers, ['Idempotent-Replayed', 'true']] as [string, string][];
    setResultProcessor((_, fetchAPI) => new fetchAPI.Response(answer.body, { status: answer.status, headers }), type);
  },
  onResponse: ({ request, response }) => settle(request, response),
});
