"""Live subscriptions straight at the notifications subgraph (served by uvicorn in this process):
a socket is closed (4401) when the token it was opened with expires, and nothing is delivered
after; a frame over SUBGRAPH_MAX_BODY_BYTES closes it (1009); a user holds at most
SUBSCRIPTIONS_PER_USER live subscriptions (SUBSCRIPTION_LIMIT); revoking closes them (4403)."""

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import uvicorn
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from scripts.stack import free_port
from subgraphs.kit import Runtime, Settings, runtime_of
from subgraphs.notifications.pubsub import PubSub
from subgraphs.notifications.scheduler import channel
from subgraphs.notifications.settings import NotificationsSettings
from subgraphs.users.keys import SigningKeys
from subgraphs.users.settings import UsersSettings
from tests.conftest import running

PER_USER = 3
MAX_BYTES = 64 * 1024
PROTOCOL = Subprotocol("graphql-transport-ws")
RECEIVED = "subscription { notificationReceived { id title } }"


class Served(uvicorn.Server):
    """uvicorn on the tests' event loop, leaving the process's signal handlers alone."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@dataclass
class Live:
    url: str
    runtime: Runtime
    settings: Settings

    def token(self, owner: uuid.UUID, seconds: int = 600) -> str:
        """A token for `owner` signed with the users subgraph's key, valid for `seconds`."""
        short = UsersSettings.of(self.settings, JWT_TTL_SECONDS=seconds)
        return SigningKeys(short).issue(owner)

    async def publish(self, owner: uuid.UUID, title: str) -> None:
        message: dict[str, Any] = {"id": str(uuid.uuid4()), "kind": "CONTACT_REGISTERED", "title": title,
                   "body": "", "data": {}, "created_at": "2030-05-06T09:00:00+00:00",
                   "read_at": None, "email_state": "SKIPPED"}  # fmt: skip
        await self.runtime.get(PubSub).publish(channel(owner), message)


@pytest.fixture(scope="module")
async def live(settings: Settings, users_app: Any) -> AsyncIterator[Live]:
    own = NotificationsSettings.of(
        settings,
        NOTIFICATIONS_SCHEDULER=False,
        SUBSCRIPTIONS_PER_USER=PER_USER,
        SUBGRAPH_MAX_BODY_BYTES=MAX_BYTES,
    )
    async with running("notifications", own, users_app) as app:
        port = free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning")  # fmt: skip
        server = Served(config)
        task = asyncio.create_task(server.serve())
        await until(lambda: server.started)
        try:
            yield Live(f"ws://127.0.0.1:{port}/graphql", runtime_of(app), own)
        finally:
            server.should_exit = True
            await task


async def open_socket(url: str, token: str, *, in_header: bool = False) -> ClientConnection:
    """A graphql-transport-ws connection, acknowledged; the token in connectionParams (browsers)
    or in the upgrade request's Authorization header (the router)."""
    bearer = f"Bearer {token}"
    headers = {"authorization": bearer} if in_header else {}
    socket = await connect(url, subprotocols=[PROTOCOL], additional_headers=headers, max_size=None)
    payload = {} if in_header else {"authorization": bearer}
    await socket.send(json.dumps({"type": "connection_init", "payload": payload}))
    ack = json.loads(await asyncio.wait_for(socket.recv(), 5))
    assert ack["type"] == "connection_ack", ack
    return socket


async def subscribe(socket: ClientConnection, id: str) -> None:
    message = {"id": id, "type": "subscribe", "payload": {"query": RECEIVED}}
    await socket.send(json.dumps(message))


async def receive(socket: ClientConnection, seconds: float) -> dict[str, Any]:
    async with asyncio.timeout(seconds):
        while True:
            message = json.loads(await socket.recv())
            if message["type"] != "ping":
                return message


async def delivered(live: Live, owner: uuid.UUID, socket: ClientConnection) -> dict[str, Any]:
    """A notification published (again every 0.1 s, until the subscription is listening) and
    the `next` that brought it."""
    for _ in range(50):
        await live.publish(owner, "Hello")
        with contextlib.suppress(TimeoutError):
            return await receive(socket, 0.1)
    raise AssertionError("nothing delivered")


async def listening(live: Live, owner: uuid.UUID, socket: ClientConnection, *ids: str) -> None:
    """Notifications published until each subscription `ids` on `socket` has delivered one."""
    waiting = set(ids)
    for _ in range(50):
        await live.publish(owner, "Hello")
        with contextlib.suppress(TimeoutError):
            while waiting:
                waiting.discard((await receive(socket, 0.1))["id"])
        if not waiting:
            return
    raise AssertionError(f"{sorted(waiting)} never delivered")


async def until(condition: Callable[[], bool]) -> None:
    for _ in range(100):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("never came true")


async def close_code(socket: ClientConnection, seconds: float) -> int | None:
    """The code the server closed `socket` with (anything it still sends is read and dropped)."""
    try:
        async with asyncio.timeout(seconds):
            while True:
                await socket.recv()
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else None


