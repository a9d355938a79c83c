"""Events the postings subgraph publishes, and what it consumes.

Published:
    discovered_job.saved  {"application": {id, company, position, location, job_url,
        job_description}}: an opening the owner saved from their inbox, for the applications
        subgraph to add as a SAVED application with that id.
Consumed:
    application.created / .updated / .status_changed: the application exists (its owner
        may ask for its match, null until it has a description)
    application.description_changed  {"application": {id, position, job_description}}
        keep it (`KnownApplication`); when position or description changed, compute its
        match with the owner's current resume again
    application.deleted  a tombstone, and its match is dropped
    file.uploaded  a RESUME not sent with an application, with its `text`: kept; every match
        of the owner is computed again (it is their current resume now)
    file.deleted  a RESUME: forgotten; every match is computed again (with the resume that is
        current now, or none)
    user.deleted  kit erases the owner's rows

The consumer only marks which matches are due (`KnownApplication.match_due`, in its unit of
work); the matcher (`matcher.py`, a background task of the postings service) computes them
outside any transaction, never on a request: `Application.match` reads its result.
"""

from datetime import datetime
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit import Event, Handlers, Message, Payload, Reads


class SavedOpening(Payload):
    id: UUID  # the application's id, given here
    company: str
    position: str
    location: str | None
    job_url: str | None
    job_description: str | None


class JobSaved(Payload):
    application: SavedOpening


SAVED = Message(
    "discovered_job.saved",
    JobSaved,
    "An opening was saved from the inbox: it becomes a SAVED application with this id.",
)

handlers = Handlers()


class Known(Reads):
    id: UUID


class ApplicationKnown(Reads):
    application: Known


class Described(Reads):
    id: UUID
    position: str | None = None
    job_description: str | None = None


class DescriptionChanged(Reads):
    application: Described


class ApplicationGone(Reads):
    application_id: UUID


class UploadedFile(Reads):
    id: UUID
    kind: str
    application_id: UUID | None = None
    uploaded_at: datetime
    text: str | None = None


class FileUploaded(Reads):
    file: UploadedFile


class FileDeleted(Reads):
    file_id: UUID
    kind: str


@handlers.on(
    "application.created", "application.updated", "application.status_changed",
    reads=ApplicationKnown,
)  # fmt: skip
async def know_application(session: AsyncSession, event: Event, payload: ApplicationKnown) -> None:
    from subgraphs.postings import store

    await store.know_application(session, application_id=payload.application.id)


@handlers.on("application.description_changed", reads=DescriptionChanged)
async def describe_application(
    session: AsyncSession, event: Event, payload: DescriptionChanged
) -> None:
    from subgraphs.postings import store

    assert event.sequence is not None
    application = payload.application
    changed = await store.describe_application(
        session, application_id=application.id, sequence=event.sequence,
        position=application.position, description=application.job_description,
    )  # fmt: skip
    if changed:
        await store.ask_match(session, [application.id])


@handlers.on("application.deleted", reads=ApplicationGone)
async def forget_application(session: AsyncSession, event: Event, payload: ApplicationGone) -> None:
    from subgraphs.postings import store

    assert event.sequence is not None
    await store.forget_application(
        session, application_id=payload.application_id, sequence=event.sequence
    )


@handlers.on("file.uploaded", reads=FileUploaded)
async def resume_uploaded(session: AsyncSession, event: Event, payload: FileUploaded) -> None:
    from subgraphs.postings import store

    file = payload.file
    if file.kind != "RESUME" or file.application_id or file.text is None:
        return
    await store.keep_resume(session, file_id=file.id, text=file.text, uploaded_at=file.uploaded_at)
    await store.ask_match(session)


@handlers.on("file.deleted", reads=FileDeleted)
async def resume_deleted(session: AsyncSession, event: Event, payload: FileDeleted) -> None:
    from subgraphs.postings import store

    if payload.kind != "RESUME":
        return
    if await store.drop_resume(session, file_id=payload.file_id):
        await store.ask_match(session)
