"""Owner scoping by structure: a session opened for an owner sees and writes only that owner's
rows of owned tables, whatever the query forgets to say."""

import gc
import uuid

import pytest
from sqlalchemy import bindparam, delete, func, insert, literal, update
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from subgraphs.applications.models import Application, ApplicationStatus, StatusChange
from subgraphs.kit import AppError, runtime_of, scoping
from subgraphs.kit.scoping import ScopeViolation


@pytest.fixture
async def two_owners(applications_app):
    """Two owners with two applications each (and their first history steps)."""
    db = runtime_of(applications_app).db
    owners = [uuid.uuid4(), uuid.uuid4()]
    for owner in owners:
        async with db.session(owner=owner) as session:
            for company in ("One", "Two"):
                row = Application(company=company, position="Engineer")
                session.add(row)
                await session.flush()
                session.add(StatusChange(application_id=row.id, to_status=ApplicationStatus.SAVED))
    return db, owners


async def ids_of(db, owner) -> set[uuid.UUID]:
    async with db.admin() as session:
        rows = await session.exec(select(Application.id).where(Application.owner_id == owner))
        return set(rows)


async def test_reads_see_only_the_owners_rows(two_owners):
    db, (mine, theirs) = two_owners
    their_ids = await ids_of(db, theirs)
    async with db.reader(owner=mine) as session:
        # no owner filter written anywhere below
        rows = list(await session.exec(select(Application)))
        assert {row.owner_id for row in rows} == {mine} and len(rows) == 2
        count = select(func.count()).select_from(Application)
        assert await session.scalar(count) == 2
        assert await session.get(Application, next(iter(their_ids))) is None
        joined = select(StatusChange).join(
            Application, col(Application.id) == StatusChange.application_id
        )
        assert {c.owner_id for c in await session.exec(joined)} == {mine}
        inside = select(StatusChange).where(
            col(StatusChange.application_id).in_(
                select(Application.id).where(col(Application.id).in_(their_ids))
            )
        )
        assert list(await session.exec(inside)) == []


async def test_aliases_see_only_the_owners_rows(two_owners):
    db, (mine, _) = two_owners
    other = aliased(Application)
    async with db.reader(owner=mine) as session:
        assert {row.owner_id for row in await session.exec(select(other))} == {mine}
        # every pair of the owner's applications: 2 x 2, not 4 x 4
        pairs = select(Application.id, other.id).join(other, col(other.id) != None)  # noqa: E711
        assert len(list(await session.exec(pairs))) == 4


# A statement made once (as a store at module level would) and run for each owner in turn:
# its scoped form is kept with it, and must not keep the first owner.
ONE_STATEMENT = select(Application).where(col(Application.company) == bindparam("company"))


async def test_one_statement_run_for_two_owners_sees_each_ones_rows(two_owners):
    db, owners = two_owners
    for _ in range(2):
        for owner in owners:
            async with db.reader(owner=owner) as session:
                rows = list(await session.exec(ONE_STATEMENT, params={"company": "One"}))
                assert [row.owner_id for row in rows] == [owner]
    async with db.reader(owner=None) as session:
        with pytest.raises(AppError):
            await session.exec(ONE_STATEMENT, params={"company": "One"})


async def test_updates_and_deletes_touch_only_the_owners_rows(two_owners):
    db, (mine, theirs) = two_owners
    async with db.session(owner=mine) as session:
        changed = await session.exec(update(Application).values(notes="bulk"))
        assert changed.rowcount == 2
        gone = await session.exec(delete(StatusChange))
        assert gone.rowcount == 2
    async with db.reader(owner=theirs) as session:
        assert [row.notes for row in await session.exec(select(Application))] == [None, None]
        assert await session.scalar(select(func.count()).select_from(StatusChange)) == 2


async def test_new_rows_belong_to_the_session_owner(two_owners):
    db, (mine, _theirs) = two_owners
    async with db.session(owner=mine) as session:
        row = Application(company="Three", position="Engineer")
        session.add(row)
    assert row.id in await ids_of(db, mine)


@pytest.mark.parametrize("how", ["add", "bulk insert", "change owner"])
async def test_writing_someone_elses_row_is_refused(two_owners, how):
    db, (mine, theirs) = two_owners
    before = await ids_of(db, theirs)
    with pytest.raises(ScopeViolation):
        async with db.session(owner=mine) as session:
            if how == "add":
                session.add(Application(company="X", position="Y", owner_id=theirs))
            elif how == "bulk insert":
                row = {"id": uuid.uuid4(), "owner_id": theirs, "company": "X", "position": "Y",
                       "status": "SAVED", "created_at": None, "updated_at": None}  # fmt: skip
                await session.exec(insert(Application), params=[row])
            else:
                row = (await session.exec(select(Application))).first()
                row.owner_id = theirs
            await session.flush()
    assert await ids_of(db, theirs) == before


async def test_without_an_owner_owned_tables_are_out_of_reach(two_owners):
    db, _ = two_owners
    async with db.reader(owner=None) as session:
        with pytest.raises(AppError) as raised:
            await session.exec(select(Application))
        assert raised.value.code == "UNAUTHENTICATED"
        with pytest.raises(AppError):
            await session.scalar(select(func.count()).select_from(StatusChange))


async def test_the_admin_session_sees_everyone(two_owners):
    db, owners = two_owners
    async with db.admin() as session:
        found = {row.owner_id for row in await session.exec(select(Application))}
    assert set(owners) <= found


async def test_a_statement_is_not_kept_once_nothing_uses_it(two_owners):
    """The scoped form is kept per statement object, and goes when the statement goes."""
    db, (mine, _) = two_owners
    kept = len(scoping._scoped)
    async with db.reader(owner=mine) as session:
        for _ in range(50):
            await session.exec(select(Application).where(col(Application.company) == "One"))
            await session.exec(select(literal(1)))
    gc.collect()
    assert len(scoping._scoped) <= kept + 2
