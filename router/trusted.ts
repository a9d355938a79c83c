// Trusted documents: the operations the documented clients ship, one per `.graphql` file under
// TRUSTED_DOCUMENTS_DIRS, each known by the SHA-256 of the file's text. Their operation names are
// the ones /metrics keeps.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse } from 'graphql';

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
