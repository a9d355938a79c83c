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
from datetime import datetime
from uuid import UUID

from sqlalchemy import inspect
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.applications.models import Application, ApplicationStatus, StatusChange
from subgraphs.kit import Event, Handlers, Message, Payload, Reads, publish, publish_many


class StatusStep(Payload):
    from_status: ApplicationStatus | None
    to_status: ApplicationStatus
    changed_at: datetime


class ApplicationState(Payload):
    """The application as consumers see it: its fields (not the description, which stays
    private to this subgraph) and its status history, oldest first."""

    id: UUID
    company: str
    position: str
    location: str | None
    salary_min: int | None
    salary_max: int | None
    salary_currency: str | None
    job_url: str | None
    status: ApplicationStatus
    notes: str | None
    applied_at: datetime | None
    created_at: datetime
    updated_at: datetime
    history: list[StatusStep]


class ApplicationChanged(Payload):
    application: ApplicationState


class StatusChanged(ApplicationChanged):
    from_status: ApplicationStatus
    to_status: ApplicationStatus


class DescribedApplication(Payload):
    id: UUID
    position: str
    job_description: str | None


class DescriptionChanged(Payload):
    application: DescribedApplication


class ApplicationDeleted(Payload):
    application_id: UUID


CREATED = Message("application.created", ApplicationChanged, "An application was added.")
UPDATED = Message("application.updated", ApplicationChanged, "An application was edited.")
STATUS_CHANGED = Message(
    "application.status_changed", StatusChanged, "An application moved to another stage."
)
DELETED = Message("application.deleted", ApplicationDeleted, "An application was deleted.")
DESCRIPTION_CHANGED = Message(
    "application.description_changed",
    DescriptionChanged,
    "An application's position or job description changed (for the resume match alone).",
)

handlers = Handlers()


class SavedJob(Reads):
    id: UUID
    company: str
    position: str
    location: str | None = None
    job_url: str | None = None
    job_description: str | None = None


class JobSaved(Reads):
    application: SavedJob


@handlers.on("discovered_job.saved", reads=JobSaved)
async def save_discovered_job(session: AsyncSession, event: Event, payload: JobSaved) -> None:
    from subgraphs.applications import store

    await store.create_saved_job(session, fields=payload.application.model_dump())


_STATE = [
    "company", "position", "location", "salary_min", "salary_max", "salary_currency",
    "job_url", "status", "notes", "applied_at", "created_at", "updated_at",
]  # fmt: skip


def _state(application: Application, history: list[StatusStep]) -> ApplicationState:
    fields = {name: getattr(application, name) for name in _STATE}
    return ApplicationState(id=application.id, **fields, history=history)


async def state(session: AsyncSession, application: Application) -> ApplicationState:
    """The application as consumers see it, with its status history read from the store."""
    steps = await session.exec(
        select(StatusChange)
        .where(StatusChange.application_id == application.id)
        .order_by(col(StatusChange.changed_at), col(StatusChange.id))
    )
    history = [
        StatusStep(from_status=s.from_status, to_status=s.to_status, changed_at=s.changed_at)
        for s in steps
    ]
    return _state(application, history)


async def application_changed(
    session: AsyncSession,
    message: Message[ApplicationChanged],
    application: Application,
    *,
    described: bool = False,
) -> None:
    """`message` (CREATED or UPDATED) with the application's state; and `description_changed`
    after a creation with a description, an update that changed it or the position, or when
    `described` (replays)."""
    described = described or _description_changed(message, application)
    payload = ApplicationChanged(application=await _current(session, application))
    owner = application.owner_id
    await publish(session, message, aggregate_id=application.id, payload=payload, owner_id=owner)
    if described:
        fields = DescribedApplication(id=application.id, position=application.position,
                                      job_description=application.job_description)  # fmt: skip
        await publish(session, DESCRIPTION_CHANGED, aggregate_id=application.id,
                      payload=DescriptionChanged(application=fields), owner_id=owner)  # fmt: skip


async def status_changed(
    session: AsyncSession,
    application: Application,
    *,
    from_status: ApplicationStatus,
    to_status: ApplicationStatus,
) -> None:
    snapshot = await _current(session, application)
    payload = StatusChanged(application=snapshot, from_status=from_status, to_status=to_status)
    await publish(session, STATUS_CHANGED, aggregate_id=application.id, payload=payload,
                  owner_id=application.owner_id)  # fmt: skip


async def _current(session: AsyncSession, application: Application) -> ApplicationState:
    await session.flush()
    return await state(session, application)


def _description_changed(message: Message[ApplicationChanged], application: Application) -> bool:
    if message is CREATED:
        return application.job_description is not None
    if message is not UPDATED:
        return False
    attributes = inspect(application).attrs
    return any(attributes[name].history.has_changes() for name in ("job_description", "position"))


async def applications_created(
    session: AsyncSession,
    applications: Sequence[Application],
    histories: Mapping[UUID, list[StatusStep]],
) -> None:
    """`application.created` for many new applications whose history the caller knows, in
    one INSERT (bulk imports: no query per application)."""
    events = [
        (a.id, ApplicationChanged(application=_state(a, histories.get(a.id, []))))
        for a in applications
    ]
    await publish_many(session, CREATED, events)


async def application_deleted(session: AsyncSession, application: Application) -> None:
    payload = ApplicationDeleted(application_id=application.id)
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
