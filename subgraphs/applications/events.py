"""Events the applications subgraph publishes, and what it consumes.

Published (fat: every one but `deleted` carries the application's whole state and history):
    application.created, application.updated, application.status_changed
        {"application": {id, company, position, location, salary_min, salary_max,
         salary_currency, job_url, status, notes, applied_at, created_at, updated_at,
         history: [{from_status, to_status, changed_at}]}}
        `notes` is for the owner's own search index (the search subgraph finds them for the
        owner only); the job description stays private to this subgraph.
        (status_changed adds "from_status" and "to_status")
    application.description_changed  {"application": {id, position, job_description}}
        after a creation with a description, an update that changed it or the position, and
        in replays: for the postings subgraph alone (the match of a resume to a job), the one
        consumer of the description.
    application.deleted  {"application_id"}
Consumed:
    user.deleted (kit erases the owner's applications);
    discovered_job.saved  {"application": {id, company, position, location, job_url,
        job_description}}: an opening the owner saved from their inbox (postings subgraph)
        becomes a SAVED application with that id (once: a redelivery finds it there).
"""

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import inspect
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.applications.models import Application, StatusChange
from subgraphs.kit import Event, Handlers, publish, publish_many

CREATED = "application.created"
UPDATED = "application.updated"
STATUS_CHANGED = "application.status_changed"
DELETED = "application.deleted"
DESCRIPTION_CHANGED = "application.description_changed"

handlers = Handlers()


@handlers.on("discovered_job.saved")
async def save_discovered_job(session: AsyncSession, event: Event) -> None:
    from subgraphs.applications import store

    await store.create_saved_job(session, fields=event.payload["application"])


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
    session: AsyncSession,
    type: str,
    application: Application,
    *,
    described: bool = False,
    **extra: Any,
) -> None:
    """`type` with the application's state; and `description_changed` after a creation with a
    description, an update that changed it or the position, or when `described` (replays)."""
    described = described or _description_changed(type, application)
    await session.flush()
    snapshot = await state(session, application)
    payload = {"application": snapshot, **extra}
    owner = application.owner_id
    await publish(session, type, aggregate_id=application.id, payload=payload, owner_id=owner)
    if described:
        fields = {"id": application.id, "position": application.position,
                  "job_description": application.job_description}  # fmt: skip
        await publish(session, DESCRIPTION_CHANGED, aggregate_id=application.id,
                      payload={"application": fields}, owner_id=owner)  # fmt: skip


def _description_changed(type: str, application: Application) -> bool:
    if type == CREATED:
        return application.job_description is not None
    if type != UPDATED:
        return False
    attributes = inspect(application).attrs
    return any(attributes[name].history.has_changes() for name in ("job_description", "position"))


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
        described = application.job_description is not None
        await application_changed(session, UPDATED, application, described=described)
        count += 1
    return count
