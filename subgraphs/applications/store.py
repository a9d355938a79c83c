"""Applications store. Every function runs in a session opened for an owner (`kit.scoping`):
its queries see that owner's rows only, and what it adds belongs to that owner. Writes happen
in the caller's unit of work, which commits; nothing here commits."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from pydantic import BaseModel, ValidationError
from sqlalchemy import bindparam, func, insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.applications import events
from subgraphs.applications.models import (
    Application,
    ApplicationBase,
    ApplicationCreate,
    ApplicationStatus,
    ImportedRow,
    StatusChange,
)
from subgraphs.kit import (
    Listing,
    apply_changes,
    contains_param,
    contains_pattern,
    ids_in,
    ids_param,
    not_found,
    owner_of,
    utcnow,
)

PAGE_KEYS = (col(Application.created_at), col(Application.id))


@dataclass(frozen=True)
class ApplicationFilter:
    status: ApplicationStatus | None = None
    statuses: tuple[ApplicationStatus, ...] = ()  # any of these
    query: str | None = None  # company or position contains it, case-insensitively
    location: str | None = None
    applied_from: datetime | None = None
    applied_to: datetime | None = None

    def values(self) -> dict[str, Any]:
        """Each of `CONDITIONS`' value, None where it does not apply."""
        return {
            "status": self.status,
            "statuses": list(self.statuses) or None,
            "query": contains_pattern(self.query.lower()) if self.query else None,
            "location": contains_pattern(self.location.lower()) if self.location else None,
            "applied_from": self.applied_from,
            "applied_to": self.applied_to,
        }


# The filter's conditions, their values bound (kit.Listing.filtered); made once.
CONDITIONS = {
    "status": col(Application.status) == bindparam("status"),
    "statuses": col(Application.status).in_(bindparam("statuses", expanding=True)),
    "query": contains_param(func.lower(col(Application.company)), "query")
    | contains_param(func.lower(col(Application.position)), "query"),
    "location": contains_param(func.lower(col(Application.location)), "location"),
    "applied_from": col(Application.applied_at) >= bindparam("applied_from"),
    "applied_to": col(Application.applied_at) <= bindparam("applied_to"),
}
_APPLICATIONS = select(Application)


def applications(where: ApplicationFilter) -> Listing[Application]:
    """The owner's applications matching `where`, newest first."""
    return Listing.filtered(_APPLICATIONS, CONDITIONS, where.values(), keys=PAGE_KEYS)


# Made once (kit.ids_in): each call runs them with its ids.
_APPLICATIONS_BY_ID = select(Application).where(ids_in(col(Application.id)))
_HISTORIES = (
    select(StatusChange)
    .where(ids_in(col(StatusChange.application_id)))
    .order_by(col(StatusChange.changed_at), col(StatusChange.id))
)


async def applications_by_id(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, Application]:
    """The owner's applications among `ids`, in one query; others' ids are simply absent."""
    return {row.id: row for row in await session.exec(_APPLICATIONS_BY_ID, params=ids_param(ids))}


async def status_histories(
    session: AsyncSession, application_ids: Sequence[UUID]
) -> dict[UUID, list[StatusChange]]:
    """Each application's history, oldest first, for many applications in one query."""
    histories: dict[UUID, list[StatusChange]] = {key: [] for key in application_ids}
    for change in await session.exec(_HISTORIES, params=ids_param(application_ids)):
        histories[change.application_id].append(change)
    return histories


async def _owned(session: AsyncSession, application_id: UUID) -> Application:
    application = await session.get(Application, application_id)
    if application is None:  # absent, or someone else's: the session cannot see it
        raise not_found("Application")
    return application


async def create_application(
    session: AsyncSession, *, data: ApplicationCreate, application_id: UUID | None = None
) -> Application:
    now = utcnow()
    application = Application(**data.model_dump(), created_at=now, updated_at=now)
    if application_id is not None:
        application.id = application_id
    if data.status is ApplicationStatus.APPLIED and application.applied_at is None:
        application.applied_at = now
    session.add(application)
    session.add(
        StatusChange(application_id=application.id, to_status=application.status, changed_at=now)
    )
    await events.application_changed(session, events.CREATED, application)
    return application


