"""Alembic, one history per subgraph, one shared environment.

Each subgraph keeps only its revisions (`subgraphs/<name>/migrations/versions/`); the
environment and the revision template live in `kit/alembic/`.

    python -m subgraphs.kit.migrations upgrade [SUBGRAPH ...]     # production: before start
    python -m subgraphs.kit.migrations revision SUBGRAPH -m "what"   # autogenerate a revision

kit's event tables (`kit.events.tables`) are in every store: a revision makes them with
`create_event_tables()` (and drops them with `drop_event_tables()`), in place of the four
tables autogenerate writes out, as a new subgraph's first revision does. Five older histories
(files, interviews, notifications, postings, search) keep them written out: they made them
between their own tables, and calling the helper there would change the order SQLite lists
the tables in.
"""

import argparse
import asyncio
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command, op
from alembic.config import Config
from sqlalchemy import Connection, MetaData

from subgraphs.kit.db import Database, UTCDateTime
from subgraphs.kit.events.tables import event_tables
from subgraphs.kit.postgres import ensure_database
from subgraphs.kit.settings import Settings
from subgraphs.kit.settings import settings as default_settings

SUBGRAPHS_DIR = Path(__file__).resolve().parent.parent


def alembic_config(subgraph: str, metadata: MetaData) -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "alembic"))
    config.set_main_option(
        "version_locations", str(SUBGRAPHS_DIR / subgraph / "migrations" / "versions")
    )
    config.set_main_option("path_separator", "os")
    config.attributes["metadata"] = metadata
    return config


def include_object(dialect: str) -> Callable[..., bool]:
    """Alembic's `include_object` for a `dialect`: what `ddl_if` keeps to other dialects (the
    PostgreSQL-only GIN index of a document collection) is left out of autogenerate."""

    def include(item: Any, name: str | None, kind: str, reflected: bool, other: Any) -> bool:
        condition = getattr(item, "_ddl_if", None)
        if reflected or condition is None or condition.dialect is None:
            return True
        allowed = condition.dialect
        return dialect == allowed if isinstance(allowed, str) else dialect in allowed

    return include


def metadata_of(subgraph: str) -> MetaData:
    """The subgraph's tables (its `models.metadata`) with the ones kit adds to every store."""
    metadata: MetaData = importlib.import_module(f"subgraphs.{subgraph}.models").metadata
    event_tables(metadata)
    return metadata


def create_event_tables() -> None:
    """In a revision: the outbox, inbox, erased_owners and dead_letters tables, as every
    history's revision that made them did. Never edit: databases made by those revisions keep
    these tables as they are, so a change to kit's event tables is a new revision in every
    history (`test_migrations` holds this function to the SQL it emits)."""
    op.create_table(
        "dead_letters",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("queue", sa.String(length=100), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("failed_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "erased_owners",
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("erased_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("owner_id"),
    )
    op.create_table(
        "inbox",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("handled_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_table(
        "outbox",
        sa.Column(
            "position",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=100), nullable=False),
        sa.Column("aggregate_id", sa.String(length=100), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("position"),
        sa.UniqueConstraint("event_id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_owner_id"), ["owner_id"], unique=False)


def drop_event_tables() -> None:
    """In a revision's downgrade: what `create_event_tables` made, dropped."""
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_owner_id"))
    op.drop_table("outbox")
    op.drop_table("inbox")
    op.drop_table("erased_owners")
    op.drop_table("dead_letters")


async def upgrade(db: Database, subgraph: str) -> None:
    """Bring the subgraph's store to the newest revision (creating the database if needed)."""
    await ensure_database(db.url)
    config = alembic_config(subgraph, metadata_of(subgraph))
    async with db.engine.begin() as connection:
        await connection.run_sync(_run, config, lambda: command.upgrade(config, "head"))


async def revision(db: Database, subgraph: str, message: str) -> None:
    config = alembic_config(subgraph, metadata_of(subgraph))
    async with db.engine.begin() as connection:
        await connection.run_sync(
            _run, config, lambda: command.revision(config, message=message, autogenerate=True)
        )


def _run(connection: Connection, config: Config, action: Any) -> None:
    config.attributes["connection"] = connection
    action()


async def _other_stores(subgraph: str, settings: Settings) -> None:
    """Migrate the subgraph's stores besides its SQL database (a bucket, a folder), as its
    service does on start when MIGRATE_ON_START is on."""
    from subgraphs.kit.service import runtime_of

    app = importlib.import_module(f"subgraphs.{subgraph}.app").create_app(settings)
    stores = runtime_of(app).stores
    for store in stores[1:]:
        if store.name != "documents":  # migrated above, with the database
            await store.migrate()
    for store in stores:
        await store.dispose()


async def upgrade_all(settings: Settings, names: list[str] | None = None) -> list[str]:
    """Bring every subgraph's stores (or `names`') to head, as `upgrade` on the command line."""
    from subgraphs.kit.registry import subgraph_names

    done = []
    for name in names or subgraph_names():
        db = Database.for_subgraph(settings, name)
        try:
            await upgrade(db, name)
            if db.documents.own_server:  # MongoDB: its indexes
                await db.documents.migrate()
        finally:
            await db.dispose()
        await _other_stores(name, settings)
        done.append(name)
    return done


def main(argv: list[str] | None = None, settings: Settings = default_settings) -> None:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.kit.migrations")
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("upgrade", help="apply every pending revision")
    up.add_argument("subgraphs", nargs="*", help="default: every subgraph in supergraph.yaml")
    rev = sub.add_parser("revision", help="autogenerate a revision from models.py")
    rev.add_argument("subgraph")
    rev.add_argument("-m", "--message", required=True)
    args = parser.parse_args(argv)

    async def run() -> None:
        if args.command == "upgrade":
            for name in await upgrade_all(settings, args.subgraphs):
                print(f"{name}: at head")
        else:
            db = Database.for_subgraph(settings, args.subgraph)
            await revision(db, args.subgraph, args.message)
            await db.dispose()

    asyncio.run(run())


if __name__ == "__main__":
    main()
