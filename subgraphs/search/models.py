"""Search store schema. The index itself (entries and their text) is the search index port's
(`subgraphs/search/index/`); this store keeps, per indexed entity, whose it is and the sequence
of the last event applied, so events apply in order whatever order they arrive in, and a
removed entity keeps a tombstone a late event cannot bring back. Besides it: kit's outbox,
inbox (consumed events) and erased owners."""

from datetime import datetime
from uuid import UUID

from sqlalchemy import BigInteger
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from subgraphs.kit import Owned, owner_field, timestamp_field


class Table(SQLModel, registry=registry()):
    """This subgraph's tables: a metadata of their own, migrated by their own history."""


metadata = Table.metadata


# One indexed entity (application, contact, profile), as far as events told.
class Indexed(Table, Owned, table=True):
    __tablename__ = "indexed"

    kind: str = Field(primary_key=True, max_length=16)
    entity_id: UUID = Field(primary_key=True)
    owner_id: UUID = owner_field(index=True)
    sequence: int = Field(sa_type=BigInteger)  # of the last event applied
    present: bool = True  # False: removed (a tombstone)
    updated_at: datetime = timestamp_field()
