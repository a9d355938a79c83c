"""A store's engines (SQLite through aiosqlite, PostgreSQL through asyncpg) and what they do on
every connection and statement: SQLite's pragmas and Unicode-aware lower(); PostgreSQL's pool,
bounded, kept and pinged after idling; text no store can keep refused; every statement counted
for the request (`kit.roundtrips`) and timed (`kit.storetiming`)."""

import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from subgraphs.kit.errors import AppError, ErrorCode
from subgraphs.kit.files import private_file
from subgraphs.kit.roundtrips import count_query
from subgraphs.kit.storetiming import time_statements


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


def private_sqlite(path: Path) -> None:
    """The SQLite file, 0600 before SQLite first opens it (its -wal and -shm files take the same
    rights), and any of the three a former version left wider narrowed."""
    private_file(path)
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            private_file(companion)  # chmod only: never an open (SQLite's POSIX locks)


def make_engine(url: str, *, subgraph: str, pool_size: int, **options: Any) -> AsyncEngine:
    """An engine on `url` for `subgraph`'s store (`options`: create_async_engine's)."""
    is_sqlite = make_url(url).get_backend_name() == "sqlite"
    if not is_sqlite:
        # Up to `pool_size` connections, opened as needed and kept: a request waits for a
        # free one rather than opening an overflow connection that is closed as soon as it
        # is returned (under load that was a PostgreSQL backend started and stopped for
        # most requests: 871 sessions for 1,500 Dashboards at 16 connections).
        options.update(pool_size=pool_size, max_overflow=0)
    engine = create_async_engine(url, **options)
    if is_sqlite:
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    else:
        _ping_when_idle(engine)
    event.listen(engine.sync_engine, "before_cursor_execute", count_query)
    event.listen(engine.sync_engine, "before_cursor_execute", _refuse_unstorable_text)
    time_statements(engine, subgraph=subgraph, system=engine.dialect.name)
    return engine
