"""Files store: the records of files (their contents are in object storage, see `storage`).

Every function but the sweeper's (`expired_uploads`, `doomed`, `undoom`, in an admin session)
runs in a session opened for an owner (`kit.scoping`): it sees and writes that owner's rows
only. Nothing here commits, and nothing here touches object storage: an object to remove is
put in `doomed_objects` in the same unit of work that drops its record, and the sweeper (or the
mutation, right after its commit) removes it from storage.

This module is the one place that knows how records are kept (SQL tables through kit today),
so moving them to another store changes this file and `models.py` only.
"""

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.files.models import (
    DoomedObject,
    File,
    FileKind,
    KnownApplication,
    PublicResume,
    UploadCreate,
)
from subgraphs.kit import Listing, not_found, owner_of, utcnow

PAGE_KEYS = (col(File.completed_at), col(File.id))
_COMPLETED = col(File.completed_at).is_not(None)


def object_key(owner_id: UUID, file_id: UUID) -> str:
    """Where a file's contents live: under its owner's prefix, which erasure removes whole."""
    return f"{owner_id}/{file_id}"


def owner_prefix(owner_id: UUID) -> str:
    return f"{owner_id}/"


# --- reads ----------------------------------------------------------------------------------


def documents(kind: FileKind | None = None) -> Listing[File]:
    """The owner's files (uploads completed), newest first."""
    statement = select(File).where(_COMPLETED)
    if kind is not None:
        statement = statement.where(File.kind == kind)
    return Listing(statement, keys=PAGE_KEYS)


async def files_by_id(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, File]:
    """The owner's completed files among `ids`, in one query; others' ids are absent."""
    statement = select(File).where(col(File.id).in_(set(ids)), _COMPLETED)
    return {row.id: row for row in await session.exec(statement)}


async def documents_by_application(
    session: AsyncSession, application_ids: Sequence[UUID]
) -> dict[UUID, list[File]]:
    """Each application's files, newest first, for many applications in one query."""
    statement = (
        select(File)
        .where(col(File.application_id).in_(set(application_ids)), _COMPLETED)
        .order_by(col(File.completed_at).desc(), col(File.id).desc())
    )
    found: dict[UUID, list[File]] = {key: [] for key in application_ids}
    for row in await session.exec(statement):
        assert row.application_id is not None
        found[row.application_id].append(row)
    return found


async def known_applications(
    session: AsyncSession, ids: Sequence[UUID]
) -> dict[UUID, KnownApplication]:
    """The owner's applications among `ids` that this subgraph knows of and are not deleted."""
    statement = select(KnownApplication).where(
        col(KnownApplication.application_id).in_(set(ids)),
        KnownApplication.deleted == False,  # noqa: E712
    )
    return {row.application_id: row for row in await session.exec(statement)}


async def current_resumes(session: AsyncSession, owner_ids: Sequence[UUID]) -> dict[UUID, File]:
    """The owner's current resume (keyed by the owner's id): their newest completed RESUME not
    attached to an application. Other owners' ids are absent (see `public_resumes`)."""
    current = await _current_resume(session)
    return {current.owner_id: current} if current and current.owner_id in owner_ids else {}


async def public_resumes(
    session: AsyncSession, owner_ids: Sequence[UUID]
) -> dict[UUID, PublicResume]:
    """The public-resume rows of these owners (those who made their resume public)."""
    statement = select(PublicResume).where(col(PublicResume.owner_id).in_(set(owner_ids)))
    return {row.owner_id: row for row in await session.exec(statement)}


async def _current_resume(session: AsyncSession) -> File | None:
    statement = (
        select(File)
        .where(File.kind == FileKind.RESUME, col(File.application_id).is_(None), _COMPLETED)
        .order_by(col(File.completed_at).desc(), col(File.id).desc())
        .limit(1)
    )
    return (await session.exec(statement)).first()


async def upload(session: AsyncSession, file_id: UUID) -> File:
    """One of the owner's files, pending or completed; NOT_FOUND once an unfinished upload has
    expired (the sweeper removes it soon after)."""
    row = await session.get(File, file_id)
    if row is None or (row.expires_at is not None and row.expires_at < utcnow()):
        raise not_found("File")
    return row


# --- writes ---------------------------------------------------------------------------------


