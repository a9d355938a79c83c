// The document's nesting limit, checked on the request's parameters before anything parses it: a
// document nested more than MAX_NESTING levels deep (lists, objects, selections, arguments) is
// GRAPHQL_PARSE_FAILED, as graphql-core answers it at the subgraphs (whose limit this is).
// graphql-js's parser recurses once per level, and so does the cost walk: a list literal 5,000
// levels deep overflowed the stack (RangeError, answered INTERNAL_SERVER_ERROR). Variables have
// their own, tighter limit (limits.ts, useValueDepthLimit). Real operations nest a few levels.
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

// Answered with setResult, not thrown: over WebSocket a thrown error is the transport's
// "Internal error" and a closed socket.
export const useNestingLimit = (): GatewayPlugin => ({
  onParams({ params, setResult }) {
    if (typeof params.query === 'string' && documentNesting(params.query) > MAX_NESTING) {
      const message = 'Document is nested too deeply. Parsing aborted.';
      setResult({ errors: [refusal('GRAPHQL_PARSE_FAILED', message)] });
    }
  },
});
