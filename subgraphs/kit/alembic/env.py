"""Shared Alembic environment: runs on the connection `kit.migrations` hands over."""

from alembic import context

from subgraphs.kit.migrations import include_object

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=config.attributes["metadata"],
    render_as_batch=True,
    compare_type=True,
    include_object=include_object(connection.dialect.name),
)
with context.begin_transaction():
    context.run_migrations()
