"""Bearer-token verification: RS256 JWTs checked against the users subgraph's JWKS.

The key set is fetched lazily, cached for JWKS_CACHE_SECONDS, and fetched again at
once (at most every `min_refresh_seconds`) when a token names a key id the cache does
not hold, so a rotated signing key is picked up without a restart.

A token that verified is remembered (up to `remembered` of them) until it expires or the
key set it was checked against is replaced, so a client's repeated requests skip the
signature check; the answer is the one a full check would give.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple

import httpx
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from subgraphs.kit.errors import AppError, ErrorCode

JWKSFetcher = Callable[[], Awaitable[dict[str, Any]]]
ALGORITHMS = ["RS256"]


def http_jwks(url: str, *, timeout: float = 5.0) -> JWKSFetcher:
    async def fetch() -> dict[str, Any]:
        async with httpx.AsyncClient(timeout=timeout) as client:
            response = await client.get(url)
            response.raise_for_status()
            keys: dict[str, Any] = response.json()
            return keys

    return fetch


def invalid_token(reason: str) -> AppError:
    return AppError(ErrorCode.UNAUTHENTICATED, f"Invalid bearer token: {reason}")


class Verified(NamedTuple):
    subject: str
    expires_at: float  # the token's `exp`
    keys: KeySet  # the key set it was checked against


class TokenVerifier:
    """Verifies RS256 bearer tokens against a JWKS (see the module docstring)."""

    def __init__(
        self,
        fetch_jwks: JWKSFetcher,
        *,
        issuer: str,
        audience: str,
        cache_seconds: float = 300,
        min_refresh_seconds: float = 5,
        remembered: int = 1024,
    ) -> None:
        self._fetch = fetch_jwks
        self._claims = jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": issuer},
            aud={"essential": True, "value": audience},
            exp={"essential": True},
            sub={"essential": True},
        )
        self._cache_seconds = cache_seconds
        self._min_refresh_seconds = min_refresh_seconds
        self._keys: KeySet | None = None
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()
        self._verified: dict[str, Verified] = {}
        self._remembered = remembered

    async def verify(self, token: str) -> str:
        """The verified subject (user id), or AppError(UNAUTHENTICATED)."""
        return (await self.verified(token)).subject

    async def verified(self, token: str) -> Verified:
        """The verified subject and the token's expiry, or AppError(UNAUTHENTICATED)."""
        known = self._verified.get(token)
        if known is not None and self._still_valid(known):
            return known
        try:
            kid = jws.extract_compact(token.encode()).headers().get("kid")
        except (JoseError, ValueError) as error:
            raise invalid_token("malformed") from error
        keys = await self._key_set(kid)
        try:
            decoded = jwt.decode(token, keys, algorithms=ALGORITHMS)
            self._claims.validate(decoded.claims)
        except JoseError as error:
            raise invalid_token(error.error) from error
        verified = Verified(str(decoded.claims["sub"]), float(decoded.claims["exp"]), keys)
        self._remember(token, verified)
        return verified

    def _still_valid(self, known: Verified) -> bool:
        fresh = time.monotonic() - self._fetched_at <= self._cache_seconds
        return fresh and known.keys is self._keys and time.time() < known.expires_at

    def _remember(self, token: str, verified: Verified) -> None:
        if len(self._verified) >= self._remembered:
            del self._verified[next(iter(self._verified))]  # the oldest
        self._verified[token] = verified

    async def _key_set(self, kid: str | None) -> KeySet:
        async with self._lock:
            now = time.monotonic()
            age = now - self._fetched_at
            stale = age > self._cache_seconds
            unknown_kid = self._keys is not None and kid is not None and not self._has(kid)
            if self._keys is None or stale or (unknown_kid and age > self._min_refresh_seconds):
                try:
                    self._keys = KeySet.import_key_set(await self._fetch())  # type: ignore[arg-type]
                    self._fetched_at = now
                except (httpx.HTTPError, ValueError, JoseError) as error:
                    if self._keys is None:
                        raise AppError(
                            ErrorCode.UNAUTHENTICATED, "Signing keys are unavailable, retry later"
                        ) from error
            return self._keys

    def _has(self, kid: str) -> bool:
        assert self._keys is not None
        return any(key.kid == kid for key in self._keys.keys)
