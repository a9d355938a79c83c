"""What the postings subgraph consumes. It publishes `discovered_job.saved` (`inbox.py`: an opening
saved from the inbox becomes an application), which the applications subgraph consumes.

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

from subgraphs.kit import Event, Handlers

handlers = Handlers()


@handlers.on("application.created", "application.updated", "application.status_changed")
async def know_application(session: AsyncSession, event: Event) -> None:
    from subgraphs.postings import store

    application_id = UUID(event.payload["application"]["id"])
    await store.know_application(session, application_id=application_id)


@handlers.on("application.description_changed")
async def describe_application(session: AsyncSession, event: Event) -> None:
    from subgraphs.postings import store

    assert event.sequence is not None
    application = event.payload["application"]
    application_id = UUID(application["id"])
    changed = await store.describe_application(
        session, application_id=application_id, sequence=event.sequence,
        position=application.get("position"), description=application.get("job_description"),
    )  # fmt: skip
    if changed:
        await store.ask_match(session, [application_id])


@handlers.on("application.deleted")
async def forget_application(session: AsyncSession, event: Event) -> None:
    from subgraphs.postings import store

    assert event.sequence is not None
    application_id = UUID(event.payload["application_id"])
    await store.forget_application(session, application_id=application_id, sequence=event.sequence)


@handlers.on("file.uploaded")
async def resume_uploaded(session: AsyncSession, event: Event) -> None:
    from subgraphs.postings import store

    file = event.payload["file"]
    if file["kind"] != "RESUME" or file.get("application_id") or "text" not in file:
        return
    uploaded_at = file["uploaded_at"]
    if not isinstance(uploaded_at, datetime):
        uploaded_at = datetime.fromisoformat(uploaded_at)
    await store.keep_resume(
        session, file_id=UUID(file["id"]), text=file["text"], uploaded_at=uploaded_at
    )
    await store.ask_match(session)


@handlers.on("file.deleted")
async def resume_deleted(session: AsyncSession, event: Event) -> None:
    from subgraphs.postings import store

    if event.payload["kind"] != "RESUME":
        return
    if await store.drop_resume(session, file_id=UUID(event.payload["file_id"])):
        await store.ask_match(session)
