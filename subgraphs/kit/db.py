"""Async store engines (SQLite through aiosqlite, PostgreSQL through asyncpg), units of work
opened for an owner (see `kit.scoping`), and query counting."""

import time
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from sqlalchemy import (
    Boolean,
    ColumnElement,
    DateTime,
    TypeDecorator,
    bindparam,
    event,
    exc,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import coercions, roles
from sqlalchemy.sql.visitors import InternalTraversal
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit.errors import AppError, ErrorCode
from subgraphs.kit.files import private_file
from subgraphs.kit.scoping import ANONYMOUS_ERROR, OWNER, UNSCOPED, ScopedSession
from subgraphs.kit.storetiming import time_statements

if TYPE_CHECKING:
    from subgraphs.kit.documents.port import Backend
    from subgraphs.kit.events.tables import EventTables
    from subgraphs.kit.settings import Settings

DATABASE = "database"  # session.info: the Database it was opened on


class QueryCounter:
    """Store round trips made while handling one request."""

    __slots__ = ("count",)

    def __init__(self) -> None:
        self.count = 0


# SQLAlchemy runs the driver in a greenlet that shares the calling task's context,
# so the counter set by the request is the one the engine event sees.
current_query_counter: ContextVar[QueryCounter | None] = ContextVar("query_counter", default=None)


def count_round_trip() -> None:
    """Count one store round trip for the current request (stores other than SQL call it)."""
    counter = current_query_counter.get()
    if counter is not None:
        counter.count += 1


def _count_query(*_: Any) -> None:
    count_round_trip()


def _unicode_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _text_problem(value: str) -> str | None:
    if "\x00" in value:
        return "Text must not contain the NUL character (U+0000)."
    if not value.isascii():
        try:
            value.encode()
        except UnicodeEncodeError:
            return "Text must not contain a lone surrogate (U+D800 to U+DFFF)."
    return None


def _refuse_unstorable_text(_: Any, __: Any, ___: str, parameters: Any, *rest: Any) -> None:
    """Every string a statement binds, whatever path brought it from the client (a filter, an
    argument, an input), is refused with BAD_USER_INPUT when neither store can keep it
    (PostgreSQL refuses NUL; no UTF-8 encodes a lone surrogate): never an unexpected error."""
    rows = parameters if isinstance(parameters, list) else [parameters]
    for row in rows:
        values = row.values() if isinstance(row, dict) else row or ()
        for value in values:
            if isinstance(value, str) and (problem := _text_problem(value)):
                raise AppError(ErrorCode.BAD_USER_INPUT, problem)


def _sqlite_pragmas(dbapi_connection: Any, _: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
    # SQLite's own lower() folds ASCII only; PostgreSQL's folds every letter. Searches that
    # compare lower(column) with a lower-cased needle behave the same on both with this.
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)


# A pooled connection idle for this long is pinged before it is handed out, and replaced if
# the server has dropped it (a PostgreSQL restart, an idle timeout on the way).
PING_AFTER_IDLE_SECONDS = 1.0
_IDLE_SINCE = "idle_since"  # connection record's info: when it was last returned to the pool


def _ping_when_idle(engine: AsyncEngine) -> None:
    """SQLAlchemy's `pool_pre_ping`, for connections that sat idle only. A ping before every
    checkout cost each subgraph call a round trip (three on the writer's engine: BEGIN, the
    ping, ROLLBACK) and 5-8 % of its CPU under load, where connections go back and forth in
    milliseconds. A connection lost while busy fails its statement, and SQLAlchemy then
    invalidates the whole pool: the next checkouts reconnect."""
    dialect = engine.dialect

    @event.listens_for(engine.sync_engine, "checkin")
    def returned(_: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def handed_out(dbapi_connection: Any, record: Any, _: Any) -> None:
        since = record.info.get(_IDLE_SINCE)
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:
            # The pool discards this connection and hands out another (a fresh one if need be).
            raise exc.DisconnectionError("the pooled connection was lost") from error


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
            _private_sqlite(Path(parsed.database))
        self.engine = self._engine(pool_size)
        # PostgreSQL reads have their own pool in autocommit mode: no BEGIN and ROLLBACK
        # round trips. SQLite's are in-process, and a second engine would not share :memory:.
        self.read_engine = (
            self.engine if self.is_sqlite else self._engine(pool_size, isolation_level="AUTOCOMMIT")
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

    def _engine(self, pool_size: int, **options: Any) -> AsyncEngine:
        if not self.is_sqlite:
            # Up to `pool_size` connections, opened as needed and kept: a request waits for a
            # free one rather than opening an overflow connection that is closed as soon as it
            # is returned (under load that was a PostgreSQL backend started and stopped for
            # most requests: 871 sessions for 1,500 Dashboards at 16 connections).
            options.update(pool_size=pool_size, max_overflow=0)
        engine = create_async_engine(self.url, **options)
        if self.is_sqlite:
            event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        else:
            _ping_when_idle(engine)
        event.listen(engine.sync_engine, "before_cursor_execute", _count_query)
        event.listen(engine.sync_engine, "before_cursor_execute", _refuse_unstorable_text)
        time_statements(engine, subgraph=self.subgraph, system=engine.dialect.name)
        return engine

    @classmethod
    def for_subgraph(
        cls, settings: "Settings", subgraph: str, *, pool_size: int | None = None
    ) -> "Database":
        """The subgraph's store as `settings` configure it (DATABASE_URL, MONGODB_URL)."""
        return cls(
            settings.database_url(subgraph),
            subgraph=subgraph,
            pool_size=pool_size or settings.DB_POOL_SIZE,
            documents_url=settings.documents_url(subgraph),
            settings=settings,
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


def _private_sqlite(path: Path) -> None:
    """The SQLite file, 0600 before SQLite first opens it (its -wal and -shm files take the same
    rights), and any of the three a former version left wider narrowed."""
    private_file(path)
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            private_file(companion)  # chmod only: never an open (SQLite's POSIX locks)


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


IDS = "ids"


class _IdsIn(ColumnElement[bool]):
    """`column IN (:ids)` for most stores; on PostgreSQL `column = ANY(:ids)`, the ids one
    array parameter. An expanding IN is rendered again at every execution, one placeholder per
    id, so PostgreSQL (asyncpg) also prepares a statement per number of ids; ANY's text never
    changes."""

    inherit_cache = True
    type = Boolean()
    _is_implicitly_boolean = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: Any) -> None:
        self.column = coercions.expect(roles.ExpressionElementRole, column)
        self._propagate_attrs = self.column._propagate_attrs  # ORM-enabled when the column is


@compiles(_IdsIn)
def _ids_in(element: _IdsIn, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.column.in_(bindparam(IDS, expanding=True)), **kw)  # type: ignore[no-any-return]


@compiles(_IdsIn, "postgresql")
def _ids_any(element: _IdsIn, compiler: Any, **kw: Any) -> str:
    ids = bindparam(IDS, type_=ARRAY(element.column.type))
    return compiler.process(element.column == func.any(ids), **kw)  # type: ignore[no-any-return]


def ids_in(column: Any) -> ColumnElement[bool]:
    """`column IN (:ids)`, the ids given when the statement runs (`session.exec(statement,
    params=ids_param(ids))`). For a statement made once, at module level: its owner-scoped form
    and its cache key are then made once too, not on every call (a third of a small read's CPU).
    On PostgreSQL it is `column = ANY(:ids)`: one statement text whatever the number of ids."""
    return _IdsIn(column)


def ids_param(ids: Iterable[Any]) -> dict[str, list[Any]]:
    """The parameters of a statement made with `ids_in`: each id once."""
    return {IDS: list(set(ids))}


def contains_param(expression: Any, name: str) -> ColumnElement[bool]:
    """`expression LIKE :name ESCAPE '/'`, for a statement made once: run it with
    `{name: contains_pattern(text)}` (what `expression.contains(text, autoescape=True)` is)."""
    return expression.like(bindparam(name), escape="/")  # type: ignore[no-any-return]


def contains_pattern(text: str) -> str:
    """The LIKE pattern of "contains `text`": its `/`, `%` and `_` escaped with `/`."""
    escaped = text.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"