@pytest.mark.parametrize("in_header", [False, True], ids=["connection-params", "header"])
async def test_a_socket_is_closed_when_its_token_expires(live, in_header):
    owner = uuid.uuid4()
    token = live.token(owner, seconds=2)
    expires = int(time.time()) + 2
    socket = await open_socket(live.url, token, in_header=in_header)
    await subscribe(socket, "1")
    first = await delivered(live, owner, socket)
    assert first["type"] == "next" and first["payload"]["data"]["notificationReceived"]["title"]
    code = await close_code(socket, expires - time.time() + 2)
    assert code == 4401
    assert time.time() >= expires - 0.05  # not before the token's `exp`
    assert live.runtime.subscribers.count(owner) == 0  # its slot is given back


async def test_nothing_is_delivered_once_the_token_expired(live):
    owner = uuid.uuid4()
    socket = await open_socket(live.url, live.token(owner, seconds=2))
    await subscribe(socket, "1")
    await delivered(live, owner, socket)
    await asyncio.sleep(max(0.0, int(time.time()) + 2 - time.time()) + 0.3)
    await live.publish(owner, "After expiry")
    with pytest.raises(ConnectionClosed):
        message = await receive(socket, 1)
        raise AssertionError(f"delivered after the token expired: {message}")


async def test_a_frame_over_the_body_limit_closes_the_socket(live):
    socket = await connect(live.url, subprotocols=[PROTOCOL], max_size=None)
    init = {"type": "connection_init", "payload": {"padding": "x" * (MAX_BYTES + 1)}}
    await socket.send(json.dumps(init))
    assert await close_code(socket, 5) == 1009


def init_of(bytes_: int, token: str) -> str:
    """A connection_init of about `bytes_` bytes as UTF-8, padded with two-byte characters."""
    payload = {"authorization": f"Bearer {token}", "padding": ""}
    base = len(json.dumps({"type": "connection_init", "payload": payload}).encode())
    payload["padding"] = "é" * ((bytes_ - base) // 2)
    return json.dumps({"type": "connection_init", "payload": payload}, ensure_ascii=False)


@pytest.mark.parametrize("over", [False, True], ids=["under", "over"])
async def test_frames_are_counted_in_bytes(live, over):
    init = init_of(MAX_BYTES + 2 if over else MAX_BYTES, live.token(uuid.uuid4()))
    assert len(init) < MAX_BYTES and (len(init.encode()) > MAX_BYTES) is over
    socket = await connect(live.url, subprotocols=[PROTOCOL], max_size=None)
    await socket.send(init)
    if over:
        assert await close_code(socket, 5) == 1009
    else:
        assert json.loads(await asyncio.wait_for(socket.recv(), 5))["type"] == "connection_ack"
        await socket.close()


async def test_live_subscriptions_per_user_are_capped(live):
    owner = uuid.uuid4()
    token = live.token(owner)
    first, second = await open_socket(live.url, token), await open_socket(live.url, token)
    try:
        for index in range(PER_USER):
            await subscribe(first if index % 2 == 0 else second, str(index))
        await listening(live, owner, first, *(str(n) for n in range(0, PER_USER, 2)))
        await listening(live, owner, second, *(str(n) for n in range(1, PER_USER, 2)))
        third = await open_socket(live.url, token)
        await subscribe(third, "over")
        refused = await receive(third, 5)
        assert refused["type"] in {"error", "next"}, refused
        errors = refused["payload"] if refused["type"] == "error" else refused["payload"]["errors"]
        assert [error["extensions"]["code"] for error in errors] == ["SUBSCRIPTION_LIMIT"]
        await first.send(json.dumps({"id": "0", "type": "complete"}))  # one ends: room again
        await until(lambda: live.runtime.subscribers.count(owner) == PER_USER - 1)
        await subscribe(third, "again")
        await listening(live, owner, third, "again")
    finally:
        for socket in (first, second):
            await socket.close()
    other = uuid.uuid4()  # the cap is per user
    socket = await open_socket(live.url, live.token(other))
    await subscribe(socket, "1")
    assert (await delivered(live, other, socket))["type"] == "next"
    await socket.close()


async def test_revoking_closes_every_socket_of_that_user(live):
    owner, bystander = uuid.uuid4(), uuid.uuid4()
    sockets = [await open_socket(live.url, live.token(who)) for who in (owner, owner, bystander)]
    for socket, who in zip(sockets, (owner, owner, bystander), strict=True):
        await subscribe(socket, "1")
        await listening(live, who, socket, "1")
    assert await live.runtime.subscribers.close_owner(owner) == 2
    assert [await close_code(socket, 5) for socket in sockets[:2]] == [4403, 4403]
    assert (await delivered(live, bystander, sockets[2]))["type"] == "next"
    await sockets[2].close()
