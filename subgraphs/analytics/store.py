"""Analytics store: facts kept from application events, and the owner's facts read back.
Every function runs in a session opened for the event's or the viewer's owner."""

from functools import cache
from typing import TYPE_CHECKING, Any
from uuid import UUID

from sqlalchemy import String, cast, func, literal, union_all
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.analytics.models import ApplicationFact
from subgraphs.analytics.rules import (
    days_to_response,
    furthest_step,
    month_label,
    normalize_location,
    position_category,
)
from subgraphs.kit import utcnow

if TYPE_CHECKING:
    from subgraphs.analytics.events import Application


async def _fact(
    session: AsyncSession, application_id: UUID, sequence: int
) -> ApplicationFact | None:
    """The application's fact to update, or None when a newer event was applied already."""
    fact = await session.get(ApplicationFact, application_id)
    if fact is None:
        fact = ApplicationFact(application_id=application_id, sequence=sequence)
        session.add(fact)
        return fact
    return fact if sequence > fact.sequence else None


async def keep_application(session: AsyncSession, state: "Application", sequence: int) -> None:
    """Record an application's state (from a created, updated or status-changed event)."""
    fact = await _fact(session, state.id, sequence)
    if fact is None:
        return
    history = [(step.from_status, step.to_status, step.changed_at) for step in state.history]
    applied_at = state.applied_at
    fact.sequence = sequence
    fact.deleted = False
    fact.status = state.status
    fact.position = state.position
    fact.category = position_category(state.position)
    fact.location = normalize_location(state.location)
    fact.counted_at = applied_at or state.created_at
    fact.month = month_label(fact.counted_at) if fact.counted_at else None
    fact.reached = sorted({to for _, to, _ in history})
    fact.furthest_step = furthest_step(fact.reached)
    fact.response_days = days_to_response(history, applied_at)
    fact.updated_at = utcnow()
    await session.flush()


async def forget_application(session: AsyncSession, application_id: UUID, sequence: int) -> None:
    """A deleted application: a tombstone, so no late event brings it back."""
    fact = await _fact(session, application_id, sequence)
    if fact is None:
        return
    fact.sequence, fact.deleted, fact.updated_at = sequence, True, utcnow()
    for name in ("status", "position", "category", "location", "counted_at", "month"):
        setattr(fact, name, None)
    fact.reached, fact.furthest_step, fact.response_days = [], -1, None
    await session.flush()


Counted = dict[str, list[tuple[Any, int]]]  # figure name → (value, count), most first


@cache
def _counting(columns: tuple[tuple[str, str], ...]) -> Any:
    """The statement counting `columns` (figure name, column): made once per set of figures, so
    its owner-scoped form and cache key are too (the Dashboard asks the same three each time)."""
    parts = []
    for name, column in columns:
        grouped = col(getattr(ApplicationFact, column))
        parts.append(
            select(literal(name), cast(grouped, String), func.count())
            .where(col(ApplicationFact.deleted) == False, grouped.is_not(None))  # noqa: E712
            .group_by(grouped)
        )
    return union_all(*parts)


async def counts(session: AsyncSession, columns: dict[str, str]) -> Counted:
    """The owner's applications counted by each column (figure name → column), most first,
    ties by value; NULL left out. One statement, a UNION ALL of one GROUP BY per column: one
    round trip, and a few rows back whatever the number of applications."""
    counted: Counted = {name: [] for name in columns}
    if not columns:
        return counted
    union = _counting(tuple(columns.items()))  # FIGURES' names and columns: a handful of sets
    for name, value, count in await session.exec(union):
        counted[name].append((int(value) if columns[name] in NUMERIC else value, count))
    for figures in counted.values():
        figures.sort(key=lambda figure: (-figure[1], figure[0]))
    return counted


NUMERIC = {"furthest_step"}  # columns counted as text in the UNION, read back as numbers


def _middle_response_days() -> Any:
    """The one or two middle values of the owner's days to a first response (by rank among
    them: both middle ones when their number is even), whatever the number of applications."""
    days = col(ApplicationFact.response_days)
    ranked = (
        select(
            days.label("days"),
            func.row_number().over(order_by=days).label("rank"),
            func.count().over().label("number"),
        )
        .where(col(ApplicationFact.deleted) == False, days.is_not(None))  # noqa: E712
        .subquery()
    )
    number = ranked.c.number
    return select(ranked.c.days).where(ranked.c.rank.in_([(number + 1) // 2, (number + 2) // 2]))


_MIDDLE_RESPONSE_DAYS = _middle_response_days()


async def middle_response_days(session: AsyncSession) -> list[float]:
    """The middle one or two of the owner's days to a first response, for their median: two
    rows at most, where reading every value cost a row per answered application."""
    return list(await session.exec(_MIDDLE_RESPONSE_DAYS))
