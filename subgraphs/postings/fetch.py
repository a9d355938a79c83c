"""Fetching a posting's page without becoming a proxy into the server's network (SSRF).

Each hop (the URL, then every redirect, at most POSTINGS_MAX_REDIRECTS):
    1. only `http` and `https`, no user name or password in the URL;
    2. the host is resolved here, and every address it resolves to is checked: private,
       loopback (unless allowed), link-local, multicast, reserved, unspecified and shared
       (carrier-grade NAT) addresses are refused, as are IPv6 forms of them (mapped, 6to4);
    3. the connection goes to the address checked (the URL is rewritten to it; the Host header
       and TLS's SNI and certificate check keep the name), so a DNS answer that changes between
       the check and the connection (rebinding) changes nothing;
    4. redirects are followed here, never by httpx, each through the same checks.
The body is read streamed and refused past POSTINGS_MAX_BYTES; the whole fetch, redirects
included, has POSTINGS_TIMEOUT_SECONDS. Each refusal is an `AppError` with its own code.
"""

import asyncio
import ipaddress
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from subgraphs.kit import AppError, ErrorCode
from subgraphs.postings.settings import PostingsSettings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))
SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT; not `is_private` in 3.11
REDIRECTS = {301, 302, 303, 307, 308}
USER_AGENT = "job-tracker posting import (+self-hosted)"
ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"


def refused(message: str) -> AppError:
    return AppError(ErrorCode.URL_NOT_ALLOWED, message, field="url")


@dataclass(frozen=True)
class Page:
    url: str  # the final one, after redirects
    content_type: str
    text: str
    status: int = 200  # or 304, to a conditional request
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class AddressPolicy:
    allow_loopback: bool = False
    allowed: tuple[Network, ...] = ()

    @classmethod
    def from_settings(cls, settings: PostingsSettings) -> "AddressPolicy":
        networks = [part.strip() for part in settings.POSTINGS_ALLOWED_NETWORKS.split(",")]
        allowed = tuple(ipaddress.ip_network(net, strict=False) for net in networks if net)
        return cls(allow_loopback=settings.POSTINGS_ALLOW_LOOPBACK, allowed=allowed)

    def permits(self, address: IPAddress) -> bool:
        if isinstance(address, ipaddress.IPv6Address):
            embedded = address.ipv4_mapped or address.sixtofour
            if embedded is not None:
                return self.permits(embedded)
        if any(address in network for network in self.allowed):
            return True
        if address.is_loopback:
            return self.allow_loopback
        return address.is_global and not (
            address.is_multicast or address.is_reserved or address in SHARED
        )


class Fetcher:
    """GETs a page for `importPosting` under the rules above."""

    def __init__(self, settings: PostingsSettings) -> None:
        self.policy = AddressPolicy.from_settings(settings)
        self.max_bytes = settings.POSTINGS_MAX_BYTES
        self.timeout = settings.POSTINGS_TIMEOUT_SECONDS
        self.max_redirects = settings.POSTINGS_MAX_REDIRECTS

    async def get(self, url: str, *, headers: dict[str, str] | None = None) -> Page:
        """GET `url`; `headers` are sent on every hop (a conditional request's validators)."""
        try:
            async with asyncio.timeout(self.timeout):
                return await self._follow(url, headers or {})
        except TimeoutError:
            raise AppError(
                ErrorCode.FETCH_TIMEOUT, f"The page took over {self.timeout:g} s", field="url"
            ) from None

    async def _follow(self, url: str, extra: dict[str, str]) -> Page:
        timeout = httpx.Timeout(self.timeout)
        async with httpx.AsyncClient(
            follow_redirects=False, trust_env=False, timeout=timeout
        ) as client:
            for _ in range(self.max_redirects + 1):
                response, body = await self._hop(client, url, extra)
                location = response.headers.get("location")
                if response.status_code in REDIRECTS and location:
                    try:
                        url = urljoin(url, location)
                    except ValueError:
                        raise refused("The page redirects to a URL that is not valid") from None
                    continue
                if response.status_code >= 400:
                    raise AppError(
                        ErrorCode.FETCH_FAILED,
                        f"The page answered HTTP {response.status_code}",
                        field="url",
                    )
                return Page(
                    url=url,
                    content_type=response.headers.get("content-type", ""),
                    text=_decode(body, response),
                    status=response.status_code,
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                )
        raise AppError(
            ErrorCode.FETCH_FAILED, f"More than {self.max_redirects} redirects", field="url"
        )

    async def _hop(
        self, client: httpx.AsyncClient, url: str, extra: dict[str, str]
    ) -> tuple[httpx.Response, bytes]:
        try:  # `http://[::1`, a port past 65535 or not a number: ValueError
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise refused("The URL is not valid") from None
        if parts.scheme not in ("http", "https"):
            raise refused("Only http and https URLs can be imported")
        if parts.username or parts.password:
            raise refused("URLs with a user name or password are not fetched")
        host = parts.hostname
        if not host:
            raise refused("The URL has no host")
        address = await self._checked_address(host, port)
        netloc = f"[{address}]" if address.version == 6 else str(address)
        pinned = urlunsplit((parts.scheme, f"{netloc}:{port}", parts.path or "/", parts.query, ""))
        headers = {"Host": parts.netloc.rsplit("@", 1)[-1], "User-Agent": USER_AGENT,
                   "Accept": ACCEPT, **extra}  # fmt: skip
        extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
        try:
            request = client.build_request("GET", pinned, headers=headers, extensions=extensions)
        except (httpx.InvalidURL, ValueError):
            raise refused("The URL is not valid") from None
        try:
            response = await client.send(request, stream=True)
        except httpx.TimeoutException:
            raise TimeoutError from None
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            raise AppError(
                ErrorCode.FETCH_FAILED, f"The page could not be fetched ({type(error).__name__})",
                field="url",
            ) from None  # fmt: skip
        try:
            return response, await self._body(response)
        finally:
            await response.aclose()

    async def _checked_address(self, host: str, port: int) -> IPAddress:
        addresses = await resolve(host, port)
        if not addresses:
            raise AppError(ErrorCode.FETCH_FAILED, f"{host} does not resolve", field="url")
        for address in addresses:
            if not self.policy.permits(address):
                raise refused(f"{host} resolves to an address that is not fetched ({address})")
        return addresses[0]

    async def _body(self, response: httpx.Response) -> bytes:
        if response.status_code in REDIRECTS:
            return b""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise _too_large(self.max_bytes)
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body.extend(chunk)
            if len(body) > self.max_bytes:
                raise _too_large(self.max_bytes)
        return bytes(body)


async def resolve(host: str, port: int) -> Sequence[IPAddress]:
    """Every address `host` resolves to (an IP literal: itself), without duplicates."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return []
    found: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    return found


def _too_large(limit: int) -> AppError:
    return AppError(
        ErrorCode.FETCH_TOO_LARGE, f"The page is larger than {limit} bytes", field="url"
    )


def _decode(body: bytes, response: httpx.Response) -> str:
    encoding = response.charset_encoding or "utf-8"
    try:
        return body.decode(encoding, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")
