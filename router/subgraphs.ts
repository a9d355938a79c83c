// The subgraphs the router talks to: names and routing URLs from the supergraph's join__Graph
// enum, overridden by SUBGRAPH_<NAME>_URL, else SUBGRAPHS_BASE_URL/<name>/graphql.
import { readFileSync } from 'node:fs';
import type { TransportEntryAdditions } from '@graphql-hive/gateway';
import { settings } from './settings.ts';

export type Subgraph = { name: string; url: string };

function composed(): Subgraph[] {
  try {
    const sdl = readFileSync(settings.supergraphPath, 'utf8');
    const graphs = sdl.matchAll(/@join__graph\(\s*name:\s*"([^"]+)",\s*url:\s*"([^"]*)"/g);
    return [...graphs].map(([, name, url]) => ({ name, url }));
  } catch {
    return []; // the gateway reports the missing file itself
  }
}

function override(name: string): string | undefined {
  const own = process.env[`SUBGRAPH_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`]?.trim();
  const base = settings.subgraphsBaseUrl;
  return own || (base ? `${base}/${name}/graphql` : undefined);
}

export const subgraphs: Subgraph[] = composed().map(({ name, url }) => ({
  name,
  url: override(name) ?? url,
}));

export const urlOverrides = (): TransportEntryAdditions =>
  Object.fromEntries(
    subgraphs.filter(({ name }) => override(name)).map(({ name, url }) => [name, { location: url }]),
  );

// Every subgraph serves /health/ready beside its /graphql (the kit's service factory does).
export const healthUrl = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql\/?$/, '') + '/health/ready';
