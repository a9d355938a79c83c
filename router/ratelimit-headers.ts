// Rate-limit headers, from the subgraphs to the client. The limits live in the subgraphs (kit's
// RateLimits), which tell the budget an operation touched in the IETF draft's headers
// (RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, and Retry-After when refused). An
// operation planned over several subgraphs passes on the tightest budget: the fewest remaining,
// the first told on a tie. Registered as propagateHeaders.fromSubgraphsToClient, with
// deduplicateHeaders so that a tighter budget replaces the one told before it.
const NAMES = ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after'] as const;

// The remaining count told so far, per operation (its context object).
const told = new WeakMap<object, number>();

export function rateLimitHeaders({ context, response }: { context: unknown; response: Response }) {
  const remaining = Number(response.headers.get('ratelimit-remaining') ?? Number.NaN);
  if (!Number.isSafeInteger(remaining) || !context || typeof context !== 'object') return undefined;
  const before = told.get(context);
  if (before !== undefined && before <= remaining) return undefined;
  told.set(context, remaining);
  // Retry-After comes only with a refusal (0 remaining), which nothing after it replaces.
  return Object.fromEntries(NAMES.map((name) => [name, response.headers.get(name) ?? undefined]));
}
