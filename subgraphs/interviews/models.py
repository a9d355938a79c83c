"""Interviews store schema: scheduled interviews, and the applications they may belong to.

The interviews subgraph never asks the applications subgraph anything: it keeps, from the
`application.*` events, which applications exist and whose they are (`KnownApplication`),
which is how it refuses an interview for someone else's application."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, field_validator
from sqlalchemy import JSON, Enum, Index, Text
from sqlalchemy.orm import registry
from sqlmodel import Field as Column
from sqlmodel import SQLModel

from subgraphs.kit import (
    Aware,
    Owned,
    Stripped,
    WebUrl,
    id_field,
    moment_field,
    owner_field,
    partial,
    secret_field,
    text_field,
    timestamp_field,
)


class Table(SQLModel, registry=registry()):
    """This subgraph's tables: a metadata of their own, migrated by their own history."""


metadata = Table.metadata

DAY_MINUTES = 24 * 60
DEFAULT_REMINDERS = [DAY_MINUTES, 60]  # a day before, and an hour before
REMINDER_MAX = 30 * DAY_MINUTES
DETAILS_MAX = 10_000


class InterviewType(StrEnum):
    PHONE = "PHONE"
    ONSITE = "ONSITE"
    ONLINE = "ONLINE"


class InterviewStatus(StrEnum):
    SCHEDULED = "SCHEDULED"
    CANCELLED = "CANCELLED"


def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} is not an IANA time zone (e.g. Europe/Berlin)") from None
    return name


TimeZone = Annotated[str, AfterValidator(_zone)]
Minutes = Annotated[int, Field(ge=1, le=REMINDER_MAX)]
TYPE = Enum(InterviewType, native_enum=False, length=8, create_constraint=False)
STATUS = Enum(InterviewStatus, native_enum=False, length=10, create_constraint=False)


# What a user writes about an interview: validation rules and columns at once.
class InterviewBase(SQLModel):
    starts_at: Aware = moment_field(required=True)
    time_zone: TimeZone = text_field(64, required=True)  # the one it was entered in
    duration_minutes: int = Column(ge=1, le=DAY_MINUTES)
    type: InterviewType = Column(sa_type=TYPE)
    details: str | None = text_field(DETAILS_MAX, sa_type=Text)
    location: Stripped | None = text_field(500)
    meeting_url: WebUrl | None = text_field(2000)
    reminder_offsets_minutes: list[Minutes] = Column(
        default_factory=lambda: list(DEFAULT_REMINDERS), max_length=5, sa_type=JSON, nullable=False
    )

    @field_validator("reminder_offsets_minutes")
    @classmethod
    def _distinct_soonest_last(cls, offsets: list[int]) -> list[int]:
        return sorted(set(offsets), reverse=True)


# What scheduleInterview accepts.
class InterviewCreate(InterviewBase):
    application_id: UUID


# What updateInterview accepts: any subset; the merged result is checked as a whole.
InterviewUpdate = partial(InterviewBase)


# An interview, as stored.
class Interview(InterviewBase, Table, Owned, table=True):
    __tablename__ = "interviews"
    __table_args__ = (Index("ix_interviews_owner_starts", "owner_id", "starts_at", "id"),)

    id: UUID = id_field()
    owner_id: UUID = owner_field()
    application_id: UUID = Column(index=True)
    status: InterviewStatus = Column(default=InterviewStatus.SCHEDULED, sa_type=STATUS)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


# An application, as far as interviews know it (from its events).
class KnownApplication(Table, Owned, table=True):
    __tablename__ = "known_applications"

    application_id: UUID = Column(primary_key=True)
    owner_id: UUID = owner_field(index=True)
    sequence: int  # of the event this came from: newer events win
    deleted: bool = False
    company: str | None = text_field()
    position: str | None = text_field()
    changed_at: datetime | None = moment_field()  # when company or position last changed


# The owner's secret calendar feed (one per owner). The URL's secret is derived from
# CALENDAR_FEED_SECRET and `nonce`; only its SHA-256 is kept, which the feed route compares.
class CalendarFeed(Table, Owned, table=True):
    __tablename__ = "calendar_feeds"

    owner_id: UUID = owner_field(primary_key=True)
    nonce: str = secret_field(64)
    token_hash: str = secret_field(64)
    created_at: datetime = timestamp_field()
