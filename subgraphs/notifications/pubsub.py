"""Publish/subscribe between processes, for live subscriptions: a message published on a channel
reaches every subscriber of that channel at that moment, in any process (nothing is kept for
subscribers who come later).

    PubSub         the port: `publish(channel, message)`, `subscribe(channel)` (an async iterator)
    RedisPubSub    Redis PUBLISH/SUBSCRIBE (REDIS_URL: production, CI): every process
    LocalPubSub    this process only (the embedded host), from any thread or event loop

`pubsub_for(settings)` is the one of this process for those settings.
"""

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import AsyncIterator
from typing import Any

from redis.asyncio import Redis

from subgraphs.kit import Settings

logger = logging.getLogger("subgraphs.pubsub")
Message = dict[str, Any]


class PubSub:
    """The port, and a kit `Store` (pinged by `/health/ready` as "pubsub")."""

    name = "pubsub"

    async def publish(self, channel: str, message: Message) -> None:
        raise NotImplementedError

    def subscribe(self, channel: str) -> AsyncIterator[Message]:
        raise NotImplementedError

    async def ping(self) -> None:
        return None

    async def migrate(self) -> None:
        return None

    async def dispose(self) -> None:
        return None


class LocalPubSub(PubSub):
    """Subscribers in this process, each an asyncio queue fed on its own event loop (publishers
    may run on the consumers' worker threads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[str]]]] = {}

    async def publish(self, channel: str, message: Message) -> None:
        encoded = json.dumps(message, default=str)
        with self._lock:
            subscribers = list(self._subscribers.get(channel, ()))
        for loop, queue in subscribers:
            with contextlib.suppress(RuntimeError):  # its loop closed meanwhile
                loop.call_soon_threadsafe(queue.put_nowait, encoded)

    async def subscribe(self, channel: str) -> AsyncIterator[Message]:
        queue: asyncio.Queue[str] = asyncio.Queue()
        entry = (asyncio.get_running_loop(), queue)
        with self._lock:
            self._subscribers.setdefault(channel, set()).add(entry)
        try:
            while True:
                yield json.loads(await queue.get())
        finally:
            with self._lock:
                self._subscribers.get(channel, set()).discard(entry)


class RedisPubSub(PubSub):
    """Redis channels: one connection to publish, one per subscription (released when it ends)."""

    def __init__(self, url: str, *, prefix: str) -> None:
        self.url = url
        self.prefix = prefix
        self._client: Redis | None = None

    @property
    def client(self) -> Redis:
        if self._client is None:
            self._client = Redis.from_url(self.url)
        return self._client

    async def publish(self, channel: str, message: Message) -> None:
        await self.client.publish(f"{self.prefix}:{channel}", json.dumps(message, default=str))

    async def subscribe(self, channel: str) -> AsyncIterator[Message]:
        subscription = self.client.pubsub(ignore_subscribe_messages=True)
        await subscription.subscribe(f"{self.prefix}:{channel}")
        try:
            async for item in subscription.listen():
                if item.get("type") == "message":
                    yield json.loads(item["data"])
        finally:
            with contextlib.suppress(Exception):
                await subscription.aclose()

    async def ping(self) -> None:
        await self.client.ping()  # type: ignore[misc]

    async def dispose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


_local = LocalPubSub()


def pubsub_for(settings: Settings) -> PubSub:
    """Redis with REDIS_URL; else the in-process one (shared by everything in this process)."""
    if settings.REDIS_URL:
        return RedisPubSub(settings.REDIS_URL, prefix=f"{settings.RATE_LIMIT_KEY_PREFIX}:pubsub")
    return _local
