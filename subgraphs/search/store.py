"""Search store: keeping the index in step with events, and searching it for a viewer.

Event side: each function runs in the consumer's unit of work, opened for the event's owner.
`claim` records the event's sequence for the entity first (a row lock, or a key conflict that
makes the consumer try again), so only the newest event of an entity reaches the index, and a
write to the index that fails rolls the claim back for the retry. Index writes are idempotent:
an event handled twice (its index write done, its commit lost) writes the same again.
"""

from collections.abc import Sequence
from uuid import UUID

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit import erase_owner, owner_of, settings_of, utcnow, was_erased
from subgraphs.search.index import Entry, Hit, Kind, SearchIndex, ready_index
from subgraphs.search.models import Indexed
from subgraphs.search.settings import SearchSettings


async def _index(session: AsyncSession) -> SearchIndex:
    return await ready_index(SearchSettings.of(settings_of(session)))


async def claim(session: AsyncSession, kind: Kind, entity_id: UUID, sequence: int, *,
                present: bool) -> bool:  # fmt: skip
    """Record that the event `sequence` is the entity's latest; False when a newer one (or this
    one) was applied already, or its owner's account was erased."""
    if await was_erased(session, owner_of(session)):
        return False
    statement = select(Indexed).where(Indexed.kind == kind.value, Indexed.entity_id == entity_id)
    row = (await session.exec(statement.with_for_update())).first()
    if row is None:
        session.add(Indexed(kind=kind.value, entity_id=entity_id, sequence=sequence,
                            present=present))  # fmt: skip
    elif sequence > row.sequence:
        row.sequence, row.present, row.updated_at = sequence, present, utcnow()
    else:
        return False
    await session.flush()  # the claim holds (or conflicts) before the index is written
    return True


async def keep(session: AsyncSession, entry: Entry, sequence: int) -> None:
    """An entity's new state (created, updated, made public or private)."""
    if await claim(session, entry.kind, entry.id, sequence, present=True):
        await (await _index(session)).put(entry)


async def remove(session: AsyncSession, kind: Kind, entity_id: UUID, sequence: int) -> None:
    """An entity deleted: out of the index, and a tombstone against late events."""
    if await claim(session, kind, entity_id, sequence, present=False):
        await (await _index(session)).delete(kind, entity_id)


async def erase(session: AsyncSession, owner_id: UUID) -> None:
    """An erased account: every entry of theirs out of the index, then their rows (kit)."""
    await (await _index(session)).delete_owner(owner_id)
    await erase_owner(session, owner_id)


async def search(
    index: SearchIndex, query: str, *, viewer: UUID, kinds: Sequence[Kind], limit: int
) -> list[Hit]:
    """The viewer's entries and public ones matching `query`, best first."""
    return await index.search(query, viewer=viewer, kinds=kinds, limit=limit)
