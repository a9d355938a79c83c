"""Postings store schema. Importing a posting keeps nothing (the draft goes back to the client).
The match of a resume to a job keeps, from events, what it is computed from and its result:

    KnownApplication   an application's position and job description
                       (`application.description_changed`), or a tombstone once deleted
    Resume             each resume's text (`file.uploaded` of a RESUME not sent with an
                       application); the newest is the owner's current one, as in files
    Match              the current resume's fit with one application, read by
                       `Application.match`. Whenever either side changes, the consumer marks
                       the application (`KnownApplication.match_due`); the matcher
                       (`matcher.py`) computes it then, outside the consumer's transaction

Discovering openings: `FollowedBoard` (the owner's), `Board` (polling state per board, the
poller's), `JobTargets` (the owner's target roles and locations), `DiscoveredJob` (the
review inbox).
"""

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Enum, Index, Text, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field as Column
from sqlmodel import SQLModel

from subgraphs.kit import (
    Owned,
    id_field,
    moment_field,
    owner_field,
    text_field,
    timestamp_field,
)
from subgraphs.postings.boards import Provider


class Table(SQLModel, registry=registry()):
    """This subgraph's tables: a metadata of their own, migrated by their own history."""


metadata = Table.metadata


# An application, as far as postings know it (from its events).
class KnownApplication(Table, Owned, table=True):
    __tablename__ = "known_applications"

    application_id: UUID = Column(primary_key=True)
    owner_id: UUID = owner_field(index=True)
    sequence: int  # of the event this came from: newer events win
    deleted: bool = False
    position: str | None = text_field()
    description: str | None = text_field(20_000, sa_type=Text)
    # When its match was last asked to be computed again; None once the matcher has done so.
    match_due: datetime | None = moment_field(index=True)


# A resume's text (files subgraph's `file.uploaded`).
class Resume(Table, Owned, table=True):
    __tablename__ = "resumes"
    __table_args__ = (Index("ix_resumes_owner_uploaded", "owner_id", "uploaded_at"),)

    file_id: UUID = Column(primary_key=True)
    owner_id: UUID = owner_field()
    text: str = Column(default="", sa_type=Text)  # "" when the file could not be read
    uploaded_at: datetime = timestamp_field()


# The owner's current resume against one application: the result the schema serves.
class Match(Table, Owned, table=True):
    __tablename__ = "matches"

    application_id: UUID = Column(primary_key=True)
    owner_id: UUID = owner_field(index=True)
    resume_file_id: UUID
    score: int
    keyword_score: int
    semantic_score: int | None = None
    matched: list[str] = Column(default_factory=list, sa_type=JSON, nullable=False)
    missing: list[str] = Column(default_factory=list, sa_type=JSON, nullable=False)
    # [{"skill", "resume": [snippet, ...], "posting": [snippet, ...]}]
    highlights: list[dict[str, Any]] = Column(default_factory=list, sa_type=JSON, nullable=False)
    computed_at: datetime = timestamp_field()


class DiscoveredStatus(StrEnum):
    NEW = "NEW"
    SAVED = "SAVED"
    DISMISSED = "DISMISSED"


PROVIDER = Enum(Provider, native_enum=False, length=16, create_constraint=False)
STATUS = Enum(DiscoveredStatus, native_enum=False, length=16, create_constraint=False)


# A job board the owner follows (discovering openings).
class FollowedBoard(Table, Owned, table=True):
    __tablename__ = "followed_boards"
    __table_args__ = (UniqueConstraint("owner_id", "provider", "board"),)

    id: UUID = id_field()
    owner_id: UUID = owner_field(index=True)
    provider: Provider = Column(sa_type=PROVIDER)
    board: str = text_field(100, required=True)
    created_at: datetime = timestamp_field()


# A board's polling state, whoever follows it (not owned: the poller's own bookkeeping).
class Board(Table, table=True):
    __tablename__ = "boards"

    provider: Provider = Column(primary_key=True, sa_type=PROVIDER)
    board: str = Column(primary_key=True, max_length=100)
    etag: str | None = text_field(500)
    last_modified: str | None = text_field(100)
    next_poll_at: datetime = timestamp_field(index=True)
    last_polled_at: datetime | None = moment_field()
    failures: int = 0
    last_error: str | None = text_field(500)


# What the owner targets: ranks discovered openings.
class JobTargets(Table, Owned, table=True):
    __tablename__ = "job_targets"

    owner_id: UUID = Column(primary_key=True)
    roles: list[str] = Column(default_factory=list, sa_type=JSON, nullable=False)
    locations: list[str] = Column(default_factory=list, sa_type=JSON, nullable=False)
    remote: bool = False


# An opening found on a followed board, in the owner's review inbox.
class DiscoveredJob(Table, Owned, table=True):
    __tablename__ = "discovered_jobs"
    __table_args__ = (
        UniqueConstraint("owner_id", "provider", "board", "external_id"),
        Index("ix_discovered_owner_status_rank", "owner_id", "status", "rank", "id"),
    )

    id: UUID = id_field()
    owner_id: UUID = owner_field()
    provider: Provider = Column(sa_type=PROVIDER)
    board: str = Column(max_length=100)
    external_id: str = Column(max_length=100)
    company: str = text_field(required=True)
    position: str = text_field(required=True)
    location: str | None = text_field()
    remote: bool = False
    job_url: str | None = text_field(2000)
    description: str = Column(default="", sa_type=Text)
    rank: int
    status: DiscoveredStatus = Column(default=DiscoveredStatus.NEW, sa_type=STATUS)
    application_id: UUID | None = None  # once saved
    discovered_at: datetime = timestamp_field()
