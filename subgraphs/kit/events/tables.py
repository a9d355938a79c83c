"""The tables kit adds to every subgraph's store (by its migrations): the outbox a write's
events wait in, the inbox of events a consumer has handled, the owners whose accounts were
erased (kept only while their tokens may still be alive), and dead letters (stub broker)."""

from dataclasses import dataclass

from sqlalchemy import JSON, BigInteger, Column, Integer, MetaData, String, Table, Text, Uuid

from subgraphs.kit.db import UTCDateTime

# Their names: a subgraph's own tables are every other one (what an export or a read model's
# reset touches).
KIT_TABLES = frozenset({"outbox", "inbox", "erased_owners", "dead_letters"})

# SQLite: INTEGER PRIMARY KEY AUTOINCREMENT, so a position is never reused after a delete.
_POSITION = BigInteger().with_variant(Integer(), "sqlite")


@dataclass(frozen=True)
class EventTables:
    outbox: Table
    inbox: Table
    erased: Table
    dead_letters: Table


def event_tables(metadata: MetaData) -> EventTables:
    """The kit tables in `metadata`, added on first call."""
    if "outbox" not in metadata.tables:
        _define(metadata)
    tables = metadata.tables
    return EventTables(
        tables["outbox"], tables["inbox"], tables["erased_owners"], tables["dead_letters"]
    )


def _define(metadata: MetaData) -> None:
    Table(
        "outbox",
        metadata,
        Column("position", _POSITION, primary_key=True, autoincrement=True),
        Column("event_id", Uuid, nullable=False, unique=True),
        Column("type", String(100), nullable=False),
        Column("aggregate_id", String(100), nullable=False),
        Column("owner_id", Uuid, nullable=True, index=True),
        Column("body", JSON, nullable=False),
        sqlite_autoincrement=True,
    )
    Table(
        "inbox",
        metadata,
        Column("event_id", Uuid, primary_key=True),
        Column("handled_at", UTCDateTime, nullable=False),
    )
    Table(
        "erased_owners",
        metadata,
        Column("owner_id", Uuid, primary_key=True),
        Column("erased_at", UTCDateTime, nullable=False),
    )
    Table(
        "dead_letters",
        metadata,
        Column("id", Uuid, primary_key=True),
        Column("queue", String(100), nullable=False),
        Column("body", JSON, nullable=False),
        Column("error", Text, nullable=False),
        Column("failed_at", UTCDateTime, nullable=False),
    )
