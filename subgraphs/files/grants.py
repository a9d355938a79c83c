"""Single-use upload grants, and the integrity of what is served.

An upload form lets its client write one object, at the file's upload key (`keys`), while the
file is an upload under way. completeUpload copies that object to the file's own key, which no
form names, checks the copy and records its SHA-256: from then on the file's contents are
frozen. Nothing a client sends later reaches them:

    local disk   the form is refused (409): a second write (UPLOAD_USED, the first stays), any
                 write once the file is completed (UPLOAD_USED) or deleted or expired
                 (UPLOAD_CLOSED), see `admit`
    S3           S3 takes a presigned POST for as long as it is valid; the write lands at the
                 upload key, which nothing serves, and the sweeper removes it (`orphans`)

Before a download URL is handed out, the object's SHA-256 is checked against the record; the
local backend checks it again before it sends a byte (the URL names it). A mismatch is logged
and refused with CHECKSUM_MISMATCH: no bytes but the recorded ones are ever served.
"""

import logging
from datetime import datetime
from uuid import UUID

from fastapi import Request

from subgraphs.files import store
from subgraphs.files.keys import UPLOADS, parse_upload_key
from subgraphs.files.storage import ObjectStorage, storage_of
from subgraphs.files.storage.base import checksum_mismatch, upload_used
from subgraphs.kit import AppError, Context, ErrorCode, Runtime, runtime_of

logger = logging.getLogger("subgraphs.files")


def upload_closed() -> AppError:
    return AppError(
        ErrorCode.UPLOAD_CLOSED, "This upload is over: its file was deleted, or it expired"
    )


async def admit(request: Request, key: str) -> AppError | None:
    """Why nothing may be written at `key` now (the local backend's upload route asks); None
    when its file is an upload under way. A second write of a pending upload is refused by
    the storage itself (`LocalStorage.put_new`)."""
    ids = parse_upload_key(key)
    if ids is None:
        return upload_closed()
    owner, file_id = ids
    async with runtime_of(request.app).db.reader(owner=owner) as session:
        try:
            row = await store.upload(session, file_id)
        except AppError:  # deleted, expired, never made
            return upload_closed()
    return upload_used() if row.ready else None


async def check_served(ctx: Context, key: str, checksum: str) -> None:
    """Refuse (CHECKSUM_MISMATCH, logged) to hand out a URL to bytes the record does not name."""
    actual = await storage_of(ctx).checksum(key)
    if actual != checksum:
        logger.error(
            "files: %s has SHA-256 %s, its record says %s; not served", key, actual, checksum
        )
        raise checksum_mismatch()


async def orphans(runtime: Runtime, storage: ObjectStorage, *, now: datetime) -> int:
    """Remove what was written with upload forms for files that are no longer uploads under way
    (completed, deleted, expired, never recorded): objects no record will ever name."""
    found: dict[str, UUID | None] = {}
    async for key in storage.keys(UPLOADS):
        ids = parse_upload_key(key)
        found[key] = ids[1] if ids else None
    if not found:
        return 0
    async with runtime.db.admin() as session:
        named = [file_id for file_id in found.values() if file_id is not None]
        pending = await store.pending_uploads(session, named, now=now)
    removed = 0
    for key, file_id in found.items():
        if file_id not in pending:
            try:
                await storage.delete(key)
                removed += 1
            except Exception as error:  # storage down: next pass
                logger.warning("files: could not remove %s yet (%s)", key, error)
    return removed