async def create_upload(
    session: AsyncSession, *, file_id: UUID, data: UploadCreate, expires_at: datetime
) -> File:
    """A pending file record; the application, if any, must be the owner's (else NOT_FOUND)."""
    if data.application_id is not None:
        known = await known_applications(session, [data.application_id])
        if not known:
            raise not_found("Application")
    row = File(
        id=file_id,
        object_key=object_key(owner_of(session), file_id),
        expires_at=expires_at,
        **data.model_dump(),
    )
    session.add(row)
    await session.flush()
    return row


async def complete(session: AsyncSession, *, file_id: UUID, checksum: str) -> File:
    """Mark a pending upload completed, with its checksum."""
    row = await upload(session, file_id)
    if row.completed_at is None:
        row.checksum, row.completed_at, row.expires_at = checksum, utcnow(), None
        await session.flush()
        await refresh_public_resume(session)
    return row


async def delete_file(session: AsyncSession, *, file_id: UUID) -> File:
    """Drop one of the owner's files (pending or completed) and doom its object."""
    row = await session.get(File, file_id)
    if row is None:
        raise not_found("File")
    await _drop(session, [row])
    await refresh_public_resume(session)
    return row


async def set_resume_public(session: AsyncSession, *, public: bool) -> None:
    owner = owner_of(session)
    row = await session.get(PublicResume, owner)
    if not public:
        if row is not None:
            await session.delete(row)
        return
    if row is None:
        session.add(PublicResume(owner_id=owner))
    await session.flush()
    await refresh_public_resume(session)


async def refresh_public_resume(session: AsyncSession) -> None:
    """Copy the owner's current resume to their public row, if they made it public."""
    row = await session.get(PublicResume, owner_of(session))
    if row is None:
        return
    current = await _current_resume(session)
    row.file_id = current.id if current else None
    for name in ("file_name", "content_type", "size", "checksum", "object_key"):
        setattr(row, name, getattr(current, name) if current else None)
    row.uploaded_at = current.completed_at if current else None
    await session.flush()


async def _drop(session: AsyncSession, rows: Sequence[File]) -> None:
    for row in rows:
        session.add(DoomedObject(key=row.object_key))
        await session.delete(row)
    await session.flush()


# --- from events ----------------------------------------------------------------------------


async def keep_application(session: AsyncSession, application_id: UUID, sequence: int) -> None:
    """An application of the session's owner exists (created, updated, status changed)."""
    known = await session.get(KnownApplication, application_id)
    if known is None:
        session.add(KnownApplication(application_id=application_id, sequence=sequence))
    elif not known.deleted and sequence > known.sequence:
        known.sequence = sequence
    await session.flush()


async def forget_application(
    session: AsyncSession, application_id: UUID, sequence: int
) -> list[File]:
    """An application was deleted: keep a tombstone (no late event brings it back) and drop
    its files, pending ones included. Answers the completed files dropped."""
    known = await session.get(KnownApplication, application_id)
    if known is None:
        session.add(
            KnownApplication(application_id=application_id, sequence=sequence, deleted=True)
        )
    else:
        known.deleted, known.sequence = True, max(sequence, known.sequence)
    rows = list(await session.exec(select(File).where(File.application_id == application_id)))
    await _drop(session, rows)
    return [row for row in rows if row.completed_at is not None]


async def doom_owner(session: AsyncSession, owner_id: UUID) -> None:
    """Every object of an owner (their account is being erased) is to be removed."""
    session.add(DoomedObject(key=owner_prefix(owner_id), is_prefix=True))
    await session.flush()


# --- the sweeper (admin sessions) -----------------------------------------------------------


async def expire_uploads(session: AsyncSession, *, now: datetime, limit: int) -> int:
    """Drop unfinished uploads past their expiry (every owner's), dooming their objects."""
    statement = select(File).where(col(File.expires_at) < now).limit(limit)
    rows = list(await session.exec(statement))
    await _drop(session, rows)
    return len(rows)


async def doomed(session: AsyncSession, *, limit: int) -> list[DoomedObject]:
    statement = select(DoomedObject).order_by(col(DoomedObject.doomed_at)).limit(limit)
    return list(await session.exec(statement))


async def undoom_key(session: AsyncSession, key: str) -> None:
    """Forget an object removed from storage right after its record was dropped."""
    await session.exec(delete(DoomedObject).where(col(DoomedObject.key) == key))


async def undoom(session: AsyncSession, ids: Sequence[UUID]) -> None:
    """Forget objects storage has deleted."""
    if ids:
        await session.exec(delete(DoomedObject).where(col(DoomedObject.id).in_(set(ids))))
