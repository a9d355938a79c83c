"""The handle every read and write of documents goes through, opened from a store session:

    async with ctx.writer() as session:                  # the unit of work
        contacts = documents(session, CONTACTS)           # the session's owner, nobody else
        contact = await contacts.put(contact)
        await publish(session, SAVED, ...)                 # commits with the write (SQL)

`documents(session, ...)` sees the session's owner's documents only: no call takes an owner,
and a document put through it becomes (and must already be) that owner's. An admin task opens
`admin_documents(session, ...)` on purpose: every owner's documents, for lookups across owners
(linking contacts to the users who register) and erasure. Writes need a unit of work
(`ctx.writer()`, `db.session()`, `db.admin()`); a read session refuses them.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit.db import Database, ReadOnlySession
from subgraphs.kit.documents.model import Collection, D, Document, Where, now
from subgraphs.kit.events.outbox import NotInAUnitOfWork
from subgraphs.kit.pagination import Page, decode_cursor
from subgraphs.kit.scoping import ScopeViolation, owner_of

T = TypeVar("T", bound=Document)
FIND_BATCH = 500


@dataclass(frozen=True)
class Scope:
    """Whose documents a call may touch: `owner`'s, or every owner's when it is None (admin),
    and the session whose unit of work a SQL backend writes in."""

    session: AsyncSession
    owner: UUID | None


class Backend(Protocol):
    """What a document store implements (`sql.SqlBackend`, `mongo.MongoBackend`). Only a handle
    calls it, always with the handle's scope. A `kit.Store` (named, migrated, pinged, disposed);
    `own_server` says whether it is a server of its own that readiness should report."""

    name: str
    own_server: bool

    async def get_many(
        self, scope: Scope, collection: Collection[T], ids: Sequence[UUID]
    ) -> list[T]: ...

    async def put(self, scope: Scope, collection: Collection[T], document: T) -> None:
        """Insert, or replace the document with the same id and owner; `ScopeViolation` when
        the id is another owner's."""

    async def delete(self, scope: Scope, collection: Collection[Any], id: UUID) -> bool: ...

    async def page(
        self,
        scope: Scope,
        collection: Collection[T],
        where: Where,
        *,
        first: int,
        after: tuple[datetime, UUID] | None,
    ) -> Page[T]:
        """Newest first (created_at, then id, both descending), after the position given."""

    async def count(self, scope: Scope, collection: Collection[Any], where: Where) -> int: ...

    async def erase_owner(
        self, session: AsyncSession, owner_id: UUID, collections: Iterable[Collection[Any]]
    ) -> None: ...

    async def migrate(self) -> None: ...

    async def ping(self) -> None: ...

    async def dispose(self) -> None: ...


class Documents(Generic[D]):
    """One collection as one owner sees it (or, from `admin_documents`, every owner)."""

    def __init__(self, backend: Backend, scope: Scope, collection: Collection[D]) -> None:
        self._backend = backend
        self._scope = scope
        self.collection = collection

    @property
    def owner(self) -> UUID | None:
        """The owner whose documents this handle sees; None for an admin handle."""
        return self._scope.owner

    async def get(self, id: UUID) -> D | None:
        return (await self.get_many([id])).get(id)

    async def get_many(self, ids: Sequence[UUID]) -> dict[UUID, D]:
        """The documents among `ids` in one query; others' ids are simply absent."""
        if not ids:
            return {}
        found = await self._backend.get_many(self._scope, self.collection, list(set(ids)))
        return {document.id: document for document in found}

    async def put(self, document: D) -> D:
        """Insert it, or replace the stored one with its id; answers it as stored."""
        self._in_unit_of_work()
        owner = self._scope.owner or document.owner_id
        if owner is None:
            raise ScopeViolation("an admin handle puts documents that name their owner")
        if document.owner_id not in (None, owner):
            raise ScopeViolation(f"a {type(document).__name__} of another owner")
        stored = document.model_copy(update={"owner_id": owner, "updated_at": now()})
        await self._backend.put(self._scope, self.collection, stored)
        return stored

    async def delete(self, id: UUID) -> bool:
        """Whether there was such a document (of this handle's owner) to delete."""
        self._in_unit_of_work()
        return await self._backend.delete(self._scope, self.collection, id)

    async def page(self, where: Where, *, first: int, after: str | None) -> Page[D]:
        """A page of the matching documents, newest first, after the cursor `after`."""
        self.collection.check(where)
        position = None
        if after is not None:
            created_at, id = decode_cursor(after, _cursor_keys(self.collection))
            position = (created_at, id)
        return await self._backend.page(
            self._scope, self.collection, where, first=first, after=position
        )

    async def count(self, where: Where) -> int:
        self.collection.check(where)
        return await self._backend.count(self._scope, self.collection, where)

    async def find(self, where: Where) -> list[D]:
        """Every matching document, read a page of FIND_BATCH at a time."""
        found: list[D] = []
        after: str | None = None
        while True:
            page = await self.page(where, first=FIND_BATCH, after=after)
            found += page.rows
            if not page.has_next:
                return found
            after = page.cursors[-1]

    def _in_unit_of_work(self) -> None:
        sync = self._scope.session.sync_session
        if isinstance(sync, ReadOnlySession) or not sync.in_transaction():
            raise NotInAUnitOfWork("documents are written in a unit of work (ctx.writer())")


def _cursor_keys(collection: Collection[Any]) -> tuple[Any, Any]:
    table = collection.table
    return table.c.created_at, table.c.id


def backend_of(session: AsyncSession) -> Backend:
    """The document store that goes with the session's database."""
    backend: Backend = Database.of(session).documents
    return backend


def documents(session: AsyncSession, collection: Collection[D]) -> Documents[D]:
    """The session owner's documents of `collection` (UNAUTHENTICATED without an owner)."""
    return Documents(backend_of(session), Scope(session, owner_of(session)), collection)


def admin_documents(session: AsyncSession, collection: Collection[D]) -> Documents[D]:
    """Every owner's documents of `collection`, for admin tasks and event consumers only
    (linking across owners, snapshots); writes still happen in the session's unit of work."""
    return Documents(backend_of(session), Scope(session, None), collection)


@dataclass(frozen=True)
class DocumentQuery(Generic[D]):
    """A list field's documents (`Collection.query(where)`), paged by `kit.paginate` like a
    SQL `Listing`: a page and, when asked, the count, in the reader session it opens."""

    collection: Collection[D]
    where: Where

    async def fetch(self, session: AsyncSession, *, first: int, after: str | None) -> Page[D]:
        return await documents(session, self.collection).page(self.where, first=first, after=after)

    async def total(self, session: AsyncSession) -> int:
        return await documents(session, self.collection).count(self.where)
