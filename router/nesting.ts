// Nesting limits, checked on the request's parameters before anything parses or walks them: a
// document nested more than MAX_NESTING levels deep (lists, objects, selections, arguments) is
// GRAPHQL_PARSE_FAILED, as graphql-core answers it at the subgraphs (whose limit this is);
// variables nested deeper are 400 BAD_REQUEST. graphql-js's parser recurses once per level, and so
// do the cost walk and JSON.stringify: a list literal or a variable 5,000 levels deep overflowed
// the stack (RangeError, answered INTERNAL_SERVER_ERROR). Real operations nest a few levels.
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { refusal } from './errors.ts';

export const MAX_NESTING = 200;
const OPENING = new Set(['{', '[', '(']);
const CLOSING = new Set(['}', ']', ')']);

// The deepest nesting of brackets in a GraphQL document, outside strings and comments.
export function documentNesting(source: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '#') {
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i++;
    } else if (source.startsWith('"""', i)) {
      let end = source.indexOf('"""', i + 3);
      while (end > 0 && source[end - 1] === '\\') end = source.indexOf('"""', end + 3); // \""" is no end
      i = end < 0 ? source.length : end + 2;
    } else if (char === '"') {
      for (i++; i < source.length && source[i] !== '"' && source[i] !== '\n'; i++) {
        if (source[i] === '\\') i++;
      }
    } else if (OPENING.has(char)) {
      deepest = Math.max(deepest, ++depth);
    } else if (CLOSING.has(char)) {
      depth--;
    }
  }
  return deepest;
}

// The depth of a JSON value (a scalar: 0, `[1]`: 1), walked without recursion (it may be deeper
// than the stack), counted no further than past MAX_NESTING.
export function valueNesting(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (item === null || typeof item !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_NESTING) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

export const useNestingLimit = (): GatewayPlugin => ({
  onParams({ params }) {
    if (typeof params.query === 'string' && documentNesting(params.query) > MAX_NESTING) {
      throw refusal('GRAPHQL_PARSE_FAILED', 'Document is nested too deeply. Parsing aborted.');
    }
    const variables = Object.values(params.variables ?? {});
    if (variables.some((value) => valueNesting(value) > MAX_NESTING)) {
      throw refusal('BAD_REQUEST', `Variables are nested more than ${MAX_NESTING} levels deep.`);
    }
  },
});
