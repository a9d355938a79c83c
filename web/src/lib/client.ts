import { createClient as createWsClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';

/**
 * One urql client per signed-in session (a new token gets a new client, so no cached answer
 * outlives the session it was asked in). urql's document cache: each query's answer is kept
 * by its operation and variables, and a mutation answer naming a type (Application, Interview,
 * ...) refetches the queries on screen that hold that type. Chosen over graphcache's normalized
 * cache: lists here are filtered server-side (status, text, dates, per-column aliases), so a
 * normalized cache would need hand-written updaters per list to place a new or moved card;
 * one refetch of what is on screen is simpler and always right.
 */
export function makeClient(url: string, token: string | null, onUnauthenticated: () => void): Client {
  const ws =
    typeof window === 'undefined'
      ? null
      : createWsClient({
          url: url.replace(/^http/, 'ws'),
          lazy: true, // no socket until a subscription starts (notifications, later)
          connectionParams: () => (token ? { Authorization: `Bearer ${token}` } : {}),
        });
  return new Client({
    url,
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: (): RequestInit => (token ? { headers: { Authorization: `Bearer ${token}` } } : {}),
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error) {
          const unauthenticated =
            (error.response as Response | undefined)?.status === 401 ||
            error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
          if (unauthenticated && token) onUnauthenticated();
        },
      }),
      fetchExchange,
      ...(ws
        ? [
            subscriptionExchange({
              forwardSubscription: (request) => ({
                subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
              }),
            }),
          ]
        : []),
    ],
  });
}
