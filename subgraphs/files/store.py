"""Files store: the records of files (their contents are in object storage, see `storage`).

File records and known applications are documents (`kit.documents`): every handle is opened
from a session for an owner and sees that owner's documents only; the sweeper alone opens an
admin handle. Public resumes and doomed objects are tables of the subgraph's SQL store. Nothing
here commits, and nothing here touches object storage: an object to remove is put in
`doomed_objects` in the unit of work that drops its record, and the sweeper (or the mutation,
right after its commit) removes it from storage.

This module is the one place that knows how file records are kept, so moving them to another
store changes this file and `models.py` only. Export jobs' records are `export_jobs`'.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.files.keys import object_key, owner_prefixes, upload_key_of
from subgraphs.files.models import (
    FILES,
    KNOWN_APPLICATIONS,
    DoomedObject,
    FileKind,
    KnownApplication,
    PublicResume,
    StoredFile,
    UploadCreate,
)
from subgraphs.kit import (
    Where,
    admin_documents,
    documents,
    ids_in,
    ids_param,
    not_found,
    owner_of,
    supersedes,
    utcnow,
)

# Application.documents reads every document of a batch of applications in one round trip
# (its list is not paged); the batch is bounded by the router's list and cost limits.
BATCH_DOCUMENTS_MAX = 10_000
_READY = {"ready": True}
_PUBLIC_COPY = ("file_name", "content_type", "size", "checksum", "object_key")


# --- reads ----------------------------------------------------------------------------------


def user_documents(kind: FileKind | None = None) -> Any:
    """The owner's files (uploads completed), newest first: for `paginate`."""
    equal: dict[str, Any] = dict(_READY)
    if kind is not None:
        equal["kind"] = kind.value
    return FILES.query(Where(equal=equal))


async def files_by_id(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, StoredFile]:
    """The owner's completed files among `ids`, in one query; others' ids are absent."""
    found = await documents(session, FILES).get_many(ids)
    return {key: row for key, row in found.items() if row.ready}


async def documents_by_application(
    session: AsyncSession, application_ids: Sequence[UUID]
) -> dict[UUID, list[StoredFile]]:
    """Each application's files, newest first, for many applications in one query."""
    where = Where(equal=_READY, any_of={"application_id": list(set(application_ids))})
    page = await documents(session, FILES).page(where, first=BATCH_DOCUMENTS_MAX, after=None)
    found: dict[UUID, list[StoredFile]] = {key: [] for key in application_ids}
    for row in page.rows:
        assert row.application_id is not None
        found[row.application_id].append(row)
    return found


async def known_applications(
    session: AsyncSession, ids: Sequence[UUID]
) -> dict[UUID, KnownApplication]:
    """The owner's applications among `ids` that this subgraph knows of and are not deleted."""
    found = await documents(session, KNOWN_APPLICATIONS).get_many(ids)
    return {key: known for key, known in found.items() if not known.deleted}


async def current_resumes(
    session: AsyncSession, owner_ids: Sequence[UUID]
) -> dict[UUID, StoredFile]:
    """The owner's current resume (keyed by the owner's id): their newest completed RESUME not
    attached to an application. Other owners' ids are absent (see `public_resumes`)."""
    current = await _current_resume(session)
    owner = owner_of(session)
    return {owner: current} if current is not None and owner in owner_ids else {}


_PUBLIC_RESUMES = select(PublicResume).where(ids_in(col(PublicResume.owner_id)))  # made once


async def public_resumes(
    session: AsyncSession, owner_ids: Sequence[UUID]
) -> dict[UUID, PublicResume]:
    """The public-resume rows of these owners (those who made their resume public)."""
    rows = await session.exec(_PUBLIC_RESUMES, params=ids_param(owner_ids))
    return {row.owner_id: row for row in rows}


async def _current_resume(session: AsyncSession) -> StoredFile | None:
    where = Where(equal={**_READY, "kind": FileKind.RESUME.value, "application_id": None})
    page = await documents(session, FILES).page(where, first=1, after=None)
    return page.rows[0] if page.rows else None


async def upload(session: AsyncSession, file_id: UUID) -> StoredFile:
    """One of the owner's files, pending or completed; NOT_FOUND once an unfinished upload has
    expired (the sweeper removes it soon after)."""
    row = await documents(session, FILES).get(file_id)
    if row is None or (row.expires_at is not None and row.expires_at < utcnow()):
        raise not_found("File")
    return row


# --- writes ---------------------------------------------------------------------------------


