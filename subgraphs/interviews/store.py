"""Interviews store. Every function runs in a session opened for an owner (`kit.scoping`):
its queries see that owner's interviews and known applications only. Writes happen in the
caller's unit of work, which commits; nothing here commits."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import bindparam
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.interviews import events
from subgraphs.interviews.calendar import FeedEntry
from subgraphs.interviews.models import (
    CalendarFeed,
    Interview,
    InterviewBase,
    InterviewCreate,
    InterviewStatus,
    InterviewType,
    KnownApplication,
)
from subgraphs.kit import (
    AppError,
    ErrorCode,
    Listing,
    apply_changes,
    ids_in,
    ids_param,
    not_found,
    owner_of,
    supersedes,
    utcnow,
)

PAGE_KEYS = (col(Interview.starts_at), col(Interview.id))


@dataclass(frozen=True)
class InterviewFilter:
    starts_from: datetime | None = None
    starts_to: datetime | None = None
    type: InterviewType | None = None
    application_id: UUID | None = None
    include_cancelled: bool = False

    def values(self) -> dict[str, Any]:
        """Each of `CONDITIONS`' value, None where it does not apply."""
        return {
            "status": None if self.include_cancelled else InterviewStatus.SCHEDULED,
            "starts_from": self.starts_from,
            "starts_to": self.starts_to,
            "type": self.type,
            "application_id": self.application_id,
        }


# The filter's conditions, their values bound (kit.Listing.filtered); made once.
CONDITIONS = {
    "status": col(Interview.status) == bindparam("status"),
    "starts_from": col(Interview.starts_at) >= bindparam("starts_from"),
    "starts_to": col(Interview.starts_at) < bindparam("starts_to"),
    "type": col(Interview.type) == bindparam("type"),
    "application_id": col(Interview.application_id) == bindparam("application_id"),
}
_INTERVIEWS = select(Interview)


def interviews(where: InterviewFilter) -> Listing[Interview]:
    """The owner's interviews matching `where`, soonest first."""
    values = where.values()
    return Listing.filtered(_INTERVIEWS, CONDITIONS, values, keys=PAGE_KEYS, descending=False)


def upcoming() -> Listing[Interview]:
    """The owner's scheduled interviews from now on, soonest first."""
    return interviews(InterviewFilter(starts_from=utcnow()))


# Made once (kit.ids_in): each call runs them with its ids.
_INTERVIEWS_BY_ID = select(Interview).where(ids_in(col(Interview.id)))
_SCHEDULED_OF = (
    select(Interview)
    .where(ids_in(col(Interview.application_id)))
    .where(col(Interview.status) == InterviewStatus.SCHEDULED)
    .order_by(*PAGE_KEYS)
)
_KNOWN_APPLICATIONS = select(KnownApplication).where(
    ids_in(col(KnownApplication.application_id)),
    col(KnownApplication.deleted) == False,  # noqa: E712
)


async def interviews_by_id(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, Interview]:
    return {row.id: row for row in await session.exec(_INTERVIEWS_BY_ID, params=ids_param(ids))}


async def interviews_of_applications(
    session: AsyncSession, application_ids: Sequence[UUID]
) -> dict[UUID, list[Interview]]:
    """Each application's scheduled interviews, soonest first, in one query."""
    found: dict[UUID, list[Interview]] = {key: [] for key in application_ids}
    for row in await session.exec(_SCHEDULED_OF, params=ids_param(application_ids)):
        found[row.application_id].append(row)
    return found


async def known_applications(
    session: AsyncSession, ids: Sequence[UUID]
) -> dict[UUID, KnownApplication]:
    """The owner's applications among `ids` that interviews know of (and not deleted)."""
    rows = await session.exec(_KNOWN_APPLICATIONS, params=ids_param(ids))
    return {row.application_id: row for row in rows}


async def _known(session: AsyncSession, application_id: UUID) -> KnownApplication | None:
    known = await session.get(KnownApplication, application_id)
    return known if known is not None and not known.deleted else None


