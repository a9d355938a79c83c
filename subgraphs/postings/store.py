"""Postings store. Every function runs in a session opened for an owner (`kit.scoping`): its
queries see that owner's rows only. Writes happen in the caller's unit of work (an event
consumer's), which commits; nothing here commits."""

import asyncio
from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit import utcnow
from subgraphs.postings.match import Fit, fit
from subgraphs.postings.models import KnownApplication, Match, Resume

# --- reads ----------------------------------------------------------------------------------


async def known_applications(
    session: AsyncSession, ids: Sequence[UUID]
) -> dict[UUID, KnownApplication]:
    """The owner's applications among `ids` that postings know of (and not deleted)."""
    statement = select(KnownApplication).where(
        col(KnownApplication.application_id).in_(set(ids)),
        col(KnownApplication.deleted) == False,  # noqa: E712
    )
    return {row.application_id: row for row in await session.exec(statement)}


async def matches(session: AsyncSession, application_ids: Sequence[UUID]) -> dict[UUID, Match]:
    """The owner's computed matches of these applications, in one query."""
    statement = select(Match).where(col(Match.application_id).in_(set(application_ids)))
    return {row.application_id: row for row in await session.exec(statement)}


async def current_resume(session: AsyncSession) -> Resume | None:
    """The owner's newest resume (the files subgraph's rule for `User.resume`)."""
    statement = select(Resume).order_by(col(Resume.uploaded_at).desc()).limit(1)
    return (await session.exec(statement)).first()


# --- writes (event consumers) ---------------------------------------------------------------


async def know_application(session: AsyncSession, *, application_id: UUID) -> None:
    """The application exists (its owner may ask for its match); its description comes with
    `describe_application`, whose events' sequences are all above 0."""
    if await session.get(KnownApplication, application_id) is None:
        session.add(KnownApplication(application_id=application_id, sequence=0))
        await session.flush()


async def describe_application(
    session: AsyncSession, *, application_id: UUID, sequence: int, position: str | None,
    description: str | None,
) -> bool:  # fmt: skip
    """Keep an application's position and description; True when they changed."""
    known = await session.get(KnownApplication, application_id)
    if known is None:
        session.add(KnownApplication(application_id=application_id, sequence=sequence,
                                     position=position, description=description))  # fmt: skip
        await session.flush()
        return True
    if sequence <= known.sequence or known.deleted:
        return False
    changed = (known.position, known.description) != (position, description)
    known.sequence, known.position, known.description = sequence, position, description
    await session.flush()
    return changed


async def forget_application(session: AsyncSession, *, application_id: UUID, sequence: int) -> None:
    """The application is gone: a tombstone (a late event must not revive it), no match."""
    known = await session.get(KnownApplication, application_id)
    if known is None:
        known = KnownApplication(application_id=application_id, sequence=sequence)
        session.add(known)
    known.sequence, known.deleted = max(known.sequence, sequence), True
    known.position = known.description = None
    await session.exec(delete(Match).where(col(Match.application_id) == application_id))
    await session.flush()


async def keep_resume(
    session: AsyncSession, *, file_id: UUID, text: str, uploaded_at: datetime
) -> None:
    if await session.get(Resume, file_id) is None:
        session.add(Resume(file_id=file_id, text=text, uploaded_at=uploaded_at))
        await session.flush()


async def drop_resume(session: AsyncSession, *, file_id: UUID) -> bool:
    """Forget a deleted resume; True when it was one postings knew."""
    resume = await session.get(Resume, file_id)
    if resume is None:
        return False
    await session.delete(resume)
    await session.flush()
    return True


async def rematch(session: AsyncSession, application_ids: Sequence[UUID] | None = None) -> int:
    """Compute the current resume's match with these applications (None: all the owner's),
    replacing what was there; without a resume, or for an application without a description,
    there is no match. The scoring runs on a thread (the embedding model is CPU-bound)."""
    where = [col(KnownApplication.deleted) == False]  # noqa: E712
    if application_ids is not None:
        where.append(col(KnownApplication.application_id).in_(set(application_ids)))
    known = list(await session.exec(select(KnownApplication).where(*where)))
    stale = [row.application_id for row in known]
    if stale:
        await session.exec(delete(Match).where(col(Match.application_id).in_(stale)))
    resume = await current_resume(session)
    if resume is None or not resume.text.strip():
        await session.flush()
        return 0
    count = 0
    for row in known:
        if not (row.description or "").strip():
            continue
        result = await asyncio.to_thread(
            fit, resume.text, row.description or "", row.position or ""
        )
        session.add(_match_row(row.application_id, resume.file_id, result))
        count += 1
    await session.flush()
    return count


def _match_row(application_id: UUID, resume_file_id: UUID, result: Fit) -> Match:
    highlights = [
        {"skill": h.skill, "resume": h.resume, "posting": h.posting} for h in result.highlights
    ]
    return Match(
        application_id=application_id,
        resume_file_id=resume_file_id,
        score=result.score,
        keyword_score=result.keyword_score,
        semantic_score=result.semantic_score,
        matched=result.matched,
        missing=result.missing,
        highlights=highlights,
        computed_at=utcnow(),
    )
