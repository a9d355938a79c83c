// Token checks at the router: the client's bearer token, verified against the users subgraph's
// JWKS. Subgraphs verify the forwarded token again; this is the early, cheap filter.
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import type { ExtractTokenFunction, GatewayPlugin } from '@graphql-hive/gateway';
import { createRemoteJWKSet, decodeProtectedHeader, errors } from 'jose';
import { log, refusal } from './errors.ts';
import { settings } from './settings.ts';

const { jwt } = settings;

// jose's remote key set: fetched on first use and kept (keys do not expire here); a token naming
// a kid the set lacks refetches it, at most once per JWKS_COOLDOWN_SECONDS whatever the kid, so
// made-up kids cost the sender a 401 and never the other users a fetch budget.
const keySet = createRemoteJWKSet(new URL(jwt.jwksUrl), {
  cooldownDuration: jwt.cooldownSeconds * 1000,
  cacheMaxAge: Number.POSITIVE_INFINITY,
  timeoutDuration: 5000,
});
const keyObjects = new WeakMap<object, KeyObject>();
// A key nobody signs with: verifying a token with it fails ("invalid signature"), so the
// answer is 401, as for any other bad token.
const NO_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;

export async function signingKey(kid?: string): Promise<KeyObject> {
  try {
    const key = (await keySet({ alg: 'RS256', kid })) as CryptoKey;
    let keyObject = keyObjects.get(key);
    if (!keyObject) keyObjects.set(key, (keyObject = KeyObject.from(key)));
    return keyObject;
  } catch (error) {
    if (!(error instanceof errors.JWKSNoMatchingKey)) {
      log.warn(`signing keys unavailable from ${jwt.jwksUrl}: ${(error as Error).message}`);
    }
    return NO_KEY;
  }
}

const unauthenticated = (message: string) => refusal('UNAUTHENTICATED', message, 401);

// No key set fetched yet and the JWKS unreachable (the users subgraph down at start-up): a
// token cannot be checked, which is the router's trouble (503), not the client's (401). Tried
// again at most once a second.
let unreachableAt = Number.NEGATIVE_INFINITY;
async function keysAvailable(): Promise<boolean> {
  if (keySet.jwks()) return true;
  if (Date.now() - unreachableAt < 1000) return false;
  try {
    await keySet.reload();
    return true;
  } catch (error) {
    unreachableAt = Date.now();
    log.warn(`signing keys unavailable from ${jwt.jwksUrl}: ${(error as Error).message}`);
    return false;
  }
}

type ServerContext = { headers?: Record<string, unknown>; connectionParams?: unknown };

// The client's "Bearer <token>": from connectionParams.authorization / .Authorization for
// WebSocket clients (browsers cannot set headers on the upgrade request), else the header.
// Anything but a string there (an array, an object: JSON allows it) is `null`, a malformed one.
function authorizationOf(ctx: ServerContext | undefined, request?: Request): string | null | undefined {
  const params = ctx?.connectionParams;
  const given =
    params && typeof params === 'object'
      ? ((params as Record<string, unknown>).authorization ?? (params as Record<string, unknown>).Authorization)
      : undefined;
  // Hive Gateway copies connectionParams into context.headers as they are: checked the same.
  const value = given ?? request?.headers.get('authorization') ?? ctx?.headers?.authorization;
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : null;
}

const wellFormed = (authorization: string | null | undefined) => authorization ?? undefined;

export const bearerToken: ExtractTokenFunction = async ({ request, serverContext }) => {
  const given = authorizationOf(serverContext as ServerContext, request);
  if (given === null) throw unauthenticated('The authorization must be a string: "Bearer <token>".');
  const authorization = given?.trim();
  if (!authorization) return undefined;
  const [scheme, token, ...rest] = authorization.split(/\s+/);
  if (scheme.toLowerCase() !== 'bearer' || !token || rest.length) {
    throw unauthenticated('The Authorization header must be "Bearer <token>".');
  }
  try {
    decodeProtectedHeader(token);
  } catch {
    throw unauthenticated('The authentication token is not a JWT.');
  }
  if (!(await keysAvailable())) {
    throw refusal('SERVICE_UNAVAILABLE', 'Tokens cannot be checked right now; try again shortly.', 503);
  }
  return { prefix: 'Bearer', token };
};

// Puts that value in context.headers.authorization, which the WebSocket transport forwards.
export const useAuthorizationHeader = (): GatewayPlugin => ({
  onContextBuilding({ context, extendContext }) {
    const ctx = context as ServerContext & { request?: Request };
    const authorization = wellFormed(authorizationOf(ctx, ctx.request));
    if (authorization) extendContext({ headers: { ...ctx.headers, authorization } });
  },
});

export const forwardedAuthorization = ({ context }: { context: unknown }) => {
  const ctx = context as ServerContext & { request?: Request };
  return { authorization: wellFormed(authorizationOf(ctx, ctx.request)) };
};

export const jwtOptions = {
  signingKeyProviders: [signingKey],
  tokenLookupLocations: [bearerToken],
  tokenVerification: { algorithms: ['RS256' as const], issuer: jwt.issuer, audience: jwt.audience },
  // No token passes through (signUp/logIn; subgraphs answer UNAUTHENTICATED); a bad one is refused.
  reject: { missingToken: false, invalidToken: true },
  // Subgraphs verify the forwarded Authorization header themselves: no payload in `extensions`.
  forward: { payload: false, token: false },
};
