"""Each subgraph's migrations build exactly what its models declare (Alembic's autogenerate
comparison finds nothing to add, drop or alter), on both store legs."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from subgraphs.kit.db import Database
from subgraphs.kit.migrations import include_object, metadata_of, upgrade
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
