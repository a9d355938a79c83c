// The client's address for the subgraphs (the users subgraph rate-limits log-in and sign-up per
// address): X-Forwarded-For as the client sent it, with the address this router was called from
// appended (as nginx's $proxy_add_x_forwarded_for does). A subgraph believes the header only from
// peers in its TRUSTED_PROXIES and takes the nearest address that is not one of them, so what a
// client writes into the header names nobody but a trusted proxy's own client.
type ServerContext = {
  req?: { socket?: { remoteAddress?: string } };
  request?: Request;
};

export function forwardedFor(context: unknown): string | undefined {
  const ctx = context as ServerContext;
  const sent = ctx.request?.headers.get('x-forwarded-for')?.trim() || undefined;
  // Node names an IPv4 client of a dual-stack socket as ::ffff:203.0.113.9.
  const peer = ctx.req?.socket?.remoteAddress?.replace(/^::ffff:(?=\d+\.)/, '');
  if (!peer) return sent;
  return sent ? `${sent}, ${peer}` : peer;
}
