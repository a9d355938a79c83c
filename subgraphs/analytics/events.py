"""What the analytics subgraph consumes: the applications subgraph's events (their fat
payload carries the whole state, so nothing is asked back), and user.deleted (kit erases
the owner's facts). It publishes nothing."""

from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.analytics import store
from subgraphs.kit import Event, Handlers

handlers = Handlers()
REBUILDABLE = True  # its tables hold only what events brought: `scripts/task analytics:rebuild`


@handlers.on("application.created", "application.updated", "application.status_changed")
async def keep(session: AsyncSession, event: Event) -> None:
    assert event.sequence is not None
    await store.keep_application(session, event.payload["application"], event.sequence)


@handlers.on("application.deleted")
async def forget(session: AsyncSession, event: Event) -> None:
    assert event.sequence is not None
    await store.forget_application(session, UUID(event.payload["application_id"]), event.sequence)
