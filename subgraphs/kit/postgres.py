"""PostgreSQL servers: a subgraph's database made when it is missing (before its migrations),
and throwaway databases (test runs, benchmarks) dropped."""

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def _admin_engine(url: str) -> AsyncEngine:
    """An autocommit engine on the server's `postgres` database (CREATE/DROP DATABASE)."""
    return create_async_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


async def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in `url` when it does not exist yet."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql" or not parsed.database:
        return
    admin = _admin_engine(url)
    try:
        async with admin.connect() as conn:
            exists = await conn.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
            )
            if not exists:
                await conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    finally:
        await admin.dispose()


async def drop_databases(server_url: str, *, like: str) -> list[str]:
    """Drop every PostgreSQL database whose name matches the LIKE pattern; their names.

    For throwaway databases (test runs, benchmarks): connections to them are ended.
    """
    admin = _admin_engine(server_url)
    try:
        async with admin.connect() as conn:
            found = await conn.scalars(
                text("SELECT datname FROM pg_database WHERE datname LIKE :p"), {"p": like}
            )
            names = list(found)
            for name in names:
                await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()
    return names
