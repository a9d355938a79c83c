"""Who sent a request: the peer's address, or, when the peer is one of TRUSTED_PROXIES (the
router, a load balancer), the address X-Forwarded-For names: the nearest hop that is not a
trusted proxy. Without TRUSTED_PROXIES no header is believed."""

import ipaddress
from collections.abc import Sequence

from starlette.requests import HTTPConnection

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(proxies: str) -> tuple[Network, ...]:
    """TRUSTED_PROXIES: comma-separated addresses or networks (`10.0.0.0/8`)."""
    return tuple(ipaddress.ip_network(each.strip()) for each in proxies.split(",") if each.strip())


def _within(address: str, networks: Sequence[Network]) -> bool:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped:
        parsed = parsed.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return any(parsed in network for network in networks)


def client_address(connection: HTTPConnection, trusted: Sequence[Network]) -> str:
    """Who sent the request: the peer, unless the peer is a trusted proxy; then the nearest
    address in X-Forwarded-For that is not one (proxies append the address they were called
    from, so the entries before it are whatever the client wrote)."""
    peer = connection.client.host if connection.client else "unknown"
    if not _within(peer, trusted):
        return peer
    forwarded = ",".join(connection.headers.getlist("x-forwarded-for"))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _within(hop, trusted):
            return hop[:64]
    return hops[0][:64] if hops else peer
