"""The relay: moves committed outbox rows to the broker, in outbox order, at least once.

It wakes when a unit of work that published commits (in this process) and sweeps every
RELAY_SWEEP_SECONDS (for events committed elsewhere, or left by a failure). Each batch is one
transaction: read rows in order, send them (each one confirmed by the broker), delete them.
A broker that is down fails the send, the transaction rolls back and the rows wait: nothing is
lost, only delayed. A relay killed mid-batch sends the batch again; consumers are idempotent.
On PostgreSQL an advisory lock keeps one relay per store at work, so order holds with many
worker processes.
"""

import asyncio
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import dramatiq
from sqlalchemy import delete, select, text

from subgraphs.kit.db import Database
from subgraphs.kit.events.envelope import Event
from subgraphs.kit.events.routing import consumers_of, queue_name

logger = logging.getLogger("subgraphs.events")
_LOCK = text("SELECT pg_try_advisory_xact_lock(7206125)")  # "one relay per store"


class BrokerSender:
    """Sends events to the queues of the subgraphs that consume them; with RabbitMQ each
    publish is confirmed before the next. The broker's client is blocking and not thread-safe,
    so every call to it, closing included, runs on this sender's one thread."""

    def __init__(self, broker: dramatiq.Broker) -> None:
        self.broker = broker
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="relay-broker")

    async def __call__(self, events: Sequence[Event]) -> None:
        await asyncio.get_running_loop().run_in_executor(self._thread, self.send, events)

    async def close(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._thread, self.broker.close)
        self._thread.shutdown()

    def send(self, events: Sequence[Event]) -> None:
        for event in events:
            for consumer in consumers_of(event.type):
                queue = queue_name(consumer)
                if queue not in self.broker.get_declared_queues():
                    self.broker.declare_queue(queue)
                message: dramatiq.Message[Any] = dramatiq.Message(
                    queue_name=queue,
                    actor_name=queue,
                    args=(event.encode(),),
                    kwargs={},
                    options={},
                    message_id=str(event.id),
                )
                self.broker.enqueue(message)


class Relay:
    def __init__(
        self, db: Database, sender: BrokerSender, *, sweep_seconds: float = 1.0, batch: int = 200
    ) -> None:
        self.db = db
        self.sender = sender
        self.sweep_seconds = sweep_seconds
        self.batch = batch
        self.sent = 0  # events sent since start (each to every consumer)
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.db.on_events_committed(self.kick)
        self._task = asyncio.create_task(self._run(), name=f"relay-{self.db.subgraph}")

    def kick(self) -> None:
        """Wake the relay now (safe from any thread)."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._wake.set)

    async def stop(self) -> None:
        self._stopping = True
        self.kick()
        if self._task is not None:
            await self._task

    async def _run(self) -> None:
        failures = 0
        while not self._stopping:
            try:
                await self.drain()
                if failures:
                    logger.info("relay %s: sending again", self.db.subgraph)
                failures = 0
            except Exception as error:  # broker or store down: the rows wait
                failures += 1
                if failures == 1:
                    logger.warning("relay %s: cannot send yet (%s)", self.db.subgraph, error)
            pause = min(self.sweep_seconds * 2.0**failures, 30.0)  # back off while failing
            try:
                await asyncio.wait_for(self._wake.wait(), pause)
            except TimeoutError:
                pass
            self._wake.clear()

    async def drain(self) -> int:
        """Send every committed outbox row; the count sent."""
        total = 0
        while True:
            sent = await self._send_batch()
            total += sent
            if sent < self.batch:
                return total

    async def _send_batch(self) -> int:
        outbox = self.db.event_tables.outbox
        async with self.db.admin() as session:
            if not self.db.is_sqlite and not await session.scalar(_LOCK):
                return 0  # another relay is sending this store's events
            connection = await session.connection()
            batch = select(outbox).order_by(outbox.c.position).limit(self.batch)
            rows = (await connection.execute(batch)).all()
            if not rows:
                return 0
            events = [
                Event.decode(row.body).model_copy(update={"sequence": row.position}) for row in rows
            ]
            await self.sender(events)
            positions = [row.position for row in rows]
            await connection.execute(delete(outbox).where(outbox.c.position.in_(positions)))
        self.sent += len(rows)
        return len(rows)
