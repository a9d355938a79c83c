"""Documents in MongoDB, through PyMongo's asyncio client (`pymongo.AsyncMongoClient`). Thin on
purpose: each port call is one MongoDB command, so the contract suite is the whole of its risk
(`tests/kit/documents/`, run when MONGODB_URL is set; no CI leg has a MongoDB server).

A document is stored as `{_id, owner_id, created_at, updated_at, **body}` in a collection of
the collection's name, in one database per subgraph (MONGODB_URL's, else
`job_tracker_<subgraph>`). Ids are UUIDs (standard representation), times UTC milliseconds.

Events: MongoDB cannot write in the SQL unit of work the outbox row commits in. A write goes to
MongoDB first, then the unit of work commits its outbox row. The window: if the SQL commit fails
or the process dies between the two (milliseconds), the document changed but its event is lost;
the other way round (an event without its write) cannot happen. `events:replay` of the subgraph
publishes every document's state again, which repairs consumers after such a failure.
"""

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from pymongo import ASCENDING, DESCENDING, AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit.documents.model import RESERVED, Collection, Where
from subgraphs.kit.documents.port import Scope, T
from subgraphs.kit.pagination import Page, encode_cursor
from subgraphs.kit.roundtrips import count_round_trip
from subgraphs.kit.scoping import ScopeViolation

Query = dict[str, Any]
NEWEST_FIRST = [("created_at", DESCENDING), ("_id", DESCENDING)]


def mongo_filter(owner: UUID | None, collection: Collection[Any], where: Where) -> Query:
    """The MongoDB query for a handle's scope (`owner`; None: every owner) and `where`."""
    parts: list[Query] = [] if owner is None else [{"owner_id": owner}]
    if where.owners is not None:
        parts.append({"owner_id": {"$in": list(where.owners)}})
    for name, value in where.equal.items():
        parts.append({name: _bson(value)})  # a list field matches when it holds the value
    for name, values in where.any_of.items():
        parts.append({name: {"$in": [_bson(value) for value in values]}})
    if where.text:
        pattern = {"$regex": re.escape(where.text), "$options": "i"}
        fields = where.text_fields or collection.text
        parts.append({"$or": [{name: pattern} for name in fields]} if fields else {"_id": None})
    if not parts:
        return {}
    return parts[0] if len(parts) == 1 else {"$and": parts}


def _bson(value: Any) -> Any:
    return str(value) if isinstance(value, UUID) else value  # bodies keep UUIDs as text


def _after(after: tuple[datetime, UUID] | None) -> Query:
    if after is None:
        return {}
    created_at, id = after
    return {
        "$or": [{"created_at": {"$lt": created_at}}, {"created_at": created_at, "_id": {"$lt": id}}]
    }


class MongoBackend:
    """A kit `Store` of its own: migrated (indexes), pinged for readiness, disposed."""

    name = "documents"
    own_server = True

    def __init__(
        self,
        url: str,
        *,
        subgraph: str,
        collections: Callable[[], Iterable[Collection[Any]]],
    ) -> None:
        self.url = url
        self.subgraph = subgraph
        self.collections = collections  # the subgraph's, read when migrating
        self._client: AsyncMongoClient[dict[str, Any]] | None = None

    @property
    def client(self) -> AsyncMongoClient[dict[str, Any]]:
        """Made on first use, in the event loop that uses it (a worker's, the service's)."""
        if self._client is None:
            options: dict[str, Any] = {"uuidRepresentation": "standard", "tz_aware": True}
            if "serverselectiontimeoutms" not in self.url.lower():  # the URL's, else 5 s
                options["serverSelectionTimeoutMS"] = 5000
            self._client = AsyncMongoClient(self.url, **options)
        return self._client

    @property
    def database(self) -> AsyncDatabase[dict[str, Any]]:
        """MONGODB_URL's database, else `job_tracker_<subgraph>`."""
        return self.client.get_default_database(default=f"job_tracker_{self.subgraph}")

    def _collection(self, collection: Collection[Any]) -> AsyncCollection[dict[str, Any]]:
        return self.database[collection.name]

    async def get_many(
        self, scope: Scope, collection: Collection[T], ids: Sequence[UUID]
    ) -> list[T]:
        query = {
            "$and": [{"_id": {"$in": list(ids)}}, mongo_filter(scope.owner, collection, Where())]
        }
        count_round_trip()
        found = await self._collection(collection).find(query).to_list()
        return [_load(collection, stored) for stored in found]

    async def put(self, scope: Scope, collection: Collection[T], document: T) -> None:
        stored = {
            "_id": document.id,
            "owner_id": document.owner_id,
            "created_at": document.created_at,
            "updated_at": document.updated_at,
            **collection.body(document),
        }
        count_round_trip()
        try:
            await self._collection(collection).replace_one(
                {"_id": document.id, "owner_id": document.owner_id}, stored, upsert=True
            )
        except DuplicateKeyError:  # the id exists with another owner: the filter missed it
            raise ScopeViolation(f"a {collection.name} document of another owner") from None

    async def delete(self, scope: Scope, collection: Collection[Any], id: UUID) -> bool:
        query = {"$and": [{"_id": id}, mongo_filter(scope.owner, collection, Where())]}
        count_round_trip()
        result = await self._collection(collection).delete_one(query)
        return result.deleted_count == 1

    async def page(
        self,
        scope: Scope,
        collection: Collection[T],
        where: Where,
        *,
        first: int,
        after: tuple[datetime, UUID] | None,
    ) -> Page[T]:
        query = {"$and": [mongo_filter(scope.owner, collection, where), _after(after)]}
        count_round_trip()
        cursor = self._collection(collection).find(query).sort(NEWEST_FIRST).limit(first + 1)
        found = [_load(collection, stored) for stored in await cursor.to_list()]
        documents = found[:first]
        cursors = [encode_cursor([d.created_at, d.id]) for d in documents]
        return Page(rows=documents, has_next=len(found) > first, cursors=cursors)

    async def count(self, scope: Scope, collection: Collection[Any], where: Where) -> int:
        count_round_trip()
        query = mongo_filter(scope.owner, collection, where)
        return await self._collection(collection).count_documents(query)

    async def erase_owner(
        self, session: AsyncSession, owner_id: UUID, collections: Iterable[Collection[Any]]
    ) -> None:
        """At once, not in the session's transaction; a retried erasure does it again."""
        for collection in collections:
            count_round_trip()
            await self._collection(collection).delete_many({"owner_id": owner_id})

    async def migrate(self) -> None:
        """The indexes: pages by owner, newest first; each key (multikey for lists)."""
        for collection in self.collections():
            stored = self._collection(collection)
            await stored.create_index([("owner_id", ASCENDING), *NEWEST_FIRST])
            for key in collection.keys:
                await stored.create_index([(key, ASCENDING)])

    async def ping(self) -> None:
        await self.client.admin.command("ping")

    async def dispose(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            await client.close()


def _load(collection: Collection[T], stored: dict[str, Any]) -> T:
    body = {name: value for name, value in stored.items() if name not in RESERVED and name != "_id"}
    return collection.load(
        body,
        id=stored["_id"],
        owner_id=stored["owner_id"],
        created_at=stored["created_at"],
        updated_at=stored["updated_at"],
    )
