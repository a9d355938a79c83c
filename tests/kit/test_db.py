"""Store sessions: transactional ones for writes, autocommit readers that refuse to write."""

import uuid

import pytest
from sqlalchemy import func
from sqlmodel import select

from subgraphs.users.models import User


def stranger() -> User:
    return User(email=f"{uuid.uuid4().hex}@example.com", full_name="Nobody", password_hash="x")


async def count_users(db) -> int:
    async with db.reader() as session:
        return (await session.exec(select(func.count()).select_from(User))).one()


async def test_a_reader_sees_committed_rows_and_refuses_to_write(users_app):
    db = users_app.state.db
    async with db.session() as session:
        session.add(stranger())
        await session.commit()
    before = await count_users(db)
    assert before >= 1
    async with db.reader() as session:
        session.add(stranger())
        with pytest.raises(RuntimeError, match="does not write"):
            await session.commit()
    assert await count_users(db) == before
