"""Export jobs' records: recorded for the owner by `startExport` and read back by id (sessions
opened for the owner), then claimed, updated and expired by the export loop (`exports`; admin
sessions). Nothing here commits or touches object storage: an expired export's file is doomed,
and the sweeper removes it."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import and_, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.files.models import DoomedObject, ExportFormat, ExportJob, ExportStatus
from subgraphs.kit import ids_in, ids_param


async def create_export(session: AsyncSession, *, format: ExportFormat) -> ExportJob:
    job = ExportJob(format=format)
    session.add(job)
    await session.flush()
    return job


_EXPORT_JOBS_BY_ID = select(ExportJob).where(ids_in(col(ExportJob.id)))  # made once


async def export_jobs_by_id(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, ExportJob]:
    """The owner's export jobs among `ids`, in one query; others' ids are absent."""
    return {job.id: job for job in await session.exec(_EXPORT_JOBS_BY_ID, params=ids_param(ids))}


# The export loop's (`exports`; admin sessions: it serves every owner).


async def claim_export(
    session: AsyncSession, *, now: datetime, stale: timedelta
) -> ExportJob | None:
    """The oldest pending export (or one RUNNING since before `now - stale`: its process
    died), now RUNNING; None when there is none. Two loops claiming at once: the update's
    condition lets one of them have it."""
    claimable = or_(
        col(ExportJob.status) == ExportStatus.PENDING,
        and_(
            col(ExportJob.status) == ExportStatus.RUNNING, col(ExportJob.started_at) < now - stale
        ),
    )
    statement = select(ExportJob).where(claimable).order_by(col(ExportJob.created_at)).limit(1)
    job = (await session.exec(statement)).first()
    if job is None:
        return None
    same = col(ExportJob.status) == job.status
    if job.started_at is not None:
        same = and_(same, col(ExportJob.started_at) == job.started_at)
    claimed = await session.exec(
        update(ExportJob)
        .where(col(ExportJob.id) == job.id, same)
        .values(status=ExportStatus.RUNNING, started_at=now, progress=0.0)
    )
    if claimed.rowcount != 1:
        return None
    return job


async def set_export(session: AsyncSession, job_id: UUID, **values: Any) -> None:
    await session.exec(update(ExportJob).where(col(ExportJob.id) == job_id).values(**values))


async def expire_exports(session: AsyncSession, *, now: datetime) -> int:
    """Exports past their time: their files doomed, their jobs EXPIRED."""
    statement = select(ExportJob).where(
        col(ExportJob.status) == ExportStatus.DONE, col(ExportJob.expires_at) < now
    )
    expired = list(await session.exec(statement))
    for job in expired:
        if job.object_key:
            session.add(DoomedObject(key=job.object_key))
        job.status = ExportStatus.EXPIRED
    await session.flush()
    return len(expired)
