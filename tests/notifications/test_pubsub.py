"""The pub/sub port behind live subscriptions: the same promises from Redis (the PostgreSQL leg's
server, as production and CI) and from the in-process one (the embedded host)."""

import asyncio
import threading
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from subgraphs.kit import Settings
from subgraphs.notifications.pubsub import LocalPubSub, PubSub, RedisPubSub, pubsub_for
from tests.conftest import REDIS_URL


@pytest.fixture(params=["local", "redis"])
async def pubsub(request: pytest.FixtureRequest) -> AsyncIterator[PubSub]:
    made: PubSub = (
        LocalPubSub()
        if request.param == "local"
        else RedisPubSub(REDIS_URL, prefix=f"test-{uuid.uuid4().hex}")
    )
    yield made
    await made.dispose()


async def listen(pubsub: PubSub, channel: str, into: list[Any], ready: asyncio.Event) -> None:
    stream = pubsub.subscribe(channel)
    first = asyncio.ensure_future(anext(stream))
    await asyncio.sleep(0.2)  # subscribed (Redis confirms asynchronously)
    ready.set()
    into.append(await first)
    async for message in stream:
        into.append(message)


async def test_a_subscriber_gets_its_channel_only(pubsub):
    mine: list[Any] = []
    theirs: list[Any] = []
    ready_mine, ready_theirs = asyncio.Event(), asyncio.Event()
    tasks = [asyncio.create_task(listen(pubsub, "a", mine, ready_mine)),
             asyncio.create_task(listen(pubsub, "b", theirs, ready_theirs))]  # fmt: skip
    await ready_mine.wait()
    await ready_theirs.wait()
    await pubsub.publish("a", {"n": 1})
    await pubsub.publish("a", {"n": 2})
    for _ in range(50):
        if len(mine) == 2:
            break
        await asyncio.sleep(0.02)
    assert mine == [{"n": 1}, {"n": 2}] and theirs == []
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await pubsub.ping()


async def test_the_local_one_takes_messages_from_other_threads():
    pubsub = LocalPubSub()
    got: list[Any] = []
    ready = asyncio.Event()
    task = asyncio.create_task(listen(pubsub, "c", got, ready))
    await ready.wait()
    thread = threading.Thread(target=asyncio.run, args=(pubsub.publish("c", {"from": "thread"}),))
    thread.start()
    thread.join()
    for _ in range(50):
        if got:
            break
        await asyncio.sleep(0.02)
    assert got == [{"from": "thread"}]
    task.cancel()


def test_redis_with_redis_url_else_in_process():
    assert isinstance(pubsub_for(Settings(REDIS_URL=REDIS_URL)), RedisPubSub)
    assert pubsub_for(Settings(REDIS_URL=None)) is pubsub_for(Settings(REDIS_URL=None))
