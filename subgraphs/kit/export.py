"""Everything an owner has in one subgraph's store, streamed: what "download my data" and the
admin CLI's `user export` are made of.

Every table with an owner column (`owner_id`, or the column a table names in
`info={"owner_column": ...}`: the users table's `id`) is read in a unit of work opened for the
owner, with the owner's condition written out too, in primary-key order and in batches, so
memory does not grow with the rows; then each document collection through the owner's handle.
kit's own tables (outbox, inbox, tombstones, dead letters) are left out, and so are columns
that hold secrets (`info={"export": False}` on a column; password and token hashes)."""

from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

from sqlalchemy import Column, Table, select

from subgraphs.kit.db import Database

BATCH = 500
KIT_TABLES = frozenset({"outbox", "inbox", "erased_owners", "dead_letters"})
SECRET_COLUMNS = frozenset({"password_hash", "token_hash", "nonce"})


def _exported(column: Column[Any]) -> bool:
    return column.info.get("export", column.name not in SECRET_COLUMNS) is not False


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
