"""Applications store: every query and write is scoped to the owner it is given."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from pydantic import ValidationError
from sqlalchemy import ColumnElement, and_, func, insert
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.applications.models import (
    Application,
    ApplicationCreate,
    ApplicationFields,
    ApplicationStatus,
    ApplicationUpdate,
    StatusChange,
)
from subgraphs.kit.db import utcnow
from subgraphs.kit.errors import from_validation_error, not_found
from subgraphs.kit.pagination import Page, fetch_page

PAGE_KEYS = (Application.created_at, Application.id)


@dataclass(frozen=True)
class ApplicationFilter:
    status: ApplicationStatus | None = None
    query: str | None = None  # company or position contains it, case-insensitively
    location: str | None = None
    applied_from: datetime | None = None
    applied_to: datetime | None = None

    def conditions(self, owner_id: UUID) -> ColumnElement[bool]:
        where: list[ColumnElement[bool]] = [Application.owner_id == owner_id]
        if self.status is not None:
            where.append(Application.status == self.status.value)
        if self.query:
            needle = self.query.lower()
            where.append(
                func.lower(Application.company).contains(needle, autoescape=True)
                | func.lower(Application.position).contains(needle, autoescape=True)
            )
        if self.location:
            needle = self.location.lower()
            where.append(func.lower(Application.location).contains(needle, autoescape=True))
        if self.applied_from is not None:
            where.append(Application.applied_at >= self.applied_from)
        if self.applied_to is not None:
            where.append(Application.applied_at <= self.applied_to)
        return and_(*where)


def _stored(fields: ApplicationFields) -> dict[str, Any]:
    data = fields.model_dump(mode="python")
    if data.get("job_url") is not None:
        data["job_url"] = str(data["job_url"])
    return data


async def create_application(
    session: AsyncSession, *, owner_id: UUID, data: ApplicationCreate
) -> Application:
    now = utcnow()
    application = Application(**_stored(data), owner_id=owner_id, created_at=now, updated_at=now)
    application.status = data.status.value
    if data.status is ApplicationStatus.APPLIED and application.applied_at is None:
        application.applied_at = now
    session.add(application)
    session.add(
        StatusChange(application_id=application.id, to_status=application.status, changed_at=now)
    )
    await session.commit()
    return application


async def import_applications(
    session: AsyncSession, *, owner_id: UUID, applications: Sequence[Application]
) -> int:
    """Bulk import (seeding, benchmarks): rows as given, timestamps included, owned by `owner_id`.

    Two bulk INSERTs (executemany) whatever the count; each row's history is one step.
    """
    rows = [{**row.model_dump(), "owner_id": owner_id} for row in applications]
    if not rows:
        return 0
    steps = [
        {"id": uuid4(), "application_id": row["id"], "to_status": row["status"],
         "changed_at": row["created_at"]}
        for row in rows
    ]  # fmt: skip
    await session.exec(insert(Application), params=rows)
    await session.exec(insert(StatusChange), params=steps)
    await session.commit()
    return len(rows)


async def get_applications(
    session: AsyncSession, *, owner_id: UUID, ids: Iterable[UUID]
) -> dict[UUID, Application]:
    """The owner's applications among `ids`, in one query; others' ids are simply absent."""
    statement = select(Application).where(
        Application.owner_id == owner_id, Application.id.in_(set(ids))
    )
    return {row.id: row for row in await session.exec(statement)}


async def _owned(session: AsyncSession, owner_id: UUID, application_id: UUID) -> Application:
    application = await session.get(Application, application_id)
    if application is None or application.owner_id != owner_id:
        raise not_found("Application")
    return application


async def list_applications(
    session: AsyncSession,
    *,
    owner_id: UUID,
    where: ApplicationFilter,
    first: int,
    after: str | None,
) -> Page[Application]:
    statement = select(Application).where(where.conditions(owner_id))
    return await fetch_page(session, statement, keys=PAGE_KEYS, first=first, after=after)


async def count_applications(
    session: AsyncSession, *, owner_id: UUID, where: ApplicationFilter
) -> int:
    statement = select(func.count()).select_from(Application).where(where.conditions(owner_id))
    return await session.scalar(statement) or 0


async def update_application(
    session: AsyncSession, *, owner_id: UUID, application_id: UUID, changes: ApplicationUpdate
) -> Application:
    application = await _owned(session, owner_id, application_id)
    current = {name: getattr(application, name) for name in ApplicationFields.model_fields}
    try:
        merged = ApplicationFields.model_validate(current | changes.model_dump(exclude_unset=True))
    except ValidationError as error:
        raise from_validation_error(error) from None
    for name, value in _stored(merged).items():
        setattr(application, name, value)
    application.updated_at = utcnow()
    await session.commit()
    return application


async def change_status(
    session: AsyncSession, *, owner_id: UUID, application_id: UUID, status: ApplicationStatus
) -> Application:
    """Move to `status` and record the step; the same status again changes nothing."""
    application = await _owned(session, owner_id, application_id)
    if application.status == status.value:
        return application
    now = utcnow()
    session.add(
        StatusChange(
            application_id=application.id,
            from_status=application.status,
            to_status=status.value,
            changed_at=now,
        )
    )
    application.status = status.value
    application.updated_at = now
    if status is ApplicationStatus.APPLIED and application.applied_at is None:
        application.applied_at = now
    await session.commit()
    return application


async def delete_application(
    session: AsyncSession, *, owner_id: UUID, application_id: UUID
) -> None:
    application = await _owned(session, owner_id, application_id)
    await session.delete(application)
    await session.commit()


async def status_histories(
    session: AsyncSession, *, owner_id: UUID, application_ids: Iterable[UUID]
) -> dict[UUID, list[StatusChange]]:
    """Each application's history, oldest first, for many applications in one query."""
    statement = (
        select(StatusChange)
        .join(Application, Application.id == StatusChange.application_id)
        .where(
            Application.owner_id == owner_id, StatusChange.application_id.in_(set(application_ids))
        )
        .order_by(StatusChange.changed_at, StatusChange.id)
    )
    histories: dict[UUID, list[StatusChange]] = defaultdict(list)
    for change in await session.exec(statement):
        histories[change.application_id].append(change)
    return histories
