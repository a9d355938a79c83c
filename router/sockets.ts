// WebSocket hygiene at the router (graphql-transport-ws on Hive Gateway's `ws` server):
// - a frame over ROUTER_MAX_BODY_BYTES closes the socket with 1009 (Message Too Big) before it
//   is read, as a body over that size is refused;
// - a socket is closed with 4401 (graphql-transport-ws's Unauthorized) when the token it was
//   authenticated with expires: the token is the connection's (connectionParams or the upgrade
//   request), so checking it when each operation starts is not enough. The subgraph behind
//   closes its own socket at the same moment; it does not rely on this one;
// - closeSocketsOf(subject) closes a user's sockets (4403, Forbidden): the hook for revoking a
//   session, which the router does not know of yet.
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { WebSocket, WebSocketServer } from 'ws';
import { log } from './errors.ts';
import { settings } from './settings.ts';

export const CLOSE_EXPIRED = 4401;
export const CLOSE_REVOKED = 4403;
const MAX_TIMER_MS = 2 ** 31 - 1; // a longer setTimeout fires at once

// Hive Gateway makes its WebSocketServer itself with ws's default frame limit (100 MiB) and has no
// option for it: each server takes the body limit before it completes a handshake.
// A socket's 'error' is a frame ws refused (too large, invalid UTF-8, a protocol error): the
// client's doing, which ws has already answered with its close code. graphql-ws would log it as
// an internal error with its stack; it is a warning with its message here.
export function capFrames(maxBytes = settings.limits.maxBodyBytes) {
  const handleUpgrade = WebSocketServer.prototype.handleUpgrade;
  WebSocketServer.prototype.handleUpgrade = function (this: WebSocketServer, request, socket, head, done) {
    this.options.maxPayload = maxBytes;
    return handleUpgrade.call(this, request, socket, head, (client, ...rest) => {
      done(client, ...rest); // graphql-ws takes the connection, its 'error' listener included
      client.removeAllListeners('error');
      client.on('error', (error: Error) => log.warn(`WebSocket closed: ${error.message}`));
    });
  };
}

const watched = new WeakSet<WebSocket>();
const bySubject = new Map<string, Set<WebSocket>>();

function closeAt(socket: WebSocket, expiresAtMs: number) {
  const wait = expiresAtMs - Date.now();
  const timer = setTimeout(
    () => (wait > MAX_TIMER_MS ? closeAt(socket, expiresAtMs) : socket.close(CLOSE_EXPIRED, 'Token expired')),
    Math.max(0, Math.min(wait, MAX_TIMER_MS)),
  );
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

function watch(socket: WebSocket, expiresAt: number, subject?: string) {
  if (watched.has(socket)) return; // one token per connection: armed by its first operation
  watched.add(socket);
  closeAt(socket, expiresAt * 1000);
  if (!subject) return;
  let sockets = bySubject.get(subject);
  if (!sockets) bySubject.set(subject, (sockets = new Set()));
  sockets.add(socket);
  socket.once('close', () => {
    sockets.delete(socket);
    if (!sockets.size) bySubject.delete(subject);
  });
}

/** Closes every socket of `subject` (the token's `sub`) in this process; how many. */
export function closeSocketsOf(subject: string, code = CLOSE_REVOKED, reason = 'Session revoked'): number {
  const sockets = [...(bySubject.get(subject) ?? [])];
  for (const socket of sockets) socket.close(code, reason);
  return sockets.length;
}

type SocketContext = { socket?: unknown; jwt?: { payload?: { exp?: unknown; sub?: unknown } } };

function followToken({ args }: { args: { contextValue: unknown } }) {
  const { socket, jwt } = (args.contextValue ?? {}) as SocketContext;
  const exp = jwt?.payload?.exp;
  if (!(socket instanceof WebSocket) || typeof exp !== 'number') return;
  const sub = jwt?.payload?.sub;
  watch(socket, exp, typeof sub === 'string' ? sub : undefined);
}

// The token was verified (the jwt plugin) by the time an operation executes.
export const useSocketExpiry = (): GatewayPlugin => ({
  onExecute: followToken as never,
  onSubscribe: followToken as never,
});
