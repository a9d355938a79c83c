"""WebSocket hygiene at the router (graphql-transport-ws): a socket is closed (4401) when the token
it was opened with expires; a frame over ROUTER_MAX_BODY_BYTES closes it (1009); every refusal
carries a code, as over HTTP; a user's live subscriptions are capped (SUBSCRIPTION_LIMIT, from
the subgraph)."""

import contextlib
import json
import time
import uuid

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from subgraphs.users.keys import SigningKeys
from subgraphs.users.settings import UsersSettings
from tests.router.conftest import Host
from tests.router.tokens import rsa_key, token
from tests.router.websocket import PROTOCOL, close_code, errors_of, open_socket, receive, send

pytestmark = pytest.mark.federation

RECEIVED = "subscription { notificationReceived { id } }"
MAX_BODY_BYTES = 1_048_576  # the router's default ROUTER_MAX_BODY_BYTES
SUBSCRIPTIONS_PER_USER = 20  # the host's default


def signed(host: Host, seconds: int, owner: uuid.UUID | None = None) -> str:
    """A token the host's users subgraph could have issued, valid for `seconds` (or expired)."""
    keys = SigningKeys(UsersSettings(DATA_DIR=host.data, JWT_TTL_SECONDS=seconds))
    return keys.issue(owner or uuid.uuid4())


@pytest.mark.parametrize("operation", ["subscription", "query"])
async def test_a_socket_is_closed_when_its_token_expires(router, host, operation):
    """A subscription (the subgraph holds one too) or only a query before (the router alone)."""
    bearer = signed(host, seconds=3)
    expires = int(time.time()) + 3
    socket = await open_socket(router.url, {"authorization": f"Bearer {bearer}"})
    if operation == "query":
        await send(socket, "1", "{ __typename }")
        assert (await receive(socket, 10))["payload"] == {"data": {"__typename": "Query"}}
    else:
        await send(socket, "1", RECEIVED)
    code = await close_code(socket, expires - time.time() + 3)
    assert code == 4401
    assert time.time() >= expires - 0.05


@pytest.mark.parametrize("kind", ["expired", "forged"])
async def test_a_refused_token_over_websocket_is_unauthenticated(router, host, kind):
    bearer = signed(host, seconds=-10) if kind == "expired" else token(rsa_key("attacker"))
    async with httpx.AsyncClient(base_url=router.url) as client:  # its HTTP twin
        headers = {"authorization": f"Bearer {bearer}"}
        answer = await client.post("/graphql", json={"query": "{ __typename }"}, headers=headers)
    assert answer.status_code == 401
    assert answer.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    socket = await open_socket(router.url, {"authorization": f"Bearer {bearer}"})
    await send(socket, "1", RECEIVED)
    errors = errors_of(await receive(socket, 10))
    assert [error["extensions"] for error in errors] == [{"code": "UNAUTHENTICATED"}]
    await socket.close()


@pytest.mark.parametrize("authorization", [["Bearer x.y.z"], {"scheme": "Bearer"}, 42])
async def test_a_non_string_authorization_is_unauthenticated(router, authorization):
    socket = await open_socket(router.url, {"authorization": authorization})
    await send(socket, "1", RECEIVED)
    errors = errors_of(await receive(socket, 10))
    assert [error["extensions"]["code"] for error in errors] == ["UNAUTHENTICATED"]
    await socket.close()


async def test_a_frame_over_the_body_limit_closes_the_socket(router):
    url = router.url.replace("http", "ws", 1) + "/graphql"
    socket = await connect(url, subprotocols=[PROTOCOL], max_size=None)
    init = {"type": "connection_init", "payload": {"padding": "x" * MAX_BODY_BYTES}}
    with contextlib.suppress(ConnectionClosed):  # closed while it is still being sent
        await socket.send(json.dumps(init))
    assert await close_code(socket, 10) == 1009
    assert "Internal error" not in router.log_text()  # a client's mistake, not the router's


async def test_live_subscriptions_per_user_are_capped_with_a_code(router, account):
    socket = await open_socket(router.url, {"authorization": f"Bearer {account.token}"})
    try:
        for index in range(SUBSCRIPTIONS_PER_USER + 1):
            await send(socket, str(index), RECEIVED)
        refused = await receive(socket, 10)
        assert refused["id"] == str(SUBSCRIPTIONS_PER_USER), refused
        assert [error["extensions"]["code"] for error in errors_of(refused)] == [
            "SUBSCRIPTION_LIMIT"
        ]
    finally:
        await socket.close()
