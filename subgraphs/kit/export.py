"""Everything an owner has in one subgraph's store, streamed: what "download my data" and the
admin CLI's `user export` are made of.

Every table with an owner column (`owner_id`, or the column a table names in
`info={"owner_column": ...}`: the users table's `id`) is read in a unit of work opened for the
owner, with the owner's condition written out too, in primary-key order and in batches, so
memory does not grow with the rows; then each document collection through the owner's handle.
kit's own tables (outbox, inbox, tombstones, dead letters) are left out, and so are columns
marked as secrets on their model (`kit.secret_field`: `info={"export": False}`)."""

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import orjson
from sqlalchemy import Column, Table, select

from subgraphs.kit.db import Database
from subgraphs.kit.events.tables import KIT_TABLES
from subgraphs.kit.settings import Settings

BATCH = 500
JSON_FORMAT, JSON_VERSION = "job-tracker-export", 1


def _exported(column: Column[Any]) -> bool:
    return column.info.get("export", True) is not False


def owner_column(table: Table) -> Column[Any] | None:
    name = table.info.get("owner_column", "owner_id")
    return table.c.get(name)


async def owner_rows(db: Database, owner_id: UUID) -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """(table or collection name, row) for every row of the owner in this store."""
    from subgraphs.kit.documents.model import Where, collections_of
    from subgraphs.kit.documents.port import documents
    from subgraphs.kit.migrations import metadata_of

    metadata = metadata_of(db.subgraph)
    collections = collections_of(metadata)
    document_tables = {collection.table for collection in collections}
    async with db.session(owner=owner_id) as session:
        connection = await session.connection()
        for table in metadata.sorted_tables:
            owner = owner_column(table)
            if owner is None or table.name in KIT_TABLES or table in document_tables:
                continue
            columns = [column for column in table.c if _exported(column)]
            statement = (
                select(*columns)
                .where(owner == owner_id)
                .order_by(*table.primary_key.columns)
                .execution_options(yield_per=BATCH)
            )
            result = await connection.stream(statement)
            async for row in result:
                yield table.name, dict(row._mapping)
        for collection in collections:
            for document in await documents(session, collection).find(Where()):
                yield collection.name, document.model_dump(mode="python")


async def owner_data(
    settings: Settings, owner_id: UUID, subgraphs: Sequence[str] | None = None
) -> AsyncIterator[tuple[str, str, dict[str, Any]]]:
    """(subgraph, table or collection, row) for every row of the owner in every subgraph's
    store (or those named), one store at a time, each opened and disposed here. It reads the
    stores directly: for jobs of this deployment (the admin CLI, the files subgraph's export
    job), never for a request."""
    from subgraphs.kit.registry import subgraph_names

    for name in subgraph_names():
        if subgraphs is not None and name not in subgraphs:
            continue
        db = Database.for_subgraph(settings, name)
        try:
            async for kind, row in owner_rows(db, owner_id):
                yield name, kind, row
        finally:
            await db.dispose()


def _json(value: object) -> bytes:
    return orjson.dumps(value, default=str)


async def json_chunks(
    settings: Settings,
    owner_id: UUID,
    progress: Callable[[float], Awaitable[None]] | None = None,
) -> AsyncIterator[bytes]:
    """The owner's full export ("download my data"), as pieces of one JSON document:

        {"format": "job-tracker-export", "version": 1, "user_id": ..., "exported_at": ...,
         "subgraphs": {"users": {"users": [...], ...}, "applications": {...}, ...}}

    `progress` is told the fraction of subgraphs done after each one."""
    from subgraphs.kit.registry import subgraph_names

    head = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "user_id": str(owner_id),
        "exported_at": datetime.now(UTC).isoformat(),
    }
    yield _json(head)[:-1] + b',"subgraphs":{'
    names = subgraph_names()
    for n, name in enumerate(names):
        yield (b"," if n else b"") + _json(name) + b":{"
        db, table = Database.for_subgraph(settings, name), None
        try:
            async for kind, row in owner_rows(db, owner_id):
                if kind != table:
                    yield (b"]," if table else b"") + _json(kind) + b":["
                    table = kind
                    yield _json(row)
                else:
                    yield b"," + _json(row)
        finally:
            await db.dispose()
        yield b"]}" if table else b"}"
        if progress is not None:
            await progress((n + 1) / len(names))
    yield b"}}\n"
