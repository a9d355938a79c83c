"""The relay: moves committed outbox rows to the broker, in outbox order, at least once.

It wakes when a unit of work that published commits (in this process) and sweeps every
RELAY_SWEEP_SECONDS (for events committed elsewhere, or left by a failure). Each batch is one
transaction: read rows in order, send them (each one confirmed by the broker), delete them.
A broker that is down fails the send, the transaction rolls back and the rows wait: nothing is
lost, only delayed. A relay killed mid-batch sends the batch again; consumers are idempotent.
On PostgreSQL an advisory lock keeps one relay per store at work, so order holds with many
worker processes.

With a broker that keeps nothing across a crash (the embedded host's in-process one), a sent
row stays in the outbox until every consumer has processed the event (`acknowledged`: handled,
a duplicate, or dead-lettered into its store); a crash leaves it there, and the next start
sends it again (the inboxes drop what was handled). At most IN_FLIGHT_MAX events per store are
sent and not yet acknowledged: the outbox, not memory, holds a burst.
"""

import asyncio
import logging
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import dramatiq
from opentelemetry import propagate, trace
from prometheus_client import Gauge, Histogram
from sqlalchemy import delete, func, select, text

from subgraphs.kit.db import Database, utcnow
from subgraphs.kit.events.broker import is_durable
from subgraphs.kit.events.envelope import Event
from subgraphs.kit.events.routing import consumers_of, queue_name

IN_FLIGHT_MAX = 1000  # sent, not yet processed by every consumer (a broker that keeps nothing)

