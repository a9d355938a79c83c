"""Events the applications subgraph publishes, and what it consumes.

Published (fat: every one but `deleted` carries the application's whole state and history):
    application.created, application.updated, application.status_changed
        {"application": {id, company, position, location, salary_min, salary_max,
         salary_currency, job_url, status, notes, applied_at, created_at, updated_at,
         history: [{from_status, to_status, changed_at}]}}
        `notes` is for the owner's own search index (the search subgraph finds them for the
        owner only); the job description stays private to this subgraph.
        (status_changed adds "from_status" and "to_status")
    application.deleted  {"application_id"}
Consumed: user.deleted (kit erases the owner's applications).
"""

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.applications.models import Application, StatusChange
from subgraphs.kit import Handlers, publish, publish_many

CREATED = "application.created"
UPDATED = "application.updated"
STATUS_CHANGED = "application.status_changed"
DELETED = "application.deleted"

handlers = Handlers()

_STATE = [
    "company", "position", "location", "salary_min", "salary_max", "salary_currency",
    "job_url", "status", "notes", "applied_at", "created_at", "updated_at",
]  # fmt: skip


async def state(session: AsyncSession, application: Application) -> dict[str, Any]:
    """The application as consumers see it: its fields (not the description, which stays
    private to this subgraph) and its status history."""
    steps = await session.exec(
        select(StatusChange)
        .where(StatusChange.application_id == application.id)
        .order_by(col(StatusChange.changed_at), col(StatusChange.id))
    )
    history = [
        {"from_status": s.from_status, "to_status": s.to_status, "changed_at": s.changed_at}
        for s in steps
    ]
    fields = {name: getattr(application, name) for name in _STATE}
    return {"id": application.id, **fields, "history": history}


async def application_changed(
    session: AsyncSession, type: str, application: Application, **extra: Any
) -> None:
    await session.flush()
    snapshot = await state(session, application)
    payload = {"application": snapshot, **extra}
    await publish(
        session, type, aggregate_id=application.id, payload=payload, owner_id=application.owner_id
    )


async def applications_created(
    session: AsyncSession,
    applications: Sequence[Application],
    histories: Mapping[UUID, list[dict[str, Any]]],
) -> None:
    """`application.created` for many new applications whose history the caller knows, in
    one INSERT (bulk imports: no query per application)."""
    events = [
        (
            application.id,
            {
                "application": {
                    "id": application.id,
                    **{name: getattr(application, name) for name in _STATE},
                    "history": histories.get(application.id, []),
                }
            },
        )
        for application in applications
    ]
    await publish_many(session, CREATED, events)


async def application_deleted(session: AsyncSession, application: Application) -> None:
    payload = {"application_id": str(application.id)}
    await publish(
        session,
        DELETED,
        aggregate_id=application.id,
        payload=payload,
        owner_id=application.owner_id,
    )


async def snapshot(session: AsyncSession) -> int:
    """Every application's state published again (`application.updated`), for consumers to
    rebuild from (`kit.events.replay`). Runs in an admin session: every owner's."""
    count = 0
    for application in list(await session.exec(select(Application))):
        await application_changed(session, UPDATED, application)
        count += 1
    return count
