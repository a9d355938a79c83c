import { persistedExchange } from '@urql/exchange-persisted';
import { Kind, type DocumentNode } from 'graphql';
import { createClient as createWsClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { TRUSTED_HASHES } from '@/gql/trusted';

export type ClientOptions = {
  url: string;
  token: string | null;
  /** Send each operation as its trusted-document hash only (a router with TRUSTED_DOCUMENTS on). */
  trustedDocuments: boolean;
  onUnauthenticated: () => void;
};

export function operationName(document: DocumentNode): string | undefined {
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) return definition.name?.value;
  }
  return undefined;
}

/**
 * One urql client per signed-in session (a new token gets a new client, so no cached answer
 * outlives the session it was asked in). urql's document cache: each query's answer is kept
 * by its operation and variables, and a mutation answer naming a type (Application, Interview,
 * ...) refetches the queries on screen that hold that type. Chosen over graphcache's normalized
 * cache: lists here are filtered server-side (status, text, dates, per-column aliases), so a
 * normalized cache would need hand-written updaters per list to place a new or moved card;
 * one refetch of what is on screen is simpler and always right.
 *
 * With `trustedDocuments`, every operation goes as `extensions.persistedQuery` with the hash the
 * router knows its file by (`src/gql/trusted.ts`), and no query text.
 */
export type Session = { client: Client; dispose: () => void };

export function makeClient({ url, token, trustedDocuments, onUnauthenticated }: ClientOptions): Session {
  // Subscriptions (the live notification toast) over graphql-transport-ws through the router,
  // the token in connectionParams (a browser cannot set headers on the upgrade request). A new
  // token makes a new session, so a new socket; `dispose` closes the old one.
  const ws =
    typeof window === 'undefined'
      ? null
      : createWsClient({
          url: url.replace(/^http/, 'ws'),
          lazy: true, // no socket until a subscription starts
          // A router restart or a dropped network: try again for as long as the page is open,
          // whatever the close (a router starting up closes with codes graphql-ws would take as
          // final), after 1, 2, 4 … 30 s plus a random second. A token the router refuses also
          // fails the page's queries, which ends the session and this socket.
          retryAttempts: Number.POSITIVE_INFINITY,
          shouldRetry: () => true,
          retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** retries) + Math.random() * 1000)),
          connectionParams: () => (token ? { authorization: `Bearer ${token}` } : {}),
        });
  const client = new Client({
    url,
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: (): RequestInit => (token ? { headers: { Authorization: `Bearer ${token}` } } : {}),
    exchanges: [
      cacheExchange,
      ...(trustedDocuments
        ? [
            persistedExchange({
              enforcePersistedQueries: true,
              enableForMutation: true,
              preferGetForPersistedQueries: false,
              generateHash: async (_query, document) => TRUSTED_HASHES[operationName(document) ?? ''],
            }),
          ]
        : []),
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
              forwardSubscription: (request, operation) => ({
                subscribe: (sink) => ({
                  unsubscribe: ws.subscribe(
                    trustedDocuments
                      ? // The router runs trusted documents only: the hash, and no text.
                        {
                          query: '',
                          operationName: request.operationName,
                          variables: request.variables,
                          extensions: { persistedQuery: { version: 1, sha256Hash: TRUSTED_HASHES[operationName(operation.query) ?? ''] } },
                        }
                      : { ...request, query: request.query ?? '' },
                    sink,
                  ),
                }),
              }),
            }),
          ]
        : []),
    ],
  });
  return { client, dispose: () => void ws?.dispose() };
}
