"""The document port's contract, the same on every backend (see conftest.py): owner scoping by
structure, put/get/delete, pages newest first with cursors, text search, key matches, admin
lookups across owners, erasure, one round trip per call."""

import asyncio
import uuid

import pytest
from sqlalchemy import inspect

from subgraphs.kit import AppError, Where, admin_documents, documents
from subgraphs.kit.events.outbox import NotInAUnitOfWork
from subgraphs.kit.roundtrips import QueryCounter, current_query_counter
from subgraphs.kit.scoping import ScopeViolation
from tests.kit.documents.conftest import NOTES, Note


async def put(db, owner, *notes: Note) -> list[Note]:
    async with db.session(owner=owner) as session:
        return [await documents(session, NOTES).put(note) for note in notes]


async def mine(db, owner, where=None, *, first=100, after=None):
    async with db.reader(owner=owner) as session:
        return await documents(session, NOTES).page(where or Where(), first=first, after=after)


async def titles(db, owner, where=None) -> list[str]:
    return [note.title for note in (await mine(db, owner, where)).rows]


async def matching(db, owner, where) -> list[str]:
    """The titles in alphabetical order (notes put together may share their millisecond)."""
    return sorted(await titles(db, owner, where))


@pytest.fixture
def owner() -> uuid.UUID:
    return uuid.uuid4()


@pytest.fixture
def other() -> uuid.UUID:
    return uuid.uuid4()


async def test_a_document_comes_back_as_it_was_put(db, owner):
    ref = uuid.uuid4()
    [stored] = await put(
        db, owner, Note(title="Café", tags=["a", "b"], ref=ref, pinned=True, extra={"x": [1, 2]})
    )
    assert stored.owner_id == owner
    async with db.reader(owner=owner) as session:
        assert await documents(session, NOTES).get(stored.id) == stored


async def test_an_owner_sees_only_their_own_documents(db, owner, other):
    [theirs] = await put(db, other, Note(title="Theirs"))
    [own] = await put(db, owner, Note(title="Own"))
    async with db.reader(owner=owner) as session:
        handle = documents(session, NOTES)
        assert await handle.get(theirs.id) is None
        assert await handle.get_many([theirs.id, own.id]) == {own.id: own}
        assert await handle.count(Where()) == 1
    async with db.admin() as session:
        everyone = admin_documents(session, NOTES)
        assert set(await everyone.get_many([theirs.id, own.id])) == {theirs.id, own.id}


async def test_put_replaces_its_own_document_and_never_anothers(db, owner, other):
    [note] = await put(db, owner, Note(title="First", tags=["x"]))
    [changed] = await put(db, owner, note.model_copy(update={"title": "Second", "tags": []}))
    assert changed.created_at == note.created_at and changed.updated_at >= note.updated_at
    async with db.reader(owner=owner) as session:
        assert await documents(session, NOTES).get(note.id) == changed
    with pytest.raises(ScopeViolation):  # the same id, put by someone else
        await put(db, other, Note(id=note.id, title="Hijacked"))
    with pytest.raises(ScopeViolation):  # a document naming another owner
        await put(db, other, changed)
    assert await titles(db, owner) == ["Second"]


async def test_delete_removes_only_the_owners_document(db, owner, other):
    [note] = await put(db, owner, Note(title="Mine"))
    async with db.session(owner=other) as session:
        assert await documents(session, NOTES).delete(note.id) is False
    assert await titles(db, owner) == ["Mine"]
    async with db.session(owner=owner) as session:
        assert await documents(session, NOTES).delete(note.id) is True
        assert await documents(session, NOTES).delete(note.id) is False
    assert await titles(db, owner) == []


async def test_pages_are_newest_first_and_cursors_go_on_where_they_stopped(db, owner):
    made = []
    for n in range(7):
        made += await put(db, owner, Note(title=f"Note {n}"))
        await asyncio.sleep(0.002)  # distinct creation times (a tie is ordered by id)
    first = await mine(db, owner, first=3)
    assert [n.title for n in first.rows] == ["Note 6", "Note 5", "Note 4"] and first.has_next
    await put(db, owner, Note(title="Newer"))  # does not shift the next page
    second = await mine(db, owner, first=3, after=first.cursors[-1])
    assert [n.title for n in second.rows] == ["Note 3", "Note 2", "Note 1"]
    last = await mine(db, owner, first=3, after=second.cursors[-1])
    assert [n.title for n in last.rows] == ["Note 0"] and not last.has_next


async def test_notes_with_the_same_moment_are_ordered_by_id(db, owner):
    moment = Note(title="x").created_at
    notes = [Note(title=f"Same {n}", created_at=moment) for n in range(4)]
    await put(db, owner, *notes)
    expected = [n.title for n in sorted(notes, key=lambda n: n.id, reverse=True)]
    page = await mine(db, owner, first=2)
    rest = await mine(db, owner, first=2, after=page.cursors[-1])
    assert [n.title for n in page.rows + rest.rows] == expected


async def test_text_search_is_a_case_insensitive_substring_of_the_text_fields(db, owner):
    await put(
        db,
        owner,
        Note(title="Émile Zola", company="Les Éditions"),
        Note(title="Ada", company="Analytical ENGINES"),
        Note(title="100% sure_thing"),
        Note(title="Plain", tags=["engine"]),  # tags are not a text field
    )
    assert await matching(db, owner, Where(text="engine")) == ["Ada"]
    assert await matching(db, owner, Where(text="émile")) == ["Émile Zola"]
    assert await matching(db, owner, Where(text="ÉDITIONS")) == ["Émile Zola"]
    assert await matching(db, owner, Where(text="0% s")) == ["100% sure_thing"]
    assert await matching(db, owner, Where(text="%")) == ["100% sure_thing"]
    assert await matching(db, owner, Where(text="100_")) == []  # `_` is no wildcard
    assert await matching(db, owner, Where(text="zola", text_fields=["company"])) == []


