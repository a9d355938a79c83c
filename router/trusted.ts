// Trusted documents: the operations the documented clients ship, one per `.graphql` file under
// TRUSTED_DOCUMENTS_DIRS, each known by the SHA-256 of the file's text. With TRUSTED_DOCUMENTS on
// (the default in production) the router runs only these, asked for by hash:
//   {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "<hex>"}}, "variables": {...}}
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GatewayConfig } from '@graphql-hive/gateway';
import { Kind, parse } from 'graphql';
import { refusal } from './errors.ts';
import { settings } from './settings.ts';

export type TrustedDocuments = { byHash: Map<string, string>; names: Set<string> };

const graphqlFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.graphql'))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));

export function loadTrustedDocuments(dirs: string[]): TrustedDocuments {
  const byHash = new Map<string, string>();
  const names = new Set<string>();
  for (const file of dirs.flatMap(graphqlFiles)) {
    const text = readFileSync(file, 'utf8');
    byHash.set(createHash('sha256').update(text).digest('hex'), text);
    for (const definition of parse(text).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.add(definition.name.value);
    }
  }
  return { byHash, names };
}

export function persistedDocumentsOptions({ byHash }: TrustedDocuments): GatewayConfig['persistedDocuments'] {
  if (!settings.trustedDocuments) return undefined;
  return {
    getPersistedOperation: (hash: string) => byHash.get(hash) ?? null,
    allowArbitraryDocuments: false,
    customErrors: {
      notFound: () => refusal('PERSISTED_QUERY_NOT_FOUND', 'No trusted document has this hash.'),
      keyNotFound: () =>
        refusal('PERSISTED_QUERY_ID_REQUIRED', 'Send extensions.persistedQuery.sha256Hash of a trusted document.'),
      persistedQueryOnly: () =>
        refusal('PERSISTED_QUERY_ONLY', 'Only trusted documents run here: send their sha256Hash, not a query.'),
    },
  } as GatewayConfig['persistedDocuments'];
}
