"""Analytics store schema: a read model of the owner's applications, fed by their events.

One fact per application: its latest known state (the event with the highest outbox
sequence wins), reduced to what the figures need. A deleted application keeps a tombstone
(`deleted`), so a late event about it cannot bring it back."""

from datetime import datetime
from uuid import UUID

from sqlalchemy import JSON, Enum, Index
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from subgraphs.analytics.rules import PositionCategory
from subgraphs.kit import Owned, moment_field, owner_field, text_field, timestamp_field


class Table(SQLModel, registry=registry()):
    """This subgraph's tables: a metadata of their own, migrated by their own history."""


metadata = Table.metadata
CATEGORY = Enum(PositionCategory, native_enum=False, length=16, create_constraint=False)


# What analytics knows of one application.
class ApplicationFact(Table, Owned, table=True):
    __tablename__ = "application_facts"
    __table_args__ = (Index("ix_application_facts_owner", "owner_id", "deleted"),)

    application_id: UUID = Field(primary_key=True)
    owner_id: UUID = owner_field()
    sequence: int  # of the event this state came from
    deleted: bool = False
    status: str | None = text_field(16)
    position: str | None = text_field()
    category: PositionCategory | None = Field(default=None, sa_type=CATEGORY)
    location: str | None = text_field()  # normalised
    counted_at: datetime | None = moment_field()  # applied_at, else created_at
    month: str | None = text_field(7)  # counted_at's "YYYY-MM" (UTC), for grouping
    reached: list[str] = Field(default_factory=list, sa_type=JSON, nullable=False)
    furthest_step: int = -1  # in the funnel (rules.furthest_step), for counting
    response_days: float | None = None
    updated_at: datetime = timestamp_field()
