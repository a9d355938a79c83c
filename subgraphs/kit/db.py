"""A subgraph's SQL store: units of work and readers opened for an owner (see `kit.scoping`), an
admin session for tasks that see every owner, and the UTC timestamp column every store uses.
Its engines are made by `kit.engines`."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from sqlalchemy import DateTime, TypeDecorator, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit.engines import make_engine, private_sqlite
from subgraphs.kit.errors import AppError
from subgraphs.kit.scoping import ANONYMOUS_ERROR, OWNER, UNSCOPED, ScopedSession

if TYPE_CHECKING:
    from subgraphs.kit.documents.port import Backend
    from subgraphs.kit.events.tables import EventTables
    from subgraphs.kit.settings import Settings

DATABASE = "database"  # session.info: the Database it was opened on


class ReadOnlySession(ScopedSession):
    """The session behind `Database.reader()`: its statements autocommit, so it must not write."""

    def flush(self, objects: Any = None) -> None:
        if self.new or self.dirty or self.deleted:
            raise RuntimeError("a reader session does not write: use Database.session()")


class Database:
    """One subgraph's SQL store: units of work for writes, autocommit sessions for reads, each
    opened for an owner. A `kit.store.Store`: migrated, pinged and disposed by the service.
    `documents_url` (MongoDB) moves the subgraph's documents out of it (`documents`)."""

    name = "database"

    def __init__(
        self,
        url: str,
        *,
        subgraph: str,
        pool_size: int = 10,
        documents_url: str | None = None,
        settings: "Settings | None" = None,
    ) -> None:
        parsed = make_url(url)
        self.url = url
        self.subgraph = subgraph
        self.settings = settings  # what configured it (`for_subgraph`): see `settings_of`
        self.documents_url = documents_url
        self._on_events: list[Callable[[], None]] = []
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        if self.is_sqlite and parsed.database and parsed.database != ":memory:":
            private_sqlite(Path(parsed.database))
        self.engine = make_engine(url, subgraph=subgraph, pool_size=pool_size)
        # PostgreSQL reads have their own pool in autocommit mode: no BEGIN and ROLLBACK
        # round trips. SQLite's are in-process, and a second engine would not share :memory:.
        self.read_engine = (
            self.engine
            if self.is_sqlite
            else make_engine(
                url, subgraph=subgraph, pool_size=pool_size, isolation_level="AUTOCOMMIT"
            )
        )
        self._sessions = async_sessionmaker(
            self.engine, class_=AsyncSession, sync_session_class=ScopedSession,
            expire_on_commit=False,
        )  # fmt: skip
        self._readers = async_sessionmaker(
            self.read_engine,
            class_=AsyncSession,
            sync_session_class=ReadOnlySession,
            expire_on_commit=False,
            autoflush=False,
        )

    @classmethod
    def for_subgraph(
        cls, settings: "Settings", subgraph: str, *, pool_size: int | None = None
    ) -> "Database":
        """The subgraph's store as `settings` configure it (DATABASE_URL, MONGODB_URL), holding
        them as the subgraph's own class makes them (`settings_of`)."""
        from subgraphs.kit.settings import subgraph_settings

        return cls(
            settings.database_url(subgraph),
            subgraph=subgraph,
            pool_size=pool_size or settings.DB_POOL_SIZE,
            documents_url=settings.documents_url(subgraph),
            settings=subgraph_settings(settings, subgraph),
        )

    @classmethod
    def of(cls, session: Any) -> "Database":
        """The database a session was opened on."""
        db: Database = session.info[DATABASE]
        return db

    @cached_property
    def event_tables(self) -> "EventTables":
        """This store's outbox, inbox and the other tables kit adds to every subgraph."""
        from subgraphs.kit.events.tables import event_tables
        from subgraphs.kit.migrations import metadata_of

        return event_tables(metadata_of(self.subgraph))

    @cached_property
    def documents(self) -> "Backend":
        """The document store of this subgraph's sessions (`kit.documents`): MongoDB when
        `documents_url` is set, else tables in this database."""
        from subgraphs.kit.documents.backends import backend_for

        return backend_for(self)

    def on_events_committed(self, callback: Callable[[], None]) -> None:
        """Call `callback` (from any thread) whenever a unit of work that published commits."""
        self._on_events.append(callback)

    def events_committed(self) -> None:
        for callback in self._on_events:
            callback()

    @asynccontextmanager
    async def session(
        self, *, owner: UUID | None, anonymous_error: AppError | None = None
    ) -> AsyncIterator[AsyncSession]:
        """The unit of work: one transaction for `owner` (None: an anonymous request, which
        may touch public tables only), committed when the block ends, rolled back if it raises.
        Store functions add, flush and query in it; they never commit."""
        async with self._sessions() as session:
            self._open(session, owner, anonymous_error)
            async with session.begin():
                yield session

    @asynccontextmanager
    async def reader(
        self, *, owner: UUID | None, anonymous_error: AppError | None = None
    ) -> AsyncIterator[AsyncSession]:
        """A session for reads only, scoped like `session()`. On PostgreSQL each statement runs
        on its own (autocommit), which saves a quarter of a small query's latency."""
        async with self._readers() as session:
            self._open(session, owner, anonymous_error)
            yield session

    @asynccontextmanager
    async def admin(self) -> AsyncIterator[AsyncSession]:
        """An unscoped unit of work, for admin tasks only (bulk import, erasing an account,
        rebuilding a read model): it sees and writes every owner's rows."""
        async with self._sessions() as session:
            session.info[UNSCOPED] = True
            session.info[DATABASE] = self
            async with session.begin():
                yield session

    async def migrate(self) -> None:
        from subgraphs.kit.migrations import upgrade

        await upgrade(self, self.subgraph)

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        if "documents" in self.__dict__:  # made: its client goes too (disposing twice is fine)
            await self.documents.dispose()
        await self.engine.dispose()
        if self.read_engine is not self.engine:
            await self.read_engine.dispose()

    def _open(
        self, session: AsyncSession, owner: UUID | None, anonymous_error: AppError | None
    ) -> None:
        session.info[DATABASE] = self
        session.info[OWNER] = owner
        if anonymous_error is not None:
            session.info[ANONYMOUS_ERROR] = anonymous_error


def settings_of(session: Any) -> "Settings":
    """The settings of the process that opened `session` (an event handler's way to reach a
    subgraph's other stores, a search index, configured like its database)."""
    db = Database.of(session)
    if db.settings is None:
        from subgraphs.kit.settings import settings

        return settings
    return db.settings


# Migrations name it `subgraphs.kit.db.UTCDateTime` (Alembic writes a type by its module).
class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and always returned timezone-aware, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    @property
    def python_type(self) -> type[datetime]:
        return datetime

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    """Now, time-zone aware, in UTC."""
    return datetime.now(UTC)
