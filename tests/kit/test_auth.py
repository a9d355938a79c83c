"""Token verification: JWKS cached, re-fetched for a new key id (rotation), bad tokens refused."""

import time

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from subgraphs.kit.auth import TokenVerifier
from subgraphs.kit.errors import AppError

SUBJECT = "8a0d0f0e-9a49-4c0f-9d4c-3f3e2a1b0c9d"


def public(key: RSAKey) -> dict:
    return {**key.as_dict(private=False), "kid": key.thumbprint()}


def token(key: RSAKey, **claims) -> str:
    now = int(time.time())
    body = {"sub": SUBJECT, "iss": "job-tracker", "aud": "job-tracker", "iat": now, "exp": now + 60}
    return jwt.encode({"alg": "RS256", "kid": key.thumbprint()}, body | claims, key)


class FakeJWKS:
    def __init__(self, *keys: RSAKey) -> None:
        self.keys = list(keys)
        self.fetches = 0

    async def __call__(self) -> dict:
        self.fetches += 1
        return {"keys": [public(k) for k in self.keys]}


def verifier(jwks: FakeJWKS, **options) -> TokenVerifier:
    return TokenVerifier(jwks, issuer="job-tracker", audience="job-tracker", **options)


async def test_keys_are_fetched_once_and_cached():
    key = RSAKey.generate_key(2048)
    jwks = FakeJWKS(key)
    check = verifier(jwks)
    for _ in range(3):
        assert await check.verify(token(key)) == SUBJECT
    assert jwks.fetches == 1


async def test_a_rotated_key_is_picked_up_without_restart():
    old, new = RSAKey.generate_key(2048), RSAKey.generate_key(2048)
    jwks = FakeJWKS(old)
    check = verifier(jwks, min_refresh_seconds=0)
    assert await check.verify(token(old)) == SUBJECT
    jwks.keys = [new, old]  # the users subgraph now signs with `new`, still publishes `old`
    assert await check.verify(token(new)) == SUBJECT
    assert await check.verify(token(old)) == SUBJECT
    assert jwks.fetches == 2


async def test_unknown_key_ids_do_not_hammer_the_jwks():
    key, stranger = RSAKey.generate_key(2048), RSAKey.generate_key(2048)
    jwks = FakeJWKS(key)
    check = verifier(jwks, min_refresh_seconds=60)
    await check.verify(token(key))
    for _ in range(5):
        with pytest.raises(AppError):
            await check.verify(token(stranger))
    assert jwks.fetches == 1


@pytest.mark.parametrize(
    "claims",
    [{"exp": int(time.time()) - 5}, {"iss": "elsewhere"}, {"aud": "another-app"}],
)
async def test_expired_or_foreign_tokens_are_refused(claims):
    key = RSAKey.generate_key(2048)
    with pytest.raises(AppError) as raised:
        await verifier(FakeJWKS(key)).verify(token(key, **claims))
    assert raised.value.code == "UNAUTHENTICATED"


async def test_an_unreachable_jwks_is_an_authentication_error():
    async def down() -> dict:
        raise ValueError("connection refused")

    check = TokenVerifier(down, issuer="job-tracker", audience="job-tracker")
    with pytest.raises(AppError) as raised:
        await check.verify(token(RSAKey.generate_key(2048)))
    assert raised.value.code == "UNAUTHENTICATED"


async def test_a_remembered_token_is_refused_once_it_expires(monkeypatch):
    key = RSAKey.generate_key(2048)
    check = verifier(FakeJWKS(key))
    short_lived = token(key, exp=int(time.time()) + 30)
    assert await check.verify(short_lived) == SUBJECT
    later = time.time() + 60
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(AppError):
        await check.verify(short_lived)


async def test_a_remembered_token_is_checked_again_when_the_keys_change():
    old, new = RSAKey.generate_key(2048), RSAKey.generate_key(2048)
    jwks = FakeJWKS(old)
    check = verifier(jwks, cache_seconds=0)
    signed_by_old = token(old)
    assert await check.verify(signed_by_old) == SUBJECT
    jwks.keys = [new]  # `old` retired for good: its tokens stop working at the next fetch
    with pytest.raises(AppError):
        await check.verify(signed_by_old)


async def test_remembered_tokens_are_bounded():
    key = RSAKey.generate_key(2048)
    check = verifier(FakeJWKS(key), remembered=2)
    for n in range(5):
        assert await check.verify(token(key, jti=str(n))) == SUBJECT
    assert len(check._verified) == 2
