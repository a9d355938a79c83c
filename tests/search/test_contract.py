"""The search index port's contract: the same promises from SQLite FTS5 (always) and from
Meilisearch (only with MEILI_URL: no Meilisearch server can run on this machine)."""

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from subgraphs.search.index import Entry, Kind, SearchIndex
from subgraphs.search.index.fts import FtsIndex
from subgraphs.search.index.meili import MeiliIndex
from subgraphs.search.index.port import MARK_START

MEILI_URL = os.environ.get("MEILI_URL")
ALL = list(Kind)


@pytest.fixture(params=["fts5", "meilisearch"])
async def index(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[SearchIndex]:
    made: SearchIndex
    if request.param == "fts5":
        made = FtsIndex(tmp_path / "search-index.db")
    else:
        if not MEILI_URL:
            pytest.skip("Meilisearch leg: set MEILI_URL (no Meilisearch server runs here)")
        key = os.environ.get("MEILI_API_KEY")
        uid = f"jt-test-{uuid.uuid4().hex[:8]}"
        made = MeiliIndex(MEILI_URL, api_key=key, uid=uid, timeout_ms=10_000)
    await made.migrate()
    await made.migrate()  # idempotent
    yield made
    if isinstance(made, MeiliIndex):
        made.client.delete_index(made.uid)
    await made.dispose()


def application(owner: uuid.UUID, **fields: str) -> Entry:
    texts = {"company": "Acme", "position": "Backend Engineer", **fields}
    return Entry(Kind.APPLICATION, uuid.uuid4(), owner, False, texts)


def profile(user: uuid.UUID, public: bool = True, **fields: str) -> Entry:
    return Entry(Kind.USER, user, user, public, {"fullName": "Grace Hopper", **fields})


async def ids(index: SearchIndex, query: str, viewer: uuid.UUID, kinds=ALL, limit=20):
    return [hit.id for hit in await index.search(query, viewer=viewer, kinds=kinds, limit=limit)]


async def test_finds_by_any_field_and_word_prefixes(index):
    owner = uuid.uuid4()
    entry = application(owner, company="Initech Systems", location="Zürich", notes="met Bob")
    await index.put(entry)
    for query in ("initech", "INIT", "backend eng", "zurich", "Zür", "bob", "syst initech"):
        assert await ids(index, query, owner) == [entry.id], query
    assert await ids(index, "initech frontend", owner) == []  # every word must match


async def test_owner_scoping_and_public_entries(index):
    alice, bob = uuid.uuid4(), uuid.uuid4()
    private = application(alice, company="Umbrella")
    mine = profile(alice, fullName="Umbrella Fan")
    await index.put(private)
    await index.put(mine)
    assert set(await ids(index, "umbrella", alice)) == {private.id, mine.id}
    assert await ids(index, "umbrella", bob) == [mine.id]
    await index.put(profile(alice, public=False, fullName="Umbrella Fan"))
    assert await ids(index, "umbrella", bob) == []
    assert set(await ids(index, "umbrella", alice)) == {private.id, mine.id}


async def test_kinds_and_limit(index):
    owner = uuid.uuid4()
    entries = [application(owner, company=f"Globex {n}") for n in range(5)]
    contact = Entry(Kind.CONTACT, uuid.uuid4(), owner, False, {"name": "Hank", "company": "Globex"})
    for entry in [*entries, contact]:
        await index.put(entry)
    assert await ids(index, "globex", owner, kinds=[Kind.CONTACT]) == [contact.id]
    assert len(await ids(index, "globex", owner, kinds=[Kind.APPLICATION])) == 5
    assert len(await ids(index, "globex", owner, limit=2)) == 2


async def test_put_replaces_and_delete_removes(index):
    owner = uuid.uuid4()
    entry = application(owner, company="Hooli")
    await index.put(entry)
    moved = Entry(entry.kind, entry.id, owner, False, {"company": "Pied Piper"})
    await index.put(moved)
    assert await ids(index, "hooli", owner) == []
    assert await ids(index, "pied", owner) == [entry.id]
    await index.delete(Kind.APPLICATION, entry.id)
    await index.delete(Kind.APPLICATION, entry.id)  # twice is fine
    assert await ids(index, "pied", owner) == []


async def test_delete_owner_and_clear(index):
    alice, bob = uuid.uuid4(), uuid.uuid4()
    await index.put(application(alice, company="Vandelay"))
    await index.put(profile(alice, fullName="Vandelay Alice"))
    kept = application(bob, company="Vandelay")
    await index.put(kept)
    await index.delete_owner(alice)
    assert await ids(index, "vandelay", alice) == []
    assert await ids(index, "vandelay", bob) == [kept.id]
    await index.clear()
    assert await ids(index, "vandelay", bob) == []


async def test_highlights_mark_what_matched_and_nothing_else(index):
    owner = uuid.uuid4()
    notes = " ".join(["filler"] * 60 + ["kubernetes", "migration"] + ["filler"] * 60)
    await index.put(application(owner, company="Wayne Enterprises", notes=notes))
    [hit] = await index.search("kube", viewer=owner, kinds=ALL, limit=5)
    [highlight] = hit.highlights
    assert highlight.field == "notes"
    matched = [f.text for f in highlight.fragments if f.matched]
    assert [m.lower() for m in matched] == ["kube"] or [m.lower() for m in matched] == [
        "kubernetes"
    ]
    assert len(highlight.snippet) < len(notes) and "…" in highlight.snippet
    [hit] = await index.search("wayne", viewer=owner, kinds=ALL, limit=5)
    assert [(h.field, h.snippet) for h in hit.highlights] == [("company", "Wayne Enterprises")]


async def test_text_cannot_fake_a_match_or_query_syntax(index):
    owner = uuid.uuid4()
    entry = application(owner, company=f"Evil{MARK_START}Corp", notes='a "quoted" OR NEAR(x)')
    await index.put(entry)
    [hit] = await index.search("evilcorp", viewer=owner, kinds=ALL, limit=5)
    assert [f.text for f in hit.highlights[0].fragments if f.matched] in (["EvilCorp"],)
    for query in ('"quoted"', "OR NEAR(x", "x)", "* ^ -", 'a"'):
        await index.search(query, viewer=owner, kinds=ALL, limit=5)  # never a syntax error
    assert await ids(index, 'quoted" OR', owner) == [entry.id]


async def test_hits_carry_the_entry_fields_and_refs_as_indexed(index):
    owner, linked = uuid.uuid4(), uuid.uuid4()
    entry = application(owner, company="Cyberdyne", status="OFFER", notes=f"a{MARK_START}b")
    contact = Entry(Kind.CONTACT, uuid.uuid4(), owner, False,
                    {"name": "Miles Dyson", "company": "Cyberdyne"}, {"linkedUser": str(linked)})  # fmt: skip
    await index.put(entry)
    await index.put(contact)
    hits = {
        hit.id: hit for hit in await index.search("cyberdyne", viewer=owner, kinds=ALL, limit=5)
    }
    assert hits[entry.id].fields == {"company": "Cyberdyne", "position": "Backend Engineer",
                                     "status": "OFFER", "notes": "ab"}  # fmt: skip
    assert hits[entry.id].refs == {}
    assert hits[contact.id].fields == {"name": "Miles Dyson", "company": "Cyberdyne"}
    assert hits[contact.id].refs == {"linkedUser": str(linked)}
    assert await ids(index, str(linked), owner) == []  # refs are kept, never searched

    await index.put(Entry(Kind.CONTACT, contact.id, owner, False, {"name": "Miles Dyson"}))
    [hit] = await index.search("miles", viewer=owner, kinds=ALL, limit=5)
    assert (hit.fields, hit.refs) == ({"name": "Miles Dyson"}, {})  # a put replaces both


def _old_fts5_file(path: Path) -> None:
    """An index file as the FTS5 backend made it before entries kept refs and a scope."""
    import sqlite3

    from subgraphs.search.index.fts import COLUMNS

    listed = ", ".join(COLUMNS)
    new, old = (", ".join(f"{side}.{c}" for c in COLUMNS) for side in ("new", "old"))
    with sqlite3.connect(path) as connection:
        connection.executescript(f"""
            CREATE TABLE entries (rowid INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL, entity_id TEXT NOT NULL, owner_id TEXT NOT NULL,
                public INTEGER NOT NULL, {", ".join(f"{c} TEXT NOT NULL DEFAULT ''" for c in COLUMNS)});
            CREATE INDEX entries_owner ON entries (owner_id);
            CREATE VIRTUAL TABLE entries_text USING fts5({listed}, content='entries',
                content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='2 3');
            CREATE TRIGGER entries_added AFTER INSERT ON entries BEGIN
                INSERT INTO entries_text (rowid, {listed}) VALUES (new.rowid, {new}); END;
            CREATE TRIGGER entries_removed AFTER DELETE ON entries BEGIN
                INSERT INTO entries_text (entries_text, rowid, {listed})
                VALUES ('delete', old.rowid, {old}); END;
            CREATE TRIGGER entries_changed AFTER UPDATE ON entries BEGIN
                INSERT INTO entries_text (entries_text, rowid, {listed})
                VALUES ('delete', old.rowid, {old});
                INSERT INTO entries_text (rowid, {listed}) VALUES (new.rowid, {new}); END;
        """)  # fmt: skip


async def test_an_fts5_index_made_before_refs_and_scopes_gains_them_and_keeps_its_entries(
    tmp_path,
):
    import sqlite3

    path = tmp_path / "search-index.db"
    _old_fts5_file(path)
    alice, bob, contact_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT INTO entries (key, kind, entity_id, owner_id, public, f_name, f_fullname) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(f"contact-{contact_id}", "contact", str(contact_id), str(alice), 0, "Roy Batty", ""),
             (f"user-{bob}", "user", str(bob), str(bob), 1, "", "Bob Batty")],
        )  # fmt: skip
    index = FtsIndex(path)
    await index.migrate()
    await index.migrate()
    hits = {hit.id: hit for hit in await index.search("batty", viewer=alice, kinds=ALL, limit=5)}
    assert set(hits) == {contact_id, bob}  # hers, and a public profile
    assert (hits[contact_id].fields, hits[contact_id].refs) == ({"name": "Roy Batty"}, {})
    assert await ids(index, "batty", bob) == [bob]  # not her contact
    assert await ids(index, "roy", uuid.uuid4()) == []

    linked = uuid.uuid4()
    await index.put(Entry(Kind.CONTACT, contact_id, alice, False, {"name": "Roy Batty"},
                          {"linkedUser": str(linked)}))  # fmt: skip
    [hit] = await index.search("roy", viewer=alice, kinds=ALL, limit=5)
    assert hit.refs == {"linkedUser": str(linked)}
    await index.delete(Kind.CONTACT, contact_id)  # the triggers made again keep FTS5 in step
    assert await ids(index, "batty", alice) == [bob]


