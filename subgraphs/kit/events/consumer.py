"""Consuming: a subgraph's `events.py` declares `handlers = Handlers()` and decorates its
functions; kit makes one Dramatiq actor per consuming subgraph (`events.<subgraph>`).

    handlers = Handlers()

    class Changed(Reads):          # the fields this consumer reads (kit.events.contracts)
        application: ApplicationSeen

    @handlers.on("application.created", "application.updated", reads=Changed)
    async def keep(session: AsyncSession, event: Event, payload: Changed) -> None: ...

A handler that reads nothing of the payload (only the envelope: owner, aggregate, sequence)
is declared without `reads` and takes (session, event).

Each delivery runs in one unit of work on the consumer's own store, opened for the event's
owner: the handler's effect and the event id (in `inbox`) commit together, so a duplicate
delivery finds its id and changes nothing. A handler that raises rolls back and is retried
with backoff, then dead-lettered. Every subgraph with owned tables takes `user.deleted` and
erases that owner's rows (`kit.events.erasure`); an event of an owner erased before it arrives
changes nothing (a write that raced the erasure leaves no trace in any read model).
"""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any, TypeVar, overload

import dramatiq
from opentelemetry import propagate, trace
from prometheus_client import Histogram
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit.db import Database, utcnow
from subgraphs.kit.events.broker import dead_letter_log
from subgraphs.kit.events.contracts import Reads
from subgraphs.kit.events.envelope import Event
from subgraphs.kit.events.erasure import erase_owner, erased_now
from subgraphs.kit.events.routing import queue_name
from subgraphs.kit.settings import Settings

logger = logging.getLogger("subgraphs.events")
LAG = Histogram(
    "events_lag_seconds",
    "From an event's occurrence (in the write's transaction) to its consumer's effect committed",
    ["subgraph"],
    buckets=(0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10, 30),
)
R = TypeVar("R", bound=Reads)
Handler = Callable[[AsyncSession, Event], Awaitable[None]]
ReadingHandler = Callable[[AsyncSession, Event, R], Awaitable[None]]
USER_DELETED = "user.deleted"


async def _erase(session: AsyncSession, event: Event) -> None:
    if event.owner_id is not None:
        await erase_owner(session, event.owner_id)


@dataclass(frozen=True)
class Subscription:
    """One handler of the event types `pattern` matches, and the model it reads them into
    (None: it reads the envelope only)."""

    pattern: str
    handler: Callable[..., Awaitable[None]]
    reads: type[Reads] | None


class Handlers:
    """A subgraph's event handlers by event type (fnmatch patterns: `application.*`)."""

    def __init__(self, *, erase_on_user_deleted: bool = True) -> None:
        self.subscriptions: list[Subscription] = []
        if erase_on_user_deleted:
            self.subscriptions.append(Subscription(USER_DELETED, _erase, None))

    @property
    def patterns(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.pattern for s in self.subscriptions))

    @overload
    def on(self, *patterns: str) -> Callable[[Handler], Handler]: ...

    @overload
    def on(
        self, *patterns: str, reads: type[R]
    ) -> Callable[[ReadingHandler[R]], ReadingHandler[R]]: ...

    def on(
        self, *patterns: str, reads: type[Reads] | None = None
    ) -> Callable[[Callable[..., Awaitable[None]]], Callable[..., Awaitable[None]]]:
        def register(handler: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
            self.subscriptions += [Subscription(p, handler, reads) for p in patterns]
            return handler

        return register

    async def dispatch(self, session: AsyncSession, event: Event) -> None:
        for subscription in self.subscriptions:
            if not fnmatchcase(event.type, subscription.pattern):
                continue
            if subscription.reads is None:
                await subscription.handler(session, event)
            else:
                payload = subscription.reads.model_validate(event.payload)
                await subscription.handler(session, event, payload)


async def consume(db: Database, handlers: Handlers, event: Event) -> bool:
    """Handle `event` once: False when its id was handled before (a duplicate).

    The inbox row is written first: a duplicate delivered at the same moment waits on it, then
    fails on its key, and its whole unit of work (the effect too) rolls back. Another key
    conflict (two events of one new aggregate handled at once, both inserting its row) is
    tried again at once, up to `CONFLICT_ATTEMPTS` times, before Dramatiq's backoff."""
    for attempt in range(1, CONFLICT_ATTEMPTS + 1):
        if await _handled(db, event):
            return False
        try:
            await _handle(db, handlers, event)
        except IntegrityError:
            if attempt == CONFLICT_ATTEMPTS:
                raise
            continue
        LAG.labels(db.subgraph).observe((utcnow() - event.occurred_at).total_seconds())
        return True
    return False  # not reached


CONFLICT_ATTEMPTS = 3


async def _handle(db: Database, handlers: Handlers, event: Event) -> None:
    inbox = db.event_tables.inbox
    async with db.session(owner=event.owner_id) as session:
        await session.exec(insert(inbox).values(event_id=event.id, handled_at=utcnow()))
        owner = event.owner_id
        if event.type != USER_DELETED and owner is not None and await erased_now(session, owner):
            return  # a late event of an erased account: nothing of theirs is kept
        await handlers.dispatch(session, event)


async def _handled(db: Database, event: Event) -> bool:
    inbox = db.event_tables.inbox
    async with db.reader(owner=None) as session:
        query = select(inbox.c.event_id).where(inbox.c.event_id == event.id)
        return await session.scalar(query) is not None


class Databases:
    """The consumers' own store connections, one per subgraph, made on first use in the
    worker's event loop (a pool belongs to the loop that made it)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._made: dict[str, Database] = {}

    def get(self, subgraph: str) -> Database:
        if subgraph not in self._made:
            self._made[subgraph] = Database.for_subgraph(self.settings, subgraph, pool_size=2)
        return self._made[subgraph]

    async def dispose(self) -> None:
        for db in self._made.values():
            await db.dispose()
        self._made.clear()


def consumer_actor(
    broker: dramatiq.Broker, subgraph: str, handlers: Handlers, databases: Databases
) -> dramatiq.Actor[Any, Any]:
    """The Dramatiq actor that consumes `events.<subgraph>`."""
    name = queue_name(subgraph)
    tracer = trace.get_tracer("subgraphs.events")
    dead_letter_log(broker).stores[name] = lambda: databases.get(subgraph)

    async def handle(body: dict[str, Any]) -> None:
        event = Event.decode(body)
        parent = propagate.extract({"traceparent": event.traceparent or ""})
        span_name = f"{event.type} consumed by {subgraph}"
        with tracer.start_as_current_span(span_name, context=parent, kind=trace.SpanKind.CONSUMER):
            handled = await consume(databases.get(subgraph), handlers, event)
        if not handled:
            logger.debug("%s: %s %s was handled before", subgraph, event.type, event.id)

    actor: dramatiq.Actor[Any, Any] = dramatiq.actor(  # type: ignore[call-overload]
        handle, actor_name=name, queue_name=name, broker=broker
    )
    return actor
