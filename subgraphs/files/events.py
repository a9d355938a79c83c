"""Events the files subgraph publishes, and what it consumes.

Published (fat: consumers never call back):
    file.uploaded  {"file": {id, kind, file_name, content_type, size, checksum,
                    application_id, uploaded_at, text}}                (completeUpload)
                   `text`: a resume's text (not one sent with an application), extracted
                   from the PDF or DOCX (`text.py`; "" when unreadable), for the postings
                   subgraph's match of a resume to a job; null for any other file
    file.deleted   {"file_id", "kind", "application_id", "reason"}    (reason: "deleted" by
                    deleteFile, "application_deleted" when its application was deleted)
    The postings subgraph takes a resume's (its text) and its deletion. Neither carries the
    object key or a URL: contents are reached through `File.downloadUrl`, by their owner.

Consumed:
    application.created, .updated, .status_changed: the application and its owner are kept
        (`known_applications`), so `createUpload(applicationId)` can be checked to be the
        uploader's without asking the applications subgraph.
    application.deleted: a tombstone, and the application's files are deleted, records and
        objects (they were sent with that application; a user who wants to keep one uploads
        it again without an application). Each publishes `file.deleted`.
    user.deleted: every object under the owner's prefix is doomed, then kit erases the
        owner's rows (files, known applications, public resume).
Applications created before this subgraph ran are learnt by replaying them:
`scripts/task events:replay -- applications`.
"""

from datetime import datetime
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.files import store
from subgraphs.files.models import FileKind, StoredFile
from subgraphs.kit import Event, Handlers, Message, Payload, Reads, erase_owner, publish


class FileState(Payload):
    id: UUID
    kind: FileKind
    file_name: str
    content_type: str
    size: int
    checksum: str | None
    application_id: UUID | None
    uploaded_at: datetime
    text: str | None = None  # a resume's text (not one sent with an application)


class FileUploaded(Payload):
    file: FileState


class FileDeleted(Payload):
    file_id: UUID
    kind: FileKind
    application_id: UUID | None
    reason: str  # "deleted" (deleteFile), "application_deleted" (with its application)


UPLOADED = Message("file.uploaded", FileUploaded, "A file's upload was completed.")
DELETED = Message("file.deleted", FileDeleted, "A file was deleted.")

# user.deleted is handled below: the objects are doomed before kit erases the rows.
handlers = Handlers(erase_on_user_deleted=False)


async def file_uploaded(session: AsyncSession, row: StoredFile, *, text: str | None) -> None:
    names = ["kind", "file_name", "content_type", "size", "checksum", "application_id"]
    fields = {name: getattr(row, name) for name in names}
    file = FileState(id=row.id, **fields, uploaded_at=row.created_at, text=text)
    await publish(session, UPLOADED, aggregate_id=row.id, payload=FileUploaded(file=file))


async def file_deleted(session: AsyncSession, row: StoredFile, *, reason: str) -> None:
    payload = FileDeleted(
        file_id=row.id, kind=row.kind, application_id=row.application_id, reason=reason
    )
    await publish(session, DELETED, aggregate_id=row.id, payload=payload)


class Known(Reads):
    id: UUID


class ApplicationKnown(Reads):
    application: Known


class ApplicationGone(Reads):
    application_id: UUID


@handlers.on(
    "application.created", "application.updated", "application.status_changed",
    reads=ApplicationKnown,
)  # fmt: skip
async def know_application(session: AsyncSession, event: Event, payload: ApplicationKnown) -> None:
    assert event.sequence is not None
    await store.keep_application(session, payload.application.id, event.sequence)


@handlers.on("application.deleted", reads=ApplicationGone)
async def forget_application(session: AsyncSession, event: Event, payload: ApplicationGone) -> None:
    assert event.sequence is not None
    for row in await store.forget_application(session, payload.application_id, event.sequence):
        await file_deleted(session, row, reason="application_deleted")


@handlers.on("user.deleted")
async def erase(session: AsyncSession, event: Event) -> None:
    if event.owner_id is not None:
        await store.doom_owner(session, event.owner_id)
        await erase_owner(session, event.owner_id)