async def test_an_fts5_bulk_put_is_the_same_as_putting_each(tmp_path):
    index, owner = FtsIndex(tmp_path / "search-index.db"), uuid.uuid4()
    await index.migrate()
    linked = str(uuid.uuid4())
    contact = Entry(Kind.CONTACT, uuid.uuid4(), owner, False, {"name": "Deckard"},
                    {"linkedUser": linked})  # fmt: skip
    entries = [application(owner, company="Deckard Inc"), contact]
    await index.put_many(entries)
    await index.put_many(entries)  # an upsert, as put
    hits = await index.search("deckard", viewer=owner, kinds=ALL, limit=5)
    assert {hit.id: (hit.fields, hit.refs) for hit in hits} == {
        entries[0].id: ({"company": "Deckard Inc", "position": "Backend Engineer"}, {}),
        contact.id: ({"name": "Deckard"}, {"linkedUser": linked}),
    }


async def test_fts5_connections_are_kept_for_the_next_call_and_dropped_when_broken(tmp_path):
    import sqlite3

    index, opened = FtsIndex(tmp_path / "search-index.db"), []
    connect = index._connect

    def counting() -> sqlite3.Connection:
        opened.append(connect())
        return opened[-1]

    index._connect = counting  # type: ignore[method-assign]
    await index.migrate()
    for _ in range(3):
        await index.search("acme", viewer=uuid.uuid4(), kinds=ALL, limit=5)
    assert len(opened) == 1  # one connection served every call

    def broken(connection: sqlite3.Connection) -> None:
        connection.execute("BEGIN")
        raise RuntimeError("midway")

    with pytest.raises(RuntimeError):
        await index._run(broken)
    await index.put(application(uuid.uuid4(), company="Acme"))  # not the broken one's open BEGIN
    assert len(opened) == 2
    with pytest.raises(sqlite3.ProgrammingError):
        opened[0].execute("SELECT 1")  # closed
    await index.dispose()
    with pytest.raises(sqlite3.ProgrammingError):
        opened[1].execute("SELECT 1")


async def test_a_viewer_never_finds_words_of_entries_they_may_not_or_of_the_scope(index):
    """Text in another owner's private entries finds nothing, and neither does what scopes an
    entry (the FTS5 backend indexes "public" and an owner's id as tokens of their own)."""
    alice, bob, carol = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    mine = application(alice, company="Xanadu Publishing")
    await index.put(mine)
    await index.put(profile(bob, fullName="Bob Public"))
    await index.put(profile(carol, fullName="Carol Smith"))  # public: its scope says so
    assert await ids(index, "xanadu", bob) == []
    assert await ids(index, "public", bob) == [bob]  # his name; not Carol's scope
    assert set(await ids(index, "publi", alice)) == {mine.id, bob}
    assert await ids(index, f"o{alice.hex}", alice) == []
    assert await ids(index, "carol", alice) == [carol]
