"""Publishing: an event goes into the outbox table inside the write's unit of work, so the
write and its events commit together or not at all; the relay sends it after the commit.

    async with ctx.writer() as session:
        row = await store.change_status(session, ...)   # which calls, in one line:
        await publish(session, STATUS_CHANGED, aggregate_id=row.id, payload=StatusChanged(...))

`STATUS_CHANGED` is a `Message` of the producer's `events.py` (`kit.events.contracts`): the
payload must be an instance of its model, and the event carries its version.
"""

from collections.abc import Sequence
from typing import TypeVar
from uuid import UUID

from opentelemetry import propagate
from sqlalchemy import event, insert
from sqlalchemy.orm import Session
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit.db import Database, ReadOnlySession
from subgraphs.kit.events.contracts import Message, Payload
from subgraphs.kit.events.envelope import Event
from subgraphs.kit.scoping import ScopedSession, owner_of

PUBLISHED = "events_published"  # session.info: this unit of work put events in the outbox


class NotInAUnitOfWork(RuntimeError):
    """`publish` outside a write's transaction: its event could outlive a rolled-back write."""


P = TypeVar("P", bound=Payload)


async def publish(
    session: AsyncSession,
    message: Message[P],
    *,
    aggregate_id: UUID | str,
    payload: P,
    owner_id: UUID | None = None,
) -> Event:
    """Add an event to the outbox of the session's store, in the session's transaction. Its
    owner is the session's (`owner_id` only for admin sessions, which have none)."""
    [published] = await publish_many(session, message, [(aggregate_id, payload)], owner_id=owner_id)
    return published


async def publish_many(
    session: AsyncSession,
    message: Message[P],
    events: Sequence[tuple[UUID | str, P]],
    *,
    owner_id: UUID | None = None,
) -> list[Event]:
    """`publish` for many events of one type, as (aggregate id, payload) pairs, in one
    INSERT (a bulk import publishing thousands)."""
    sync = session.sync_session
    if isinstance(sync, ReadOnlySession) or not sync.in_transaction():
        raise NotInAUnitOfWork("publish() needs the unit of work of the write it belongs to")
    if not events:
        return []
    db = Database.of(session)
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    owner = owner_id or owner_of(session)
    published = [
        Event(
            type=message.name,
            version=message.version,
            owner_id=owner,
            aggregate_id=str(aggregate_id),
            payload=message.body(payload),
            traceparent=carrier.get("traceparent"),
        )
        for aggregate_id, payload in events
    ]
    rows = [
        {
            "event_id": event.id,
            "type": event.type,
            "aggregate_id": event.aggregate_id,
            "owner_id": event.owner_id,
            "body": event.encode(),
        }
        for event in published
    ]
    outbox = db.event_tables.outbox
    if len(rows) == 1:
        await session.exec(insert(outbox).values(**rows[0]))
    else:
        await session.exec(insert(outbox), params=rows)
    session.info[PUBLISHED] = True
    return published


@event.listens_for(ScopedSession, "after_commit")
def _kick_the_relay(session: Session) -> None:
    if session.info.pop(PUBLISHED, False):
        Database.of(session).events_committed()
