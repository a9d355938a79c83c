"""What the analytics subgraph consumes: the applications subgraph's events (their fat
payload carries the whole state, so nothing is asked back), and user.deleted (kit erases
the owner's facts). It publishes nothing."""

from datetime import datetime
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.analytics import store
from subgraphs.kit import Event, Handlers, Reads

handlers = Handlers()
REBUILDABLE = True  # its tables hold only what events brought: `scripts/task analytics:rebuild`


class Step(Reads):
    from_status: str | None
    to_status: str
    changed_at: datetime


class Application(Reads):
    id: UUID
    status: str
    position: str
    location: str | None = None
    applied_at: datetime | None = None
    created_at: datetime
    history: list[Step]


class ApplicationChanged(Reads):
    application: Application


class ApplicationDeleted(Reads):
    application_id: UUID


@handlers.on(
    "application.created", "application.updated", "application.status_changed",
    reads=ApplicationChanged,
)  # fmt: skip
async def keep(session: AsyncSession, event: Event, payload: ApplicationChanged) -> None:
    assert event.sequence is not None
    await store.keep_application(session, payload.application, event.sequence)


@handlers.on("application.deleted", reads=ApplicationDeleted)
async def forget(session: AsyncSession, event: Event, payload: ApplicationDeleted) -> None:
    assert event.sequence is not None
    await store.forget_application(session, payload.application_id, event.sequence)
