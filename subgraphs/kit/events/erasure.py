"""Erasing an owner: every row of theirs in this store (owned tables, and their events still in
the outbox), and a tombstone so tokens issued before stop working. The tombstone keeps only
the owner's id, and only while a token issued before the erasure may be alive."""

import asyncio
import time
from datetime import timedelta
from uuid import UUID

from sqlalchemy import delete, insert, select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit.db import Database, utcnow


async def erase_owner(session: AsyncSession, owner_id: UUID) -> None:
    """Delete the owner's rows from every table of this store that has an `owner_id`, and their
    documents from the subgraph's document store (`kit.documents`), wherever it keeps them."""
    from subgraphs.kit.documents.model import collections_of
    from subgraphs.kit.migrations import metadata_of  # the CLI module: not at import time

    db = Database.of(session)
    metadata = metadata_of(db.subgraph)
    collections = collections_of(metadata)
    documents = {collection.table for collection in collections}
    for table in reversed(metadata.sorted_tables):  # children first
        if "owner_id" in table.c and table not in documents:
            await session.exec(delete(table).where(table.c.owner_id == owner_id))
    if collections:
        await db.documents.erase_owner(session, owner_id, collections)
    erased = db.event_tables.erased
    known = await session.scalar(select(erased.c.owner_id).where(erased.c.owner_id == owner_id))
    if known is None:
        await session.exec(insert(erased).values(owner_id=owner_id, erased_at=utcnow()))


async def was_erased(session: AsyncSession, owner_id: UUID) -> bool:
    """Whether the owner's account was erased (lately: tombstones last as long as a token may).
    A consumer checks it before keeping what a late event brings of an erased owner."""
    erased = Database.of(session).event_tables.erased
    found = await session.scalar(select(erased.c.owner_id).where(erased.c.owner_id == owner_id))
    return found is not None


class ErasedOwners:
    """Which owners were erased, as this process last read them (at most `refresh_seconds`
    old), so a request with a token of an erased account is refused. Tombstones older than
    `keep_seconds` (the longest a token lives) are swept."""

    def __init__(self, db: Database, *, refresh_seconds: float, keep_seconds: float) -> None:
        self.db = db
        self.refresh_seconds = refresh_seconds
        self.keep_seconds = keep_seconds
        self._owners: set[UUID] = set()
        self._read_at = float("-inf")
        self._lock = asyncio.Lock()

    def add(self, owner_id: UUID) -> None:
        self._owners.add(owner_id)

    async def contains(self, owner_id: UUID) -> bool:
        if time.monotonic() - self._read_at > self.refresh_seconds:
            async with self._lock:
                if time.monotonic() - self._read_at > self.refresh_seconds:
                    await self._read()
        return owner_id in self._owners

    async def _read(self) -> None:
        erased = self.db.event_tables.erased
        oldest = utcnow() - timedelta(seconds=self.keep_seconds)
        async with self.db.admin() as session:
            connection = await session.connection()
            await connection.execute(delete(erased).where(erased.c.erased_at < oldest))
            rows = await connection.execute(select(erased.c.owner_id))
            self._owners = set(rows.scalars())
        self._read_at = time.monotonic()
