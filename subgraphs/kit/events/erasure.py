"""Erasing an owner: every row of theirs in this store (owned tables, and their events still in
the outbox), and a tombstone so tokens issued before stop working. The tombstone keeps only
the owner's id, and only while a token issued before the erasure may be alive.

No write of an erased owner outlives the erasure. Each request's unit of work looks for the
owner's tombstone in its own transaction just before it commits (`refuse_if_erased`): after
the erasure it is refused; a write that commits first is erased with the rest. On PostgreSQL
the two are serialised per owner by an advisory lock (writers share it, the eraser takes it
alone), so a write cannot slip between the erasure's DELETEs and its tombstone; SQLite's
single writer serialises them already. In one process (the embedded host) every subgraph
refuses the account's tokens as soon as the users subgraph has erased it (`ErasedOwners.add`).
"""

import asyncio
import time
from datetime import timedelta
from uuid import UUID

from sqlalchemy import delete, func, insert, select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit.db import Database, utcnow
from subgraphs.kit.errors import AppError, ErrorCode

ERASING = "erasing_owner"  # session.info: this unit of work erases that owner
_SIGNED = 1 << 63


def _lock_key(owner_id: UUID) -> int:
    """The owner's advisory-lock key: a signed 64-bit fold of the UUID."""
    folded = (owner_id.int >> 64) ^ (owner_id.int & (_SIGNED * 2 - 1))
    return folded - _SIGNED * 2 if folded >= _SIGNED else folded


async def _lock_owner(session: AsyncSession, owner_id: UUID, *, shared: bool) -> None:
    if Database.of(session).is_sqlite:
        return
    lock = func.pg_advisory_xact_lock_shared if shared else func.pg_advisory_xact_lock
    await session.scalar(select(lock(_lock_key(owner_id))))


def account_deleted() -> AppError:
    return AppError(ErrorCode.UNAUTHENTICATED, "This account was deleted")


async def refuse_if_erased(session: AsyncSession, owner_id: UUID) -> None:
    """Just before a request's unit of work commits: UNAUTHENTICATED (rolled back) when the
    owner was erased meanwhile, unless this unit of work is the erasure."""
    if session.info.get(ERASING) == owner_id:
        return
    if await erased_now(session, owner_id):
        raise account_deleted()


async def erased_now(session: AsyncSession, owner_id: UUID) -> bool:
    """`was_erased`, with the owner's erasure kept from running until this unit of work ends
    (PostgreSQL: the shared advisory lock), so what it writes next cannot outlive an erasure
    that had not happened yet. A consumer asks it before handling an event of that owner."""
    await _lock_owner(session, owner_id, shared=True)
    return await was_erased(session, owner_id)


async def erase_owner(session: AsyncSession, owner_id: UUID) -> None:
    """Delete the owner's rows from every table of this store that has an `owner_id`, and their
    documents from the subgraph's document store (`kit.documents`), wherever it keeps them."""
    from subgraphs.kit.documents.model import collections_of
    from subgraphs.kit.migrations import metadata_of  # the CLI module: not at import time

    db = Database.of(session)
    session.info[ERASING] = owner_id
    await _lock_owner(session, owner_id, shared=False)  # writes of theirs in flight finish first
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


# Owners erased by a subgraph of this process (monotonic time): the embedded host's subgraphs
# share it, so none waits for its own tombstone to refuse the account's tokens.
_ERASED_HERE: dict[UUID, float] = {}


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
        """Refuse the owner's tokens now, in every subgraph of this process."""
        self._owners.add(owner_id)
        _ERASED_HERE[owner_id] = time.monotonic()

    def known(self, owner_id: UUID) -> bool:
        """Whether the owner is known erased, from what is in memory (no read of the store:
        safe inside a unit of work, whose transaction a read here could wait on)."""
        added = _ERASED_HERE.get(owner_id)
        if added is not None and time.monotonic() - added < self.keep_seconds:
            return True
        return owner_id in self._owners

    async def contains(self, owner_id: UUID) -> bool:
        added = _ERASED_HERE.get(owner_id)
        if added is not None and time.monotonic() - added < self.keep_seconds:
            return True
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
        for owner_id, added in list(_ERASED_HERE.items()):
            if self._read_at - added > self.keep_seconds:
                _ERASED_HERE.pop(owner_id, None)
