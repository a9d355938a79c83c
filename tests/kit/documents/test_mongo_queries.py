"""The MongoDB adapter's queries, checked without a server (none runs in CI): what each port
condition becomes. The behaviour itself is the contract suite's, with MONGODB_URL set."""

import uuid
from datetime import UTC, datetime

from subgraphs.kit import Where
from subgraphs.kit.documents.mongo import _after, mongo_filter
from tests.kit.documents.conftest import NOTES


def test_an_owner_handle_always_names_its_owner():
    owner = uuid.uuid4()
    assert mongo_filter(owner, NOTES, Where()) == {"owner_id": owner}
    assert mongo_filter(None, NOTES, Where()) == {}  # admin: every owner


def test_keys_match_as_mongodb_matches_lists_and_values():
    owner, ref = uuid.uuid4(), uuid.uuid4()
    where = Where(equal={"tags": "red", "ref": ref}, any_of={"kind": ["a", "b"]})
    assert mongo_filter(owner, NOTES, where) == {
        "$and": [
            {"owner_id": owner},
            {"tags": "red"},
            {"ref": str(ref)},  # bodies keep UUIDs as text, as SQL bodies do
            {"kind": {"$in": ["a", "b"]}},
        ]
    }


def test_text_is_an_escaped_case_insensitive_regex_on_each_text_field():
    query = mongo_filter(None, NOTES, Where(text="100% (sure)"))
    pattern = {"$regex": r"100%\ \(sure\)", "$options": "i"}
    assert query == {"$or": [{"title": pattern}, {"company": pattern}]}


def test_owners_and_cursor_positions():
    owners = [uuid.uuid4(), uuid.uuid4()]
    assert mongo_filter(None, NOTES, Where(owners=owners)) == {"owner_id": {"$in": owners}}
    moment, last = datetime(2026, 1, 1, tzinfo=UTC), uuid.uuid4()
    assert _after((moment, last)) == {
        "$or": [{"created_at": {"$lt": moment}}, {"created_at": moment, "_id": {"$lt": last}}]
    }
    assert _after(None) == {}
