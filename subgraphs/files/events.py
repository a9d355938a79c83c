"""Events the files subgraph publishes, and what it consumes.

Published (fat: consumers never call back):
    file.uploaded  {"file": {id, kind, file_name, content_type, size, checksum,
                    application_id, uploaded_at, text?}}               (completeUpload)
                   `text`: a resume's text (not one sent with an application), extracted
                   from the PDF or DOCX (`text.py`; "" when unreadable), for the postings
                   subgraph's match of a resume to a job
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

from typing import Any
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.files import store
from subgraphs.files.models import StoredFile
from subgraphs.kit import Event, Handlers, erase_owner, publish

UPLOADED = "file.uploaded"
DELETED = "file.deleted"

# user.deleted is handled below: the objects are doomed before kit erases the rows.
handlers = Handlers(erase_on_user_deleted=False)


def _state(row: StoredFile) -> dict[str, Any]:
    names = ["kind", "file_name", "content_type", "size", "checksum", "application_id"]
    fields = {name: getattr(row, name) for name in names}
    return {"id": row.id, **fields, "uploaded_at": row.created_at}


async def file_uploaded(session: AsyncSession, row: StoredFile, *, text: str | None) -> None:
    file = _state(row) | ({"text": text} if text is not None else {})
    await publish(session, UPLOADED, aggregate_id=row.id, payload={"file": file})


async def file_deleted(session: AsyncSession, row: StoredFile, *, reason: str) -> None:
    payload = {
        "file_id": str(row.id),
        "kind": row.kind,
        "application_id": str(row.application_id) if row.application_id else None,
        "reason": reason,
    }
    await publish(session, DELETED, aggregate_id=row.id, payload=payload)


@handlers.on("application.created", "application.updated", "application.status_changed")
async def know_application(session: AsyncSession, event: Event) -> None:
    assert event.sequence is not None
    application_id = UUID(event.payload["application"]["id"])
    await store.keep_application(session, application_id, event.sequence)


@handlers.on("application.deleted")
async def forget_application(session: AsyncSession, event: Event) -> None:
    assert event.sequence is not None
    application_id = UUID(event.payload["application_id"])
    for row in await store.forget_application(session, application_id, event.sequence):
        await file_deleted(session, row, reason="application_deleted")


@handlers.on("user.deleted")
async def erase(session: AsyncSession, event: Event) -> None:
    if event.owner_id is not None:
        await store.doom_owner(session, event.owner_id)
        await erase_owner(session, event.owner_id)
