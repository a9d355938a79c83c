#!/usr/bin/env node
// Composes the subgraph SDL files listed in a rover-style supergraph.yaml into a supergraph.
//   node router/compose.mjs [--config <supergraph.yaml>] [--out <supergraph.graphql>] [--check]
// --check: compare with --out instead of writing; exit 1 if it is stale.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import YAML from 'yaml';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Returns {supergraphSdl} on success or {errors: [{message, code}]} on failure. */
export async function composeFromConfig(configPath = resolve(repoRoot, 'supergraph.yaml')) {
  let config;
  try {
    config = YAML.parse(await readFile(configPath, 'utf8'));
  } catch (e) {
    return { errors: [{ message: `${configPath}: ${e.message}` }] };
  }
  const entries = Object.entries(config?.subgraphs ?? {});
  if (entries.length === 0) return { errors: [{ message: `no subgraphs in ${configPath}` }] };
  // Sorted by name so the output does not depend on the order of keys in the YAML file.
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  const services = [];
  for (const [name, subgraph] of entries) {
    const file = subgraph?.schema?.file;
    if (!file) return { errors: [{ message: `subgraph "${name}": only schema.file is supported` }] };
    if (!subgraph.routing_url) return { errors: [{ message: `subgraph "${name}": routing_url is missing` }] };
    const path = resolve(dirname(configPath), file);
    try {
      services.push({ name, url: subgraph.routing_url, typeDefs: parse(await readFile(path, 'utf8')) });
    } catch (e) {
      return { errors: [{ message: `subgraph "${name}" (${path}): ${e.message}` }] };
    }
  }

  const result = composeServices(services);
  if (result.errors?.length) {
    return { errors: result.errors.map((e) => ({ message: e.message, code: e.extensions?.code })) };
  }
  return { supergraphSdl: result.supergraphSdl.trimEnd() + '\n' };
}

async function main() {
  const { values } = parseArgs({
    options: { config: { type: 'string' }, out: { type: 'string' }, check: { type: 'boolean' } },
  });
  const configPath = resolve(values.config ?? resolve(repoRoot, 'supergraph.yaml'));
  const outPath = resolve(values.out ?? resolve(repoRoot, 'schema/supergraph.graphql'));

  const { supergraphSdl, errors } = await composeFromConfig(configPath);
  if (errors) {
    for (const e of errors) console.error(`error${e.code ? ` [${e.code}]` : ''}: ${e.message}`);
    console.error(`composition failed: ${errors.length} error(s) in ${configPath}`);
    return 1;
  }
  if (values.check) {
    const current = await readFile(outPath, 'utf8').catch(() => null);
    if (current === supergraphSdl) {
      console.log(`${outPath} is up to date`);
      return 0;
    }
    const state = current === null ? 'is missing' : `is out of date with ${configPath}`;
    console.error(`${outPath} ${state}: run \`task schema:compose\``);
    return 1;
  }
  await mkdir(dirname(outPath), { recursive: true });
  await writeFile(outPath, supergraphSdl);
  console.log(`wrote ${outPath}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(`compose: ${e.message}`);
      process.exit(1);
    },
  );
}