async def _scheduled(session: AsyncSession, interview_id: UUID) -> Interview:
    interview = await session.get(Interview, interview_id)
    if interview is None:  # absent, or someone else's: the session cannot see it
        raise not_found("Interview")
    if interview.status is InterviewStatus.CANCELLED:
        raise AppError(ErrorCode.BAD_USER_INPUT, "This interview was cancelled", field="id")
    return interview


async def schedule(session: AsyncSession, *, data: InterviewCreate) -> Interview:
    known = await _known(session, data.application_id)
    if known is None:  # not the owner's, deleted, or not heard of yet (events lag a moment)
        raise AppError(ErrorCode.NOT_FOUND, "Application not found", field="applicationId")
    now = utcnow()
    interview = Interview(**data.model_dump(), created_at=now, updated_at=now)
    session.add(interview)
    await events.interview_changed(session, events.SCHEDULED, interview, known)
    return interview


async def update(session: AsyncSession, *, interview_id: UUID, changes: BaseModel) -> Interview:
    interview = await _scheduled(session, interview_id)
    apply_changes(interview, changes, fields=InterviewBase)
    interview.updated_at = utcnow()
    known = await _known(session, interview.application_id)
    await events.interview_changed(session, events.UPDATED, interview, known)
    return interview


async def cancel(session: AsyncSession, *, interview_id: UUID) -> Interview:
    interview = await _scheduled(session, interview_id)
    interview.status, interview.updated_at = InterviewStatus.CANCELLED, utcnow()
    known = await _known(session, interview.application_id)
    await events.interview_changed(session, events.CANCELLED, interview, known)
    return interview


async def know_application(
    session: AsyncSession, *, application_id: UUID, sequence: int, company: str, position: str
) -> None:
    known = await session.get(KnownApplication, application_id)
    if known is None:
        session.add(KnownApplication(application_id=application_id, sequence=sequence,
                                     company=company, position=position,
                                     changed_at=utcnow()))  # fmt: skip
    elif supersedes(sequence, known):
        if (known.company, known.position) != (company, position):
            known.changed_at = utcnow()
        known.sequence, known.company, known.position = sequence, company, position
    await session.flush()


async def forget_application(session: AsyncSession, *, application_id: UUID, sequence: int) -> None:
    """The application is gone: remember that (a late event must not revive it) and cancel
    its scheduled interviews."""
    known = await session.get(KnownApplication, application_id)
    if known is None:
        known = KnownApplication(application_id=application_id, sequence=sequence)
        session.add(known)
    known.sequence, known.deleted = max(known.sequence, sequence), True
    found = await interviews_of_applications(session, [application_id])
    for interview in found[application_id]:
        interview.status, interview.updated_at = InterviewStatus.CANCELLED, utcnow()
        await events.interview_changed(session, events.CANCELLED, interview, known)
    await session.flush()


async def calendar_feed(session: AsyncSession) -> CalendarFeed | None:
    """The owner's calendar feed, if they turned it on."""
    return await session.get(CalendarFeed, owner_of(session))


async def rotate_calendar_feed(
    session: AsyncSession, *, nonce: str, token_hash: str
) -> CalendarFeed:
    """Turn the owner's feed on, or give it a new secret: the old one stops at once."""
    feed = await calendar_feed(session)
    if feed is None:
        feed = CalendarFeed(nonce=nonce, token_hash=token_hash)
        session.add(feed)
    else:
        feed.nonce, feed.token_hash, feed.created_at = nonce, token_hash, utcnow()
    await session.flush()
    return feed


async def disable_calendar_feed(session: AsyncSession) -> bool:
    """Turn the owner's feed off; whether there was one."""
    feed = await calendar_feed(session)
    if feed is not None:
        await session.delete(feed)
        await session.flush()
    return feed is not None


async def feed_entries(session: AsyncSession) -> list[FeedEntry]:
    """Every interview of the owner (cancelled ones too: calendars drop them), soonest first,
    each with its application as known: two queries, whatever the count."""
    rows = list(await session.exec(select(Interview).order_by(*PAGE_KEYS)))
    ids = {row.application_id for row in rows}  # deleted ones too: their interviews are listed
    statement = select(KnownApplication).where(col(KnownApplication.application_id).in_(ids))
    known = {row.application_id: row for row in await session.exec(statement)}
    return [FeedEntry(row, known.get(row.application_id)) for row in rows]
