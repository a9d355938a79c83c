import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { DashboardDocument, WebLogInDocument } from '@/gql/graphql';
import { TRUSTED_HASHES } from '@/gql/trusted';
import { operationName } from './client';

it('knows each operation by the hash the router gives its file (SHA-256 of the text)', () => {
  const dir = resolve(__dirname, '../graphql');
  const files = readdirSync(dir).filter((f) => f.endsWith('.graphql'));
  expect(Object.keys(TRUSTED_HASHES)).toHaveLength(files.length);
  const text = readFileSync(`${dir}/Dashboard.graphql`, 'utf8');
  expect(TRUSTED_HASHES.Dashboard).toBe(createHash('sha256').update(text).digest('hex'));
});

it('names the operation of a typed document', () => {
  expect(operationName(DashboardDocument)).toBe('Dashboard');
  expect(operationName(WebLogInDocument)).toBe('WebLogIn');
});
