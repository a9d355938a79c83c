"""Store sessions: units of work that commit whole or not at all, readers that refuse to write;
PostgreSQL's pools: bounded, kept, and a connection lost while idle replaced before use."""

import asyncio
import uuid

import pytest
from sqlalchemy import event, func, text
from sqlmodel import select

from subgraphs.kit import engines, ids_in, ids_param, runtime_of
from subgraphs.kit.db import Database
from subgraphs.users.models import User
from tests.conftest import POSTGRES_URL


def stranger() -> User:
    return User(email=f"{uuid.uuid4().hex}@example.com", full_name="Nobody", password_hash="x")


async def count_users(db) -> int:
    async with db.reader(owner=None) as session:
        return (await session.exec(select(func.count()).select_from(User))).one()


async def test_a_unit_of_work_commits_when_its_block_ends(users_app):
    db = runtime_of(users_app).db
    before = await count_users(db)
    async with db.session(owner=None) as session:
        session.add(stranger())
        session.add(stranger())
    assert await count_users(db) == before + 2


async def test_a_unit_of_work_that_raises_writes_nothing(users_app):
    db = runtime_of(users_app).db
    before = await count_users(db)
    with pytest.raises(RuntimeError, match="half way"):
        async with db.session(owner=None) as session:
            session.add(stranger())
            await session.flush()  # sent to the store, not yet committed
            raise RuntimeError("half way")
    assert await count_users(db) == before


async def test_a_reader_sees_committed_rows_and_refuses_to_write(users_app):
    db = runtime_of(users_app).db
    async with db.session(owner=None) as session:
        session.add(stranger())
    before = await count_users(db)
    async with db.reader(owner=None) as session:
        session.add(stranger())
        with pytest.raises(RuntimeError, match="does not write"):
            await session.commit()
    assert await count_users(db) == before


# PostgreSQL's pools (the SQLite leg has no pool to speak of): each test runs on the server's
# own `postgres` database with a `Database` of its own, and never touches a table.


@pytest.fixture
async def postgres_db():
    db = Database(f"{POSTGRES_URL}/postgres", subgraph="users", pool_size=2)
    opened: list[object] = []
    event.listen(db.read_engine.sync_engine, "connect", lambda *_: opened.append(1))
    db.opened = opened  # type: ignore[attr-defined]
    yield db
    await db.dispose()


async def backend_pid(db: Database, pause: float = 0) -> int:
    async with db.reader(owner=None) as session:
        await session.exec(text("SELECT pg_sleep(:pause)").bindparams(pause=pause))  # type: ignore[call-overload]
        return (await session.exec(text("SELECT pg_backend_pid()"))).one()[0]  # type: ignore[call-overload]


async def test_a_pool_never_opens_more_than_its_size_and_keeps_what_it_opened(postgres_db):
    await asyncio.gather(*(backend_pid(postgres_db, pause=0.05) for _ in range(8)))
    await asyncio.gather(*(backend_pid(postgres_db, pause=0.05) for _ in range(8)))
    # 16 requests, 8 at a time: they waited their turn on 2 connections, opened once
    assert len(postgres_db.opened) == 2


async def test_a_connection_lost_while_idle_is_replaced_before_a_request_uses_it(
    postgres_db, monkeypatch
):
    monkeypatch.setattr(engines, "PING_AFTER_IDLE_SECONDS", 0.0)
    lost = await backend_pid(postgres_db)
    killer = Database(f"{POSTGRES_URL}/postgres", subgraph="users", pool_size=1)
    async with killer.reader(owner=None) as other:
        await other.exec(text("SELECT pg_terminate_backend(:pid)").bindparams(pid=lost))  # type: ignore[call-overload]
    await killer.dispose()
    assert await backend_pid(postgres_db) != lost  # no error: the ping found it gone


async def test_a_connection_back_in_the_pool_a_moment_ago_is_not_pinged(postgres_db, monkeypatch):
    pings: list[object] = []
    dialect = postgres_db.read_engine.dialect
    real_ping = dialect.do_ping

    def counted_ping(connection: object) -> bool:
        pings.append(connection)
        return real_ping(connection)

    monkeypatch.setattr(dialect, "do_ping", counted_ping)
    for _ in range(5):
        await backend_pid(postgres_db)
    assert pings == []
    monkeypatch.setattr(engines, "PING_AFTER_IDLE_SECONDS", 0.0)
    await backend_pid(postgres_db)
    assert len(pings) == 1


# `kit.ids_in`: the same rows on both stores; on PostgreSQL one statement text for any number of
# ids (`= ANY(:ids)`, where an expanding IN renders a placeholder per id at every execution).

_BY_ID = select(User).where(ids_in(User.id))


async def test_ids_in_finds_each_id_given_once_however_many(users_app):
    db = runtime_of(users_app).db
    people = [stranger() for _ in range(3)]
    async with db.admin() as session:
        session.add_all(people)
    texts: list[str] = []

    def seen(_: object, __: object, statement: str, *rest: object) -> None:
        texts.append(statement)

    event.listen(db.read_engine.sync_engine, "before_cursor_execute", seen)
    try:
        found = []
        for ids in ([people[0].id], [people[1].id, people[2].id, people[1].id], [uuid.uuid4()], []):
            async with db.reader(owner=None) as session:
                rows = await session.exec(_BY_ID, params=ids_param(ids))
                found.append(sorted(user.email for user in rows))
    finally:
        event.remove(db.read_engine.sync_engine, "before_cursor_execute", seen)
    assert found == [[people[0].email], sorted([people[1].email, people[2].email]), [], []]
    if db.url.startswith("postgresql"):
        assert len(set(texts)) == 1 and "ANY" in texts[0].upper()


def test_ids_in_keeps_one_cache_key_per_column_and_reads_as_a_plain_condition():
    from sqlalchemy.dialects import sqlite

    def made(column: object) -> object:
        return select(User.id).where(ids_in(column))

    assert made(User.id)._generate_cache_key() == made(User.id)._generate_cache_key()  # type: ignore[attr-defined]
    assert made(User.id)._generate_cache_key() != made(User.email)._generate_cache_key()  # type: ignore[attr-defined]
    where = str(made(User.id).compile(dialect=sqlite.dialect())).rsplit("WHERE", 1)[1]  # type: ignore[attr-defined]
    assert where.strip() == "users.id IN (__[POSTCOMPILE_ids])"  # no "= 1" that hides the index
