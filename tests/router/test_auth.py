"""Tokens at the router: unknown key ids cost their sender a 401, never the other users a fetch."""

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from scripts.stack import free_port
from tests.router.conftest import Host, Router, start_router
from tests.router.tokens import rsa_key, token
from tests.stub_server import StubServer

pytestmark = pytest.mark.federation
COOLDOWN = 2  # JWKS_COOLDOWN_SECONDS of the router under test


class KeyServer(StubServer):
    """A JWKS endpoint whose keys the test changes, counting the fetches it answers."""

    def __init__(self) -> None:
        self.keys: list[dict] = []
        super().__init__(lambda: {"keys": self.keys}, path="/jwks.json")

    @property
    def fetches(self) -> int:
        return self.requests


@pytest.fixture(scope="module")
def key_server() -> Iterator[KeyServer]:
    with KeyServer() as server:
        yield server


@pytest.fixture(scope="module")
def own_keys_router(host: Host, key_server: KeyServer) -> Iterator[Router]:
    env = {"JWKS_URL": key_server.url, "JWKS_COOLDOWN_SECONDS": str(COOLDOWN)}
    stack, router = start_router(host, "own-keys", env)
    with stack:
        yield router


async def typename(client: httpx.AsyncClient, bearer: str) -> httpx.Response:
    headers = {"authorization": f"Bearer {bearer}"}
    return await client.post("/graphql", json={"query": "{ __typename }"}, headers=headers)


async def test_made_up_kids_are_401_and_fetch_the_keys_at_most_once(own_keys_router, key_server):
    known = rsa_key("known")
    key_server.keys = [known.as_dict(private=False)]
    attacker = rsa_key("attacker")
    async with httpx.AsyncClient(base_url=own_keys_router.url, timeout=10) as client:
        assert (await typename(client, token(known))).status_code == 200
        fetches = key_server.fetches
        forged = [token(attacker, kid=f"made-up-{n}") for n in range(120)]
        answers = await asyncio.gather(*(typename(client, bearer) for bearer in forged))
        assert {answer.status_code for answer in answers} == {401}
        assert {a.json()["errors"][0]["extensions"]["code"] for a in answers} == {"UNAUTHENTICATED"}
        assert key_server.fetches - fetches <= 1  # one refetch for the first unknown kid, at most
        assert (await typename(client, token(known))).status_code == 200


async def test_a_new_key_is_picked_up_after_the_cooldown(own_keys_router, key_server):
    first, rotated = rsa_key("first"), rsa_key("rotated")
    key_server.keys = [first.as_dict(private=False)]
    async with httpx.AsyncClient(base_url=own_keys_router.url, timeout=10) as client:
        await asyncio.sleep(COOLDOWN)
        assert (await typename(client, token(first))).status_code == 200
        key_server.keys.append(rotated.as_dict(private=False))
        await asyncio.sleep(COOLDOWN)
        assert (await typename(client, token(rotated))).status_code == 200
        assert (await typename(client, token(first))).status_code == 200


async def test_real_users_pass_while_forged_tokens_are_refused(http, api, account):
    attacker = rsa_key("attacker")
    forged = [token(attacker, kid=f"kid-{n}", sub=account.id) for n in range(60)]
    answers = await asyncio.gather(*(typename(http, bearer) for bearer in forged))
    assert {answer.status_code for answer in answers} == {401}
    me = await api("{ me { id } }", token=account.token)
    assert me.data == {"me": {"id": account.id}}


@pytest.mark.parametrize(
    "authorization",
    ["Bearer not-a-jwt", "Basic dXNlcjpwYXNz", "Bearer", "Bearer a b", "Token x.y.z"],
)
async def test_malformed_authorization_is_401_unauthenticated(http, authorization):
    response = await http.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"authorization": authorization}
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_token_with_a_bad_signature_is_401_unauthenticated(http, account):
    header, payload, _ = account.token.split(".")
    response = await typename(http, f"{header}.{payload}.c2lnbmF0dXJl")
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_unreachable_keys_are_503_not_401(host):
    stack, router = start_router(
        host, "no-keys", {"JWKS_URL": f"http://127.0.0.1:{free_port()}/jwks"}
    )
    with stack:
        async with httpx.AsyncClient(base_url=router.url, timeout=10) as client:
            response = await typename(client, token(rsa_key("any")))
    assert response.status_code == 503
    assert response.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
