"""The embedded profile's index: SQLite FTS5 in a file of its own (DATA_DIR/search-index.db).

A plain table keeps the entries (key, kind, owner, public, text fields, refs as JSON); an
external-content FTS5 table indexes their text (unicode61 tokens, diacritics folded), kept in
step by triggers. A query is every word of the search as a prefix (`"word"*`), ranked by bm25;
`snippet()` marks the matches. One connection per call (kept for the next ones), on a thread
(SQLite's calls block): nothing ties the index to an event loop, so the host's requests and its
consumer threads share it. Several processes may share the file (WAL) on one machine;
production uses Meilisearch.
"""

import asyncio
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar
from uuid import UUID

from subgraphs.kit import private_file
from subgraphs.search.index.port import (
    ELLIPSIS,
    FIELDS,
    MARK_END,
    MARK_START,
    REFS,
    SNIPPET_WORDS,
    Entry,
    Hit,
    Kind,
    clean,
    highlight,
    kept,
    terms,
)

T = TypeVar("T")
COLUMNS = [f"f_{name.lower()}" for name in FIELDS]  # SQL column of each field
# Indexed too, last: who may find the entry, as tokens ("o<owner's hex>", and "public" when it
# is), so a search matches the viewer's and public entries inside FTS5 instead of ranking
# every owner's matches and dropping all but the viewer's afterwards.
SCOPE = "scope"
_INDEXED = [*COLUMNS, SCOPE]
_OLD = ", ".join(f"old.{c}" for c in _INDEXED)
_NEW = ", ".join(f"new.{c}" for c in _INDEXED)
_LIST = ", ".join(_INDEXED)
_TABLE = f"""
CREATE TABLE IF NOT EXISTS entries (
    rowid INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    public INTEGER NOT NULL,
    {", ".join(f"{c} TEXT NOT NULL DEFAULT ''" for c in COLUMNS)},
    refs TEXT NOT NULL DEFAULT '{{}}',
    {SCOPE} TEXT NOT NULL DEFAULT ''
)"""
_TEXT = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS entries_text USING fts5(
    {_LIST}, content='entries', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
)"""
_TRIGGERS = {
    "entries_added": f"""AFTER INSERT ON entries BEGIN
    INSERT INTO entries_text (rowid, {_LIST}) VALUES (new.rowid, {_NEW});
END""",
    "entries_removed": f"""AFTER DELETE ON entries BEGIN
    INSERT INTO entries_text (entries_text, rowid, {_LIST}) VALUES ('delete', old.rowid, {_OLD});
END""",
    "entries_changed": f"""AFTER UPDATE ON entries BEGIN
    INSERT INTO entries_text (entries_text, rowid, {_LIST}) VALUES ('delete', old.rowid, {_OLD});
    INSERT INTO entries_text (rowid, {_LIST}) VALUES (new.rowid, {_NEW});
END""",
}
SCHEMA = [
    _TABLE,
    "CREATE INDEX IF NOT EXISTS entries_owner ON entries (owner_id)",
    _TEXT,
    *(f"CREATE TRIGGER IF NOT EXISTS {name} {body}" for name, body in _TRIGGERS.items()),
]
# Older index files gain what they lack, in migrate(): refs (contacts' links come with each
# one's next event, or at once from `scripts/task search:reindex`), and the scope, which needs
# the FTS5 table made again and rebuilt from the entries.
_ADD_REFS = "ALTER TABLE entries ADD COLUMN refs TEXT NOT NULL DEFAULT '{}'"
_ADD_SCOPE = f"ALTER TABLE entries ADD COLUMN {SCOPE} TEXT NOT NULL DEFAULT ''"
_PUT = f"""
INSERT INTO entries (key, kind, entity_id, owner_id, public, {", ".join(COLUMNS)}, refs, {SCOPE})
VALUES (?, ?, ?, ?, ?, {", ".join("?" for _ in COLUMNS)}, ?, ?)
ON CONFLICT (key) DO UPDATE SET owner_id = excluded.owner_id, public = excluded.public,
    {", ".join(f"{c} = excluded.{c}" for c in COLUMNS)}, refs = excluded.refs,
    {SCOPE} = excluded.{SCOPE}
"""
_SNIPPETS = ", ".join(
    f"snippet(entries_text, {i}, '{MARK_START}', '{MARK_END}', '{ELLIPSIS}', {SNIPPET_WORDS})"
    for i in range(len(COLUMNS))
)
# bm25 over the text columns; the scope weighs nothing
_RANK = f"bm25(entries_text, {', '.join('1' for _ in COLUMNS)}, 0)"


def scope_of(owner_id: UUID, public: bool) -> str:
    """The scope tokens of an entry."""
    return f"o{owner_id.hex}" + (" public" if public else "")


def match_expression(query: str) -> str:
    """Every word, quoted (nothing the user types is FTS5 syntax), as a prefix; all required."""
    return " ".join('"' + term.replace('"', '""') + '"*' for term in terms(query))


def _match(query: str, viewer: UUID) -> str:
    """The query's words in the text columns, in entries the viewer may find."""
    words = match_expression(query)
    if not words:
        return ""
    return f'{{{" ".join(COLUMNS)}}} : ({words}) AND {SCOPE} : ("o{viewer.hex}" OR "public")'


KEEP_CONNECTIONS = 4  # idle connections kept for the next calls (more at once are opened)


