// Apollo Gateway (+ Apollo Server) on the same supergraph and subgraphs as Hive Gateway, so the
// benchmark can compare routers (`python -m bench --router apollo`). Benchmark use only:
//   ROUTER_PORT (default 4000), SUPERGRAPH_PATH (default ../../schema/supergraph.graphql),
//   SUBGRAPH_<NAME>_URL overrides each subgraph's routing URL.
// It forwards the client's Authorization header and does not check tokens itself (the subgraphs
// verify them, as they do behind Hive Gateway). Ready when GET /?query={__typename} answers 200.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const here = dirname(fileURLToPath(import.meta.url));
const supergraphSdl = readFileSync(
  resolve(here, process.env.SUPERGRAPH_PATH || '../../schema/supergraph.graphql'),
  'utf8',
);
const urlFor = (name, url) =>
  process.env[`SUBGRAPH_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`] || url;

class ForwardAuthorization extends RemoteGraphQLDataSource {
  willSendRequest({ request, context }) {
    if (context.authorization) request.http.headers.set('authorization', context.authorization);
  }
}

const gateway = new ApolloGateway({
  supergraphSdl,
  buildService: ({ name, url }) => new ForwardAuthorization({ url: urlFor(name, url) }),
});
const server = new ApolloServer({ gateway, csrfPrevention: false, introspection: true });
const { url } = await startStandaloneServer(server, {
  listen: { host: '127.0.0.1', port: Number(process.env.ROUTER_PORT || 4000) },
  context: async ({ req }) => ({ authorization: req.headers.authorization }),
});
console.log(`Apollo Gateway ready at ${url}`);
