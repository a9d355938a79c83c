"""Postings store. Every function runs in a session opened for an owner (`kit.scoping`): its
queries see that owner's rows only. Writes happen in the caller's unit of work (an event
consumer's), which commits; nothing here commits."""

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlmodel import col, delete, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit import ids_in, ids_param, supersedes, utcnow
from subgraphs.postings.match import Fit
from subgraphs.postings.models import KnownApplication, Match, Resume

# --- reads ----------------------------------------------------------------------------------

# Made once (kit.ids_in): each call runs them with its ids.
_KNOWN_APPLICATIONS = select(KnownApplication).where(
    ids_in(col(KnownApplication.application_id)),
    col(KnownApplication.deleted) == False,  # noqa: E712
)
_MATCHES = select(Match).where(ids_in(col(Match.application_id)))


async def known_applications(
    session: AsyncSession, ids: Sequence[UUID]
) -> dict[UUID, KnownApplication]:
    """The owner's applications among `ids` that postings know of (and not deleted)."""
    rows = await session.exec(_KNOWN_APPLICATIONS, params=ids_param(ids))
    return {row.application_id: row for row in rows}


async def matches(session: AsyncSession, application_ids: Sequence[UUID]) -> dict[UUID, Match]:
    """The owner's computed matches of these applications, in one query."""
    rows = await session.exec(_MATCHES, params=ids_param(application_ids))
    return {row.application_id: row for row in rows}


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
    if not supersedes(sequence, known):
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
    known.position = known.description = known.match_due = None
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


async def ask_match(session: AsyncSession, application_ids: Sequence[UUID] | None = None) -> int:
    """Mark these applications' matches (None: all the owner's) as due: the matcher computes
    them with the owner's current resume, outside this unit of work (the embedding model is
    slow, and a transaction held open would block the store's writers). How many."""
    statement = update(KnownApplication).where(col(KnownApplication.deleted) == False)  # noqa: E712
    if application_ids is not None:
        statement = statement.where(col(KnownApplication.application_id).in_(set(application_ids)))
    done = await session.exec(statement.values(match_due=utcnow()))
    return int(done.rowcount)


async def due_matches(session: AsyncSession, limit: int) -> list[tuple[UUID, UUID, datetime]]:
    """(owner, application, asked at) of the oldest due matches, every owner's (an admin
    session: the matcher's)."""
    statement = (
        select(KnownApplication.owner_id, KnownApplication.application_id,
               KnownApplication.match_due)
        .where(col(KnownApplication.match_due).is_not(None))
        .order_by(col(KnownApplication.match_due))
        .limit(limit)
    )  # fmt: skip
    rows = await session.exec(statement)
    return [(owner, application, due) for owner, application, due in rows if due is not None]


async def keep_matches(
    session: AsyncSession, asked: dict[UUID, datetime], resume_file_id: UUID | None,
    results: dict[UUID, Fit],
) -> int:  # fmt: skip
    """Replace the matches the matcher computed (`results`; an asked application without one
    has no match: no resume, or no description), for the applications still asked at the same
    moment: one asked again since keeps its mark and is computed again. How many were kept."""
    known = await session.exec(
        select(KnownApplication).where(col(KnownApplication.application_id).in_(set(asked)))
    )
    settled = [row for row in known if row.match_due == asked[row.application_id]]
    ids = [row.application_id for row in settled]
    if ids:
        await session.exec(delete(Match).where(col(Match.application_id).in_(ids)))
    for row in settled:
        row.match_due = None
        result = results.get(row.application_id)
        if result is not None and resume_file_id is not None and not row.deleted:
            session.add(_match_row(row.application_id, resume_file_id, result))
    await session.flush()
    return len(settled)


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
