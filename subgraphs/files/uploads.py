"""The two-step upload, and deletion: records (store) and contents (object storage) together.

    createUpload   check the input, record a pending file, answer a presigned upload form for
                   the file's upload key (`keys`), which writes once (`grants`)
    (client)       POSTs the form's fields and the file to the form's URL
    completeUpload the upload is copied to the file's own key (no form names it: the contents
                   are frozen), and the copy must have the declared size (at most
                   FILES_MAX_BYTES) and start with its type's leading bytes; its SHA-256 is
                   recorded, the upload removed and `file.uploaded` published. Refused: both
                   are removed, the record stays pending (the client may upload again while
                   its form is valid).
    deleteFile     drops the record and dooms its object and upload in one unit of work, then
                   removes them at once (the sweeper retries if storage is down).

Unfinished uploads expire FILES_UNFINISHED_SECONDS after createUpload (`sweeper`).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID, uuid4

from subgraphs.files import events, store
from subgraphs.files.content import file_type, inspect
from subgraphs.files.keys import upload_key_of
from subgraphs.files.models import FileKind, StoredFile, UploadCreate
from subgraphs.files.settings import FilesSettings
from subgraphs.files.storage import UploadForm, storage_of
from subgraphs.files.text import extract_text
from subgraphs.kit import AppError, Context, Offload, bad_input, utcnow

logger = logging.getLogger("subgraphs.files")
MIB = 1024 * 1024


@dataclass(frozen=True)
class Started:
    file: StoredFile
    form: UploadForm


def _limit_text(limit: int) -> str:
    return f"{limit / MIB:g} MiB" if limit >= MIB else f"{limit} bytes"


async def create_upload(ctx: Context, data: UploadCreate) -> Started:
    settings = FilesSettings.of(ctx.settings)
    limit = settings.FILES_MAX_BYTES
    if data.size > limit:
        raise bad_input("size", f"size: files may be at most {_limit_text(limit)}")
    storage, file_id = storage_of(ctx), uuid4()
    expires_at = utcnow() + timedelta(seconds=settings.FILES_UNFINISHED_SECONDS)
    async with ctx.writer() as session:
        row = await store.create_upload(session, file_id=file_id, data=data, expires_at=expires_at)
    form = await storage.upload_form(
        upload_key_of(row.object_key),
        content_type=row.content_type,
        size=row.size,
        expires_in=settings.FILES_UPLOAD_URL_SECONDS,
    )
    return Started(row, form)


async def complete_upload(ctx: Context, file_id: UUID) -> StoredFile:
    async with ctx.reader() as session:
        row = await store.upload(session, file_id)
    if row.ready:
        return row  # completed before: the same answer again
    checksum = await _check_object(ctx, row)
    text = await _resume_text(ctx, row)
    async with ctx.writer() as session:
        done = await store.complete(session, file_id=file_id, checksum=checksum)
        if done is None:  # a concurrent completeUpload got there first
            return await store.upload(session, file_id)
        await events.file_uploaded(session, done, text=text)
    await remove_now(ctx, upload_key_of(row.object_key), doomed=False)
    return done


async def _resume_text(ctx: Context, row: StoredFile) -> str | None:
    """A resume's text (not one sent with an application): matched against job descriptions."""
    if row.kind is not FileKind.RESUME or row.application_id is not None:
        return None
    data = bytearray()
    async for chunk in storage_of(ctx).read(row.object_key):
        data.extend(chunk)
    # A PDF is anyone's: read in a worker process with a time budget (kit's Offload); one that
    # takes longer has no text, like one pypdf cannot read (the upload still succeeds).
    offload, owner = ctx.get(Offload), str(ctx.require_user())
    try:
        return await offload.run(
            extract_text, bytes(data), row.content_type, what="The resume", key=owner
        )
    except AppError as error:
        logger.info("files: no text from resume %s (%s)", row.id, error.code)
        return None


async def _check_object(ctx: Context, row: StoredFile) -> str:
    """Freeze the upload (copy it to the file's key) and answer the copy's SHA-256 when it is
    what was declared; else both are removed from storage and the answer is BAD_USER_INPUT."""
    storage, limit, upload = (
        storage_of(ctx),
        FilesSettings.of(ctx.settings).FILES_MAX_BYTES,
        upload_key_of(row.object_key),
    )
    if await storage.size(upload) is None:
        raise bad_input("id", "Nothing was uploaded for this file yet: POST the form first")
    await storage.copy(upload, row.object_key, content_type=row.content_type)
    size = await storage.size(row.object_key)
    assert size is not None
    problem, checksum = None, ""
    if size > limit:
        problem = f"The file is larger than {_limit_text(limit)}"
    elif size != row.size:
        problem = f"The file has {size} bytes, not the {row.size} declared"
    else:
        kind = file_type(row.content_type)
        seen = await inspect(storage.read(row.object_key), limit=limit)
        if seen.size != row.size:
            problem = f"The file has {seen.size} bytes, not the {row.size} declared"
        elif not seen.is_a(kind):
            problem = f"The file's content is not a {kind.label} document"
        checksum = seen.sha256
    if problem is not None:
        await storage.delete(row.object_key)
        await storage.delete(upload)
        raise bad_input("id", problem)
    return checksum


async def delete_file(ctx: Context, file_id: UUID) -> StoredFile:
    async with ctx.writer() as session:
        row = await store.delete_file(session, file_id=file_id)
        if row.ready:
            await events.file_deleted(session, row, reason="deleted")
    await remove_now(ctx, row.object_key)
    await remove_now(ctx, upload_key_of(row.object_key))
    return row


async def remove_now(ctx: Context, key: str, *, doomed: bool = True) -> None:
    """Remove an object from storage right away; when that fails, left to the sweeper (it
    removes doomed objects, and uploads of files no longer under way)."""
    try:
        await storage_of(ctx).delete(key)
    except Exception as error:
        logger.warning("files: could not remove %s now, the sweeper will (%s)", key, error)
        return
    if doomed:
        async with ctx.writer() as session:
            await store.undoom_key(session, key)
