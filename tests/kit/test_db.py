"""Store sessions: units of work that commit whole or not at all, readers that refuse to write."""

import uuid

import pytest
from sqlalchemy import func
from sqlmodel import select

from subgraphs.kit import runtime_of
from subgraphs.users.models import User


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