class FtsIndex:
    name = "search"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.path, timeout=10, isolation_level=None, check_same_thread=False
        )
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA busy_timeout=10000")
        return connection

    def _take(self) -> sqlite3.Connection:
        """An idle connection, or a new one. Kept ones have read the schema and started FTS5
        already: on a new connection that cost more than the search itself (about 1 ms)."""
        with self._lock:
            if self._pid != os.getpid():  # a forked child: the parent's connections are not ours
                self._idle, self._pid = [], os.getpid()
            if self._idle:
                return self._idle.pop()
        return self._connect()

    def _give(self, connection: sqlite3.Connection) -> None:
        with self._lock:
            if self._pid == os.getpid() and len(self._idle) < KEEP_CONNECTIONS:
                self._idle.append(connection)
                return
        connection.close()

    async def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        def call() -> T:
            connection = self._take()  # used by one call at a time, on whichever thread
            try:
                result = work(connection)
            except BaseException:
                connection.close()  # in an unknown state (a transaction left open?)
                raise
            self._give(connection)
            return result

        return await asyncio.to_thread(call)

    async def migrate(self) -> None:
        def migrate(connection: sqlite3.Connection) -> None:
            connection.execute("BEGIN IMMEDIATE")  # one process at a time; all or nothing
            for statement in SCHEMA:
                connection.execute(statement)
            entries = _columns(connection, "entries")
            if "refs" not in entries:
                connection.execute(_ADD_REFS)
            if SCOPE not in _columns(connection, "entries_text"):
                # The old triggers and FTS5 table first: updating the scopes under them would
                # rewrite the whole old index, row by row, just before it is dropped.
                for name in _TRIGGERS:
                    connection.execute(f"DROP TRIGGER {name}")
                connection.execute("DROP TABLE entries_text")
                if SCOPE not in entries:
                    connection.execute(_ADD_SCOPE)
                rows = connection.execute("SELECT rowid, owner_id, public FROM entries")
                scopes = [(scope_of(UUID(owner), bool(public)), rowid)
                          for rowid, owner, public in rows.fetchall()]  # fmt: skip
                connection.executemany(f"UPDATE entries SET {SCOPE} = ? WHERE rowid = ?", scopes)
                connection.execute(_TEXT)
                for name, body in _TRIGGERS.items():
                    connection.execute(f"CREATE TRIGGER {name} {body}")
                connection.execute("INSERT INTO entries_text (entries_text) VALUES ('rebuild')")
            connection.execute("COMMIT")

        private_file(self.path)
        await self._run(migrate)

    async def ping(self) -> None:
        await self._run(lambda c: c.execute("SELECT count(*) FROM entries_text").fetchone())

    async def dispose(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()

    async def put(self, entry: Entry) -> None:
        await self._run(lambda c: c.execute(_PUT, _row(entry)))

    async def put_many(self, entries: Sequence[Entry]) -> None:
        """Every entry in one transaction (`put` commits each: thousands take a minute), the
        write lock taken first, as other processes may write too. For bulk loads (the bench)."""
        rows = [_row(entry) for entry in entries]

        def put_all(connection: sqlite3.Connection) -> None:
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany(_PUT, rows)
            connection.execute("COMMIT")

        await self._run(put_all)

    async def delete(self, kind: Kind, id: UUID) -> None:
        key = f"{kind.value}-{id}"
        await self._run(lambda c: c.execute("DELETE FROM entries WHERE key = ?", (key,)))

    async def delete_owner(self, owner_id: UUID) -> None:
        owner = str(owner_id)
        await self._run(lambda c: c.execute("DELETE FROM entries WHERE owner_id = ?", (owner,)))

    async def clear(self) -> None:
        await self._run(lambda c: c.execute("DELETE FROM entries"))

    async def search(
        self, query: str, *, viewer: UUID, kinds: Sequence[Kind], limit: int
    ) -> list[Hit]:
        expression = _match(query, viewer)
        if not expression or not kinds:
            return []
        # The scope in the match keeps the rows ranked to the viewer's and public ones; the
        # same rule on the entries' own columns is the guarantee.
        statement = f"""
            SELECT e.kind, e.entity_id, {", ".join(f"e.{c}" for c in COLUMNS)}, e.refs,
                   {_SNIPPETS}
            FROM entries_text JOIN entries AS e ON e.rowid = entries_text.rowid
            WHERE entries_text MATCH ? AND (e.owner_id = ? OR e.public)
              AND e.kind IN ({", ".join("?" for _ in kinds)})
            ORDER BY {_RANK} LIMIT ?"""
        parameters = (expression, str(viewer), *(k.value for k in kinds), limit)
        rows = await self._run(lambda c: c.execute(statement, parameters).fetchall())
        return [_hit(row) for row in rows]


def _columns(connection: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}


def _row(entry: Entry) -> tuple[object, ...]:
    """An entry as `_PUT`'s parameters."""
    texts = [clean(entry.fields.get(name)) for name in FIELDS]
    refs = json.dumps(kept(entry.refs, REFS))
    return (entry.key, entry.kind.value, str(entry.id), str(entry.owner_id), entry.public,
            *texts, refs, scope_of(entry.owner_id, entry.public))  # fmt: skip


def _hit(row: tuple[str, ...]) -> Hit:
    kind, entity_id, *rest = row
    texts, refs, snippets = rest[: len(FIELDS)], rest[len(FIELDS)], rest[len(FIELDS) + 1 :]
    found = (highlight(name, text) for name, text in zip(FIELDS, snippets, strict=True))
    return Hit(
        Kind(kind),
        UUID(entity_id),
        tuple(h for h in found if h is not None),
        fields=kept(dict(zip(FIELDS, texts, strict=True)), FIELDS),
        refs=kept(json.loads(refs), REFS),
    )
