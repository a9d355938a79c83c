"""Housekeeping, every FILES_SWEEP_SECONDS in each files process (a `create_service` background
task): unfinished uploads past their expiry are dropped, doomed objects (of deleted files,
expired uploads, deleted applications, erased accounts) are removed from storage, then
forgotten, and so are orphans: objects written with upload forms for files that are no longer
uploads under way (`grants.orphans`). Removing twice is harmless, so several processes may
sweep at once; an object storage could not remove stays doomed and is tried again next time."""

import asyncio
import logging
from datetime import datetime

from subgraphs.files import grants, store
from subgraphs.files.settings import FilesSettings
from subgraphs.files.storage import storage_of
from subgraphs.kit import Runtime, utcnow

logger = logging.getLogger("subgraphs.files")
BATCH = 500


async def sweep(runtime: Runtime, *, now: datetime | None = None) -> tuple[int, int]:
    """One pass: (unfinished uploads expired, objects or prefixes removed)."""
    storage, now = storage_of(runtime), now or utcnow()
    async with runtime.db.admin() as session:
        expired = await store.expire_uploads(session, now=now)
    removed = await grants.orphans(runtime, storage, now=now)
    while True:
        async with runtime.db.admin() as session:
            batch = await store.doomed(session, limit=BATCH)
        done = []
        for doomed in batch:
            try:
                if doomed.is_prefix:
                    await storage.delete_prefix(doomed.key)
                else:
                    await storage.delete(doomed.key)
            except Exception as error:  # storage down: kept for the next pass
                logger.warning("files: could not remove %s yet (%s)", doomed.key, error)
                continue
            done.append(doomed.id)
        async with runtime.db.admin() as session:
            await store.undoom(session, done)
        removed += len(done)
        if len(batch) < BATCH or len(done) < len(batch):
            return expired, removed


async def sweep_forever(runtime: Runtime) -> None:
    every = FilesSettings.of(runtime.settings).FILES_SWEEP_SECONDS
    while True:
        try:
            await sweep(runtime)
        except Exception:
            logger.exception("files: sweeping failed; trying again later")
        await asyncio.sleep(every)
