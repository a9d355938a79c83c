"""Each subgraph's migrations build exactly what its models declare (Alembic's autogenerate
comparison finds nothing to add, drop or alter), on both store legs; and the revisions' helper
for kit's event tables still makes what those revisions made."""

import hashlib
import io

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations

from subgraphs.kit.db import Database
from subgraphs.kit.migrations import (
    create_event_tables,
    drop_event_tables,
    include_object,
    metadata_of,
    upgrade,
)
from subgraphs.kit.registry import subgraph_names
from tests.conftest import database_template


@pytest.mark.parametrize("subgraph", subgraph_names())
async def test_models_match_migrations(subgraph, store_leg, data_dir):
    url = database_template(store_leg, data_dir, "migrations").format(subgraph=subgraph)
    db = Database(url, subgraph=subgraph)
    try:
        await upgrade(db, subgraph)
        async with db.engine.connect() as connection:

            def differences(sync_connection):
                dialect = sync_connection.dialect.name
                options = {"compare_type": True, "include_object": include_object(dialect)}
                context = MigrationContext.configure(sync_connection, opts=options)
                return compare_metadata(context, metadata_of(subgraph))

            assert await connection.run_sync(differences) == []
    finally:
        await db.dispose()


# The SQL `create_event_tables()` and `drop_event_tables()` emit, as revisions that deployed
# databases have run made it (sha256). A change to kit's event tables is a new revision in every
# history: these two stay as they are.
EVENT_TABLES_SQL = {
    "sqlite": "b359873859f510b7798d502de7664ece9abb8b2e8389cd6e2d592e88e52bc31a",
    "postgresql": "5ce3f7a4501b11106291eaf91cb1ea18d541b26422ff104c5bea1730a7d31de9",
}


@pytest.mark.parametrize("dialect", sorted(EVENT_TABLES_SQL))
def test_the_event_tables_helper_makes_what_the_revisions_made(dialect):
    emitted = io.StringIO()
    options = {"as_sql": True, "output_buffer": emitted}
    with Operations.context(MigrationContext.configure(dialect_name=dialect, opts=options)):
        create_event_tables()
        drop_event_tables()
    sql = emitted.getvalue()
    assert hashlib.sha256(sql.encode()).hexdigest() == EVENT_TABLES_SQL[dialect], (
        f"create_event_tables()/drop_event_tables() changed; applied revisions call them:\n{sql}"
    )
