"""Postings store schema. Importing a posting keeps nothing (the draft goes back to the client).
The match of a resume to a job keeps, from events, what it is computed from and its result:

    KnownApplication   an application's position and job description
                       (`application.description_changed`), or a tombstone once deleted
    Resume             each resume's text (`file.uploaded` of a RESUME not sent with an
                       application); the newest is the owner's current one, as in files
    Match              the current resume's fit with one application, computed by the
                       consumer whenever either changes; read by `Application.match`
"""

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Index, Text
from sqlalchemy.orm import registry
from sqlmodel import Field as Column
from sqlmodel import SQLModel

from subgraphs.kit import Owned, owner_field, text_field, timestamp_field


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