async def create_saved_job(session: AsyncSession, *, fields: dict[str, Any]) -> None:
    """An opening saved from the postings subgraph's inbox, as a SAVED application with the id
    it was given there; nothing when it exists (a redelivered event). Fields that do not pass
    the rules of an application are left out (a posting's link that is not a web URL)."""
    application_id = UUID(str(fields["id"]))
    if await session.get(Application, application_id) is not None:
        return
    values = {key: fields.get(key) for key in ("company", "position", "location", "job_url",
                                                "job_description")}  # fmt: skip
    try:
        data = ApplicationCreate.model_validate(values)
    except ValidationError:
        data = ApplicationCreate.model_validate(
            {"company": values["company"], "position": values["position"]}
        )
    await create_application(session, data=data, application_id=application_id)


Step = tuple[ApplicationStatus | None, ApplicationStatus, datetime]  # from, to, when


async def import_applications(
    session: AsyncSession,
    *,
    rows: Sequence[Application],
    histories: Mapping[UUID, Sequence[Step]] | None = None,
    announce: bool = False,
) -> int:
    """Bulk import (the demo account, benchmarks): rows as given, timestamps included, owned
    by the session's owner; each one's status history as given (else one step, at creation).
    A few bulk INSERTs whatever the count. `announce`: publish `application.created` for each,
    so the subgraphs fed by events learn of them as of any other."""
    owner = owner_of(session)
    values = [{**row.model_dump(), "owner_id": owner} for row in rows]
    if not values:
        return 0
    histories = histories or {}
    steps = [
        {"id": uuid4(), "owner_id": owner, "application_id": row["id"],
         "from_status": before, "to_status": after, "changed_at": at}
        for row in values
        for before, after, at in histories.get(row["id"], [(None, row["status"], row["created_at"])])  # noqa: E501
    ]  # fmt: skip
    await session.exec(insert(Application), params=values)
    await session.exec(insert(StatusChange), params=steps)
    if announce:
        told: dict[UUID, list[events.StatusStep]] = {}
        for step in steps:
            told.setdefault(step["application_id"], []).append(
                events.StatusStep.model_validate(
                    {name: step[name] for name in ("from_status", "to_status", "changed_at")}
                )
            )
        await events.applications_created(session, rows, told)
    return len(values)


async def update_application(
    session: AsyncSession, *, application_id: UUID, changes: BaseModel
) -> Application:
    application = await _owned(session, application_id)
    apply_changes(application, changes, fields=ApplicationBase)
    application.updated_at = utcnow()
    await events.application_changed(session, events.UPDATED, application)
    return application


async def change_status(
    session: AsyncSession, *, application_id: UUID, status: ApplicationStatus
) -> Application:
    """Move to `status` and record the step; the same status again changes nothing."""
    application = await _owned(session, application_id)
    if application.status == status:
        return application
    previous = application.status
    now = utcnow()
    session.add(
        StatusChange(
            application_id=application.id,
            from_status=application.status,
            to_status=status,
            changed_at=now,
        )
    )
    application.status = status
    application.updated_at = now
    if status is ApplicationStatus.APPLIED and application.applied_at is None:
        application.applied_at = now
    await events.status_changed(session, application, from_status=previous, to_status=status)
    return application


async def delete_application(session: AsyncSession, *, application_id: UUID) -> None:
    application = await _owned(session, application_id)
    await session.delete(application)
    await events.application_deleted(session, application)


KEYS_PER_QUERY = 1000


async def imported_keys(session: AsyncSession, keys: Sequence[str]) -> set[str]:
    """Which of `keys` the owner has imported before (a query per thousand keys)."""
    found: set[str] = set()
    for first in range(0, len(keys), KEYS_PER_QUERY):
        batch = set(keys[first : first + KEYS_PER_QUERY])
        statement = select(ImportedRow.key).where(col(ImportedRow.key).in_(batch))
        found.update(await session.exec(statement))
    return found


async def remember_imported(session: AsyncSession, keys: Mapping[str, UUID]) -> None:
    """Each key's row imported (as `application_id`), in the import's unit of work."""
    owner, now = owner_of(session), utcnow()
    values = [
        {"owner_id": owner, "key": key, "application_id": application_id, "imported_at": now}
        for key, application_id in keys.items()
    ]
    if values:
        await session.exec(insert(ImportedRow), params=values)