async def test_keys_match_values_and_lists_that_hold_them(db, owner):
    ref = uuid.uuid4()
    await put(
        db,
        owner,
        Note(title="A", tags=["red", "blue"], kind="memo", ref=ref),
        Note(title="B", tags=["blue"], pinned=True),
        Note(title="C"),
    )
    assert await matching(db, owner, Where(equal={"tags": "blue"})) == ["A", "B"]
    assert await matching(db, owner, Where(equal={"tags": "red", "kind": "memo"})) == ["A"]
    assert await matching(db, owner, Where(equal={"ref": ref})) == ["A"]
    assert await matching(db, owner, Where(equal={"ref": None})) == ["B", "C"]
    assert await matching(db, owner, Where(equal={"pinned": True})) == ["B"]
    assert await matching(db, owner, Where(equal={"pinned": False})) == ["A", "C"]
    assert await matching(db, owner, Where(any_of={"kind": ["memo", "other"]})) == ["A"]
    assert await matching(db, owner, Where(any_of={"tags": ["red", "green"]})) == ["A"]
    assert await matching(db, owner, Where(any_of={"tags": []})) == []
    with pytest.raises(ValueError, match="not a key"):
        await matching(db, owner, Where(equal={"title": "A"}))


async def test_an_admin_lookup_finds_every_owners_matches(db, owner, other):
    tag = uuid.uuid4().hex
    await put(db, owner, Note(title="Mine", tags=[tag]))
    await put(db, other, Note(title="Theirs", tags=["x", tag]), Note(title="Not this"))
    async with db.admin() as session:
        found = await admin_documents(session, NOTES).find(Where(equal={"tags": tag}))
        assert {(n.title, n.owner_id) for n in found} == {("Mine", owner), ("Theirs", other)}
        only = await admin_documents(session, NOTES).find(Where(owners=[other]))
        assert sorted(n.title for n in only) == ["Not this", "Theirs"]
    async with db.reader(owner=owner) as session:  # an owner's handle stays theirs
        found = await documents(session, NOTES).find(Where(equal={"tags": tag}))
        assert [n.title for n in found] == ["Mine"]


async def test_an_admin_handle_writes_documents_that_name_their_owner(db, owner):
    async with db.admin() as session:
        handle = admin_documents(session, NOTES)
        with pytest.raises(ScopeViolation):
            await handle.put(Note(title="Nobody's"))
        await handle.put(Note(title="Given", owner_id=owner))
    assert await titles(db, owner) == ["Given"]


async def test_erasing_an_owner_removes_their_documents_only(db, owner, other):
    await put(db, owner, Note(title="Gone"), Note(title="Gone too"))
    await put(db, other, Note(title="Kept"))
    async with db.admin() as session:
        await db.documents.erase_owner(session, owner, [NOTES])
    assert await titles(db, owner) == []
    assert await titles(db, other) == ["Kept"]


async def test_writes_need_a_unit_of_work_and_handles_an_owner(db, owner):
    async with db.reader(owner=owner) as session:
        with pytest.raises(NotInAUnitOfWork):
            await documents(session, NOTES).put(Note(title="Read-only"))
    async with db.reader(owner=None) as session:
        with pytest.raises(AppError) as refused:
            documents(session, NOTES)
        assert refused.value.code == "UNAUTHENTICATED"


async def test_a_refused_unit_of_work_writes_nothing_on_sql(db, owner):
    if db.documents.own_server:
        pytest.skip("MongoDB writes at once, before the unit of work commits (docs: Documents)")
    with pytest.raises(RuntimeError):
        async with db.session(owner=owner) as session:
            await documents(session, NOTES).put(Note(title="Rolled back"))
            raise RuntimeError("refused after the write")
    assert await titles(db, owner) == []


async def test_each_call_is_one_round_trip_whatever_the_rows(db, owner):
    made = await put(db, owner, *(Note(title=f"N{n}", tags=["t"]) for n in range(120)))
    counter = QueryCounter()
    token = current_query_counter.set(counter)
    try:
        async with db.reader(owner=owner) as session:
            handle = documents(session, NOTES)
            assert len(await handle.get_many([n.id for n in made])) == 120
            assert counter.count == 1
            page = await handle.page(Where(equal={"tags": "t"}, text="n"), first=100, after=None)
            assert len(page.rows) == 100 and counter.count == 2
            assert await handle.count(Where(equal={"tags": "t"})) == 120 and counter.count == 3
    finally:
        current_query_counter.reset(token)


async def test_migrations_compare_clean_with_the_postgresql_only_index(db):
    """Alembic's autogenerate leaves the GIN index to PostgreSQL (`ddl_if`), so a subgraph's
    migrations match its models on both SQL legs (`tests/kit/test_migrations.py`)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from subgraphs.kit.migrations import include_object
    from tests.kit.documents.conftest import metadata

    def differences(connection):
        options = {"compare_type": True, "include_object": include_object(connection.dialect.name)}
        context = MigrationContext.configure(connection, opts=options)
        return compare_metadata(context, metadata)

    async with db.engine.connect() as connection:
        assert await connection.run_sync(differences) == []
        indexes = await connection.run_sync(
            lambda sync: {i["name"] for i in inspect(sync).get_indexes(NOTES.name)}
        )
    expected = {f"ix_{NOTES.name}_owner_created"}
    if not db.is_sqlite:
        expected.add(f"ix_{NOTES.name}_body")
    assert indexes == expected