async def create_upload(
    session: AsyncSession, *, file_id: UUID, data: UploadCreate, expires_at: datetime
) -> StoredFile:
    """A pending file record; the application, if any, must be the owner's (else NOT_FOUND)."""
    if data.application_id is not None:
        if not await known_applications(session, [data.application_id]):
            raise not_found("Application")
    row = StoredFile(
        id=file_id,
        object_key=object_key(owner_of(session), file_id),
        expires_at=expires_at,
        **data.model_dump(),
    )
    return await documents(session, FILES).put(row)


async def complete(session: AsyncSession, *, file_id: UUID, checksum: str) -> StoredFile | None:
    """Mark a pending upload completed, with its checksum; None when it already was."""
    row = await upload(session, file_id)
    if row.ready:
        return None
    done = row.model_copy(
        update={"ready": True, "checksum": checksum, "expires_at": None, "created_at": utcnow()}
    )
    done = await documents(session, FILES).put(done)
    await refresh_public_resume(session)
    return done


async def delete_file(session: AsyncSession, *, file_id: UUID) -> StoredFile:
    """Drop one of the owner's files (pending or completed) and doom its object."""
    row = await documents(session, FILES).get(file_id)
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
    for name in _PUBLIC_COPY:
        setattr(row, name, getattr(current, name) if current else None)
    row.uploaded_at = current.created_at if current else None
    await session.flush()


async def _drop(session: AsyncSession, rows: Sequence[StoredFile], *, admin: bool = False) -> None:
    """Doom the files' objects and uploads (first: SQL rows in this unit of work), then drop the
    records."""
    for row in rows:
        session.add_all(
            DoomedObject(key=key) for key in (row.object_key, upload_key_of(row.object_key))
        )
    await session.flush()
    files = admin_documents(session, FILES) if admin else documents(session, FILES)
    for row in rows:
        await files.delete(row.id)


# --- from events ----------------------------------------------------------------------------


async def keep_application(session: AsyncSession, application_id: UUID, sequence: int) -> None:
    """An application of the session's owner exists (created, updated, status changed)."""
    known_ones = documents(session, KNOWN_APPLICATIONS)
    known = await known_ones.get(application_id)
    if known is None:
        await known_ones.put(KnownApplication(id=application_id, sequence=sequence))
    elif supersedes(sequence, known):
        await known_ones.put(known.model_copy(update={"sequence": sequence}))


async def forget_application(
    session: AsyncSession, application_id: UUID, sequence: int
) -> list[StoredFile]:
    """An application was deleted: keep a tombstone (no late event brings it back) and drop
    its files, pending ones included. Answers the completed files dropped."""
    known_ones = documents(session, KNOWN_APPLICATIONS)
    known = await known_ones.get(application_id) or KnownApplication(
        id=application_id, sequence=sequence
    )
    update = {"deleted": True, "sequence": max(sequence, known.sequence)}
    await known_ones.put(known.model_copy(update=update))
    rows = await documents(session, FILES).find(Where(equal={"application_id": application_id}))
    await _drop(session, rows)
    return [row for row in rows if row.ready]


async def doom_owner(session: AsyncSession, owner_id: UUID) -> None:
    """Every object of an owner (their account is being erased) is to be removed."""
    session.add_all(DoomedObject(key=key, is_prefix=True) for key in owner_prefixes(owner_id))
    await session.flush()


# --- the sweeper (admin sessions) -----------------------------------------------------------


async def expire_uploads(session: AsyncSession, *, now: datetime) -> int:
    """Drop unfinished uploads past their expiry (every owner's), dooming their objects."""
    pending = await admin_documents(session, FILES).find(Where(equal={"ready": False}))
    expired = [row for row in pending if row.expires_at is not None and row.expires_at < now]
    await _drop(session, expired, admin=True)
    return len(expired)


async def pending_uploads(
    session: AsyncSession, ids: Sequence[UUID], *, now: datetime
) -> set[UUID]:
    """Which of these files (every owner's) are uploads under way, not yet expired."""
    found = await admin_documents(session, FILES).get_many(ids)
    return {
        key
        for key, row in found.items()
        if not row.ready and (row.expires_at is None or row.expires_at >= now)
    }


async def doomed(session: AsyncSession, *, limit: int) -> list[DoomedObject]:
    statement = select(DoomedObject).order_by(col(DoomedObject.doomed_at)).limit(limit)
    return list(await session.exec(statement))


async def undoom(session: AsyncSession, ids: Sequence[UUID]) -> None:
    """Forget objects storage has deleted."""
    if ids:
        await session.exec(delete(DoomedObject).where(col(DoomedObject.id).in_(set(ids))))


async def undoom_key(session: AsyncSession, key: str) -> None:
    """Forget an object removed from storage right after its record was dropped."""
    await session.exec(delete(DoomedObject).where(col(DoomedObject.key) == key))