logger = logging.getLogger("subgraphs.events")
_LOCK = text("SELECT pg_try_advisory_xact_lock(7206125)")  # "one relay per store"
OUTBOX_LAG = Histogram(
    "events_outbox_lag_seconds",
    "From an event's occurrence (its write's transaction) to the relay handing it to the broker",
    ["subgraph"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
OUTBOX_PENDING = Gauge(
    "events_outbox_pending", "Events waiting in a store's outbox (the relay's queue)", ["subgraph"]
)
OUTBOX_OLDEST = Gauge(
    "events_outbox_oldest_seconds",
    "Age of the oldest event waiting in a store's outbox (0 when empty)",
    ["subgraph"],
)
DEAD_LETTERS = Gauge(
    "events_dead_letters_waiting",
    "Dead letters kept in a consumer's store (in-process broker), waiting for a requeue",
    ["subgraph"],
)
_tracer = trace.get_tracer("subgraphs.events")


class BrokerSender:
    """Sends events to the queues of the subgraphs that consume them; with RabbitMQ each
    publish is confirmed before the next. The broker's client is blocking and not thread-safe,
    so every call to it, closing included, runs on this sender's one thread."""

    def __init__(self, broker: dramatiq.Broker) -> None:
        self.broker = broker
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="relay-broker")

    async def __call__(self, events: Sequence[Event], *, outbox: str | None = None) -> None:
        """Send `events`; `outbox` (the publishing subgraph) is named in each message, for the
        consumers' acknowledgements."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._thread, self.send, events, outbox)

    async def close(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._thread, self.broker.close)
        self._thread.shutdown()

    def send(self, events: Sequence[Event], outbox: str | None = None) -> None:
        for event in events:
            # A span in the trace of the request that caused the event; the consumers' spans
            # are its children (the message carries its traceparent).
            parent = propagate.extract({"traceparent": event.traceparent or ""})
            with _tracer.start_as_current_span(
                f"{event.type} publish", context=parent, kind=trace.SpanKind.PRODUCER
            ):
                carrier: dict[str, str] = {}
                propagate.inject(carrier)
                sent = event.model_copy(update={"traceparent": carrier.get("traceparent")})
                for consumer in consumers_of(event.type):
                    self._enqueue(queue_name(consumer), sent, outbox)

    def _enqueue(self, queue: str, event: Event, outbox: str | None) -> None:
        if queue not in self.broker.get_declared_queues():
            self.broker.declare_queue(queue)
        message: dramatiq.Message[Any] = dramatiq.Message(
            queue_name=queue,
            actor_name=queue,
            args=(event.encode(),),
            kwargs={},
            options={} if outbox is None else {"outbox": outbox, "position": event.sequence},
            message_id=str(event.id),
        )
        self.broker.enqueue(message)


class Relay:
    def __init__(
        self,
        db: Database,
        sender: BrokerSender,
        *,
        sweep_seconds: float = 1.0,
        batch: int = 200,
        until_processed: bool = False,
    ) -> None:
        self.db = db
        self.sender = sender
        self.sweep_seconds = sweep_seconds
        self.batch = batch
        # Keep each row until its consumers acknowledge it (a broker that keeps nothing).
        self.until_processed = until_processed
        self._awaiting: dict[int, set[str]] = {}  # position -> consumer queues yet to process
        self._processed: set[int] = set()  # positions every consumer processed, to delete
        self.sent = 0  # events sent since start (each to every consumer)
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._measured = float("-inf")

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.db.on_events_committed(self.kick)
        self._task = asyncio.create_task(self._run(), name=f"relay-{self.db.subgraph}")

    def kick(self) -> None:
        """Wake the relay now (safe from any thread)."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._wake.set)

    def acknowledge(self, position: int, queue: str) -> None:
        """The consumer of `queue` is done with the event at `position` (safe from any
        thread): processed, found handled before, or dead-lettered into its store."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._acknowledged, position, queue)

    def _acknowledged(self, position: int, queue: str) -> None:
        waiting = self._awaiting.get(position)
        if waiting is None:
            return
        waiting.discard(queue)
        if not waiting:
            del self._awaiting[position]
            self._processed.add(position)
            self._wake.set()

    async def forget_processed(self) -> int:
        """Delete the rows every consumer has processed; how many."""
        positions = list(self._processed)
        if not positions:
            return 0
        outbox = self.db.event_tables.outbox
        async with self.db.admin() as session:
            connection = await session.connection()
            await connection.execute(delete(outbox).where(outbox.c.position.in_(positions)))
        self._processed.difference_update(positions)
        return len(positions)

    async def stop(self) -> None:
        self._stopping = True
        self.kick()
        if self._task is not None:
            await self._task

    async def _run(self) -> None:
        failures = 0
        while not self._stopping:
            try:
                if time.monotonic() - self._measured >= self.sweep_seconds:
                    self._measured = time.monotonic()
                    await self.measure()
                await self.forget_processed()
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

    async def measure(self) -> None:
        """Set the outbox and dead-letter gauges of this relay's store (before each sweep)."""
        tables, subgraph = self.db.event_tables, self.db.subgraph
        async with self.db.admin() as session:
            connection = await session.connection()
            outbox = tables.outbox
            pending = await connection.scalar(select(func.count()).select_from(outbox))
            oldest = await connection.scalar(
                select(outbox.c.body).order_by(outbox.c.position).limit(1)
            )
            dead = await connection.scalar(select(func.count()).select_from(tables.dead_letters))
        # With RabbitMQ dead letters wait in its queues (events.<subgraph>.XQ), not here.
        if not is_durable(self.sender.broker):
            DEAD_LETTERS.labels(subgraph).set(dead or 0)
        OUTBOX_PENDING.labels(subgraph).set(pending or 0)
        age = (utcnow() - Event.decode(oldest).occurred_at).total_seconds() if oldest else 0.0
        OUTBOX_OLDEST.labels(subgraph).set(max(age, 0.0))

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
        if len(self._awaiting) >= IN_FLIGHT_MAX:
            return 0  # the consumers' acknowledgements wake the relay
        async with self.db.admin() as session:
            if not self.db.is_sqlite and not await session.scalar(_LOCK):
                return 0  # another relay is sending this store's events
            connection = await session.connection()
            batch = select(outbox).order_by(outbox.c.position).limit(self.batch)
            if self._awaiting or self._processed:  # sent already: not again
                sent_before = [*self._awaiting, *self._processed]
                batch = batch.where(outbox.c.position.not_in(sent_before))
            rows = (await connection.execute(batch)).all()
            if not rows:
                return 0
            events = [
                Event.decode(row.body).model_copy(update={"sequence": row.position}) for row in rows
            ]
            await self.sender(events, outbox=self.db.subgraph if self.until_processed else None)
            now = utcnow()
            for sent in events:
                OUTBOX_LAG.labels(self.db.subgraph).observe(
                    (now - sent.occurred_at).total_seconds()
                )
            if self.until_processed:
                self._await(events)
            else:
                positions = [row.position for row in rows]
                await connection.execute(delete(outbox).where(outbox.c.position.in_(positions)))
        self.sent += len(rows)
        return len(rows)

    def _await(self, events: Sequence[Event]) -> None:
        for event in events:
            assert event.sequence is not None
            queues = {queue_name(consumer) for consumer in consumers_of(event.type)}
            if queues:
                self._awaiting[event.sequence] = queues
            else:
                self._processed.add(event.sequence)
