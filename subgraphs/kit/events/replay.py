"""Rebuilding a read model: publish the current state of every aggregate of a producing
subgraph again, after emptying the consuming read model. The events go through the outbox,
so the relay of the running system (or of the next start) delivers them.

    python -m subgraphs.kit.events.replay applications --reset analytics
    scripts/task analytics:rebuild

A producer offers `async def snapshot(session) -> int` in its `events.py` (an admin session:
every owner's aggregates); a consumer may be reset only if its `events.py` says
`REBUILDABLE = True` (its tables hold nothing but what events brought), and one that keeps
more than tables (the search index) empties it in `async def reset(settings) -> int`.
"""

import argparse
import asyncio
import importlib

from sqlalchemy import delete

from subgraphs.kit.db import Database
from subgraphs.kit.events.tables import KIT_TABLES
from subgraphs.kit.settings import Settings
from subgraphs.kit.settings import settings as default_settings


async def reset(settings: Settings, consumer: str) -> int:
    """Empty a rebuildable read model (its own tables; not the outbox, inbox or tombstones)."""
    module = importlib.import_module(f"subgraphs.{consumer}.events")
    if not getattr(module, "REBUILDABLE", False):
        raise SystemExit(f"{consumer} is not a read model that can be rebuilt from events")
    models = importlib.import_module(f"subgraphs.{consumer}.models")
    db = Database.for_subgraph(settings, consumer)
    emptied = 0
    try:
        async with db.admin() as session:
            connection = await session.connection()
            for table in reversed(models.metadata.sorted_tables):
                if table.name not in KIT_TABLES:
                    emptied += (await connection.execute(delete(table))).rowcount
    finally:
        await db.dispose()
    other = getattr(module, "reset", None)
    if other is not None:
        emptied += await other(settings)
    return emptied


async def replay(settings: Settings, producer: str) -> int:
    """Publish every aggregate of `producer` again; the number of events."""
    module = importlib.import_module(f"subgraphs.{producer}.events")
    db = Database.for_subgraph(settings, producer)
    try:
        async with db.admin() as session:
            count: int = await module.snapshot(session)
    finally:
        await db.dispose()
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.kit.events.replay")
    parser.add_argument("producer", help="the subgraph whose aggregates are published again")
    parser.add_argument("--reset", action="append", default=[], help="empty this read model first")
    args = parser.parse_args(argv)

    async def run() -> None:
        for consumer in args.reset:
            print(f"{consumer}: {await reset(default_settings, consumer)} rows removed")
        count = await replay(default_settings, args.producer)
        print(f"{args.producer}: {count} events in the outbox; the relay sends them")

    asyncio.run(run())


if __name__ == "__main__":
    main()
