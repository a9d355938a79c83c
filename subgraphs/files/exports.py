"""The export job: `startExport` records a PENDING job; this loop (a background task of each
files process: the embedded host, or the files service in production, never a request) claims
it, streams the owner's rows from every subgraph's store (`kit.owner_data`: it reads those
stores directly, which a job of this deployment may do), writes the file to a temporary file,
puts it into object storage under the owner's prefix and marks the job DONE; `downloadUrl`
then signs a short-lived link to it. Files past EXPORTS_KEEP_SECONDS are removed."""

import asyncio
import logging
import tempfile
from datetime import timedelta
from typing import IO

from subgraphs.files import export_jobs, keys
from subgraphs.files.export_formats import SUBGRAPHS, Rows, write_csv_zip, write_xlsx
from subgraphs.files.models import ExportFormat, ExportJob, ExportStatus
from subgraphs.files.settings import FilesSettings
from subgraphs.files.storage import storage_of
from subgraphs.kit import Runtime, json_chunks, owner_data, utcnow

logger = logging.getLogger("subgraphs.files")
CONTENT_TYPES = {
    ExportFormat.CSV_ZIP: "application/zip",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.JSON: "application/json",
}


class ExportQueue:
    """Wakes this process's export loop when a job is recorded (others find it by polling)."""

    def __init__(self) -> None:
        self.wake = asyncio.Event()

    def kick(self) -> None:
        self.wake.set()


async def write(runtime: Runtime, job: ExportJob, output: IO[bytes]) -> None:
    """The job's file, written to `output`."""
    settings = runtime.settings

    async def progress(fraction: float) -> None:
        async with runtime.db.admin() as session:
            await export_jobs.set_export(session, job.id, progress=round(min(fraction, 0.99), 3))

    if job.format is ExportFormat.JSON:
        async for chunk in json_chunks(settings, job.owner_id, progress):
            output.write(chunk)
        return
    rows: Rows = owner_data(settings, job.owner_id, SUBGRAPHS)
    writer = write_csv_zip if job.format is ExportFormat.CSV_ZIP else write_xlsx
    await writer(rows, output, progress)


async def run(runtime: Runtime, job: ExportJob) -> None:
    """Make one claimed job's file; DONE (with its key and expiry) or FAILED."""
    key = keys.export_key(job.owner_id, job.id, job.format)
    try:
        with tempfile.TemporaryFile() as output:
            await write(runtime, job, output)
            size = output.tell()
            output.seek(0)
            await storage_of(runtime).put(key, output, content_type=CONTENT_TYPES[job.format])
    except Exception:
        logger.exception("files: export %s failed", job.id)
        async with runtime.db.admin() as session:
            values = {"error": "The export could not be made; start another."}
            await export_jobs.set_export(session, job.id, status=ExportStatus.FAILED, **values)
        return
    now = utcnow()
    keep = timedelta(seconds=FilesSettings.of(runtime.settings).EXPORTS_KEEP_SECONDS)
    async with runtime.db.admin() as session:
        await export_jobs.set_export(
            session,
            job.id,
            status=ExportStatus.DONE,
            progress=1.0,
            object_key=key,
            size=size,
            finished_at=now,
            expires_at=now + keep,
        )


async def run_pending(runtime: Runtime) -> int:
    """Every pending job, one after another; how many were made. Old files expire first."""
    async with runtime.db.admin() as session:
        await export_jobs.expire_exports(session, now=utcnow())
    made, stale = 0, timedelta(seconds=FilesSettings.of(runtime.settings).EXPORTS_STALE_SECONDS)
    while True:
        async with runtime.db.admin() as session:
            job = await export_jobs.claim_export(session, now=utcnow(), stale=stale)
        if job is None:
            return made
        await run(runtime, job)
        made += 1


async def export_forever(runtime: Runtime) -> None:
    queue, settings = runtime.get(ExportQueue), FilesSettings.of(runtime.settings)
    while True:
        queue.wake.clear()
        try:
            await run_pending(runtime)
        except Exception:
            logger.exception("files: the export job failed; trying again later")
        try:
            await asyncio.wait_for(queue.wake.wait(), settings.EXPORTS_POLL_SECONDS)
        except TimeoutError:
            pass
