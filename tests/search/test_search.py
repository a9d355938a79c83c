"""The search subgraph in-process on both store legs: its consumer fed the producers' events
(as kit's consumer delivers them), and `search` asked as each user."""

import itertools
import uuid
from typing import Any

import pytest

from subgraphs.kit import Event, runtime_of
from subgraphs.kit.events.consumer import consume
from subgraphs.search.events import handlers
from tests.factories import Account, sign_up

SEARCH = """query($q: String!, $kinds: [SearchKind!], $first: Int) {
  search(query: $q, kinds: $kinds, first: $first) {
    kind highlights { field snippet fragments { text matched } }
    application { id } contact { id } user { id }
  }
}"""
SEQUENCE = itertools.count(10**12)


@pytest.fixture
def db(search_app):
    return runtime_of(search_app).db


@pytest.fixture
async def alice(users):
    return await sign_up(users, full_name="Alice")


@pytest.fixture
async def bob(users):
    return await sign_up(users, full_name="Bob")


async def deliver(db, type_: str, owner: str, aggregate: str, sequence=None, **payload) -> None:
    event = Event(type=type_, owner_id=uuid.UUID(owner), aggregate_id=aggregate,
                  sequence=sequence or next(SEQUENCE), payload=payload)  # fmt: skip
    assert await consume(db, handlers, event)


def application_state(id_: str, **fields: Any) -> dict[str, Any]:
    return {"id": id_, "company": "Acme", "position": "Engineer", "location": None,
            "notes": None, "status": "APPLIED", **fields}  # fmt: skip


async def found(search, account: Account, query: str, **variables: Any) -> list[str]:
    result = await search(SEARCH, {"q": query, **variables}, token=account.token)
    assert not result.body.get("errors"), result.body
    return [next(h[k]["id"] for k in ("application", "contact", "user") if h[k])
            for h in result.data["search"]]  # fmt: skip


async def test_an_application_is_found_by_its_fields_with_highlights(search, db, alice):
    app_id = str(uuid.uuid4())
    state = application_state(app_id, company="Initech", notes="Ask about the TPS reports")
    await deliver(db, "application.created", alice.id, app_id, application=state)
    assert await found(search, alice, "initech") == [app_id]
    result = await search(SEARCH, {"q": "tps rep"}, token=alice.token)
    [hit] = result.data["search"]
    assert hit["kind"] == "APPLICATION" and hit["contact"] is None and hit["user"] is None
    [highlight] = hit["highlights"]
    assert highlight["field"] == "notes" and highlight["snippet"] == "Ask about the TPS reports"
    assert [f["text"] for f in highlight["fragments"] if f["matched"]] == ["TPS", "reports"]


async def test_updates_apply_newest_first_and_deletes_stay_deleted(search, db, alice):
    app_id = str(uuid.uuid4())
    old, new, gone = next(SEQUENCE), next(SEQUENCE), next(SEQUENCE)
    await deliver(db, "application.updated", alice.id, app_id, new,
                  application=application_state(app_id, company="Globex"))  # fmt: skip
    await deliver(db, "application.created", alice.id, app_id, old,  # late: ignored
                  application=application_state(app_id, company="Hooli"))  # fmt: skip
    assert await found(search, alice, "hooli") == []
    assert await found(search, alice, "globex") == [app_id]
    await deliver(db, "application.deleted", alice.id, app_id, gone, application_id=app_id)
    assert await found(search, alice, "globex") == []
    await deliver(db, "application.status_changed", alice.id, app_id, gone - 1,
                  application=application_state(app_id, company="Globex"))  # fmt: skip
    assert await found(search, alice, "globex") == []


async def test_a_duplicate_delivery_changes_nothing(db, alice):
    app_id = str(uuid.uuid4())
    event = Event(type="application.created", owner_id=uuid.UUID(alice.id), aggregate_id=app_id,
                  sequence=next(SEQUENCE), payload={"application": application_state(app_id)})  # fmt: skip
    assert await consume(db, handlers, event)
    assert not await consume(db, handlers, event)


async def test_owners_never_find_each_others_applications_or_contacts(search, db, alice, bob):
    app_id, contact_id = str(uuid.uuid4()), str(uuid.uuid4())
    await deliver(db, "application.created", alice.id, app_id,
                  application=application_state(app_id, company="Umbrella"))  # fmt: skip
    contact = {"id": contact_id, "name": "Umbrella Recruiter", "company": None, "position": None}
    await deliver(db, "contact.saved", alice.id, contact_id, contact=contact)
    assert set(await found(search, alice, "umbrella")) == {app_id, contact_id}
    assert await found(search, alice, "umbrella", kinds=["CONTACT"]) == [contact_id]
    assert await found(search, bob, "umbrella") == []
    await deliver(db, "contact.deleted", alice.id, contact_id, contact_id=contact_id)
    assert await found(search, alice, "umbrella") == [app_id]


async def test_public_profiles_are_found_by_everyone_private_ones_by_their_owner(
    search, db, alice, bob
):
    profile = {"id": alice.id, "full_name": "Alice Zephyrine", "headline": "Rust developer",
               "skills": ["Tokio", "Kubernetes"], "location": "Lyon", "profile_public": True}  # fmt: skip
    await deliver(db, "user.registered", alice.id, alice.id, user=profile)
    assert await found(search, bob, "zephyrine") == [alice.id]
    result = await search(SEARCH, {"q": "kubern"}, token=bob.token)
    [hit] = result.data["search"]
    assert hit["kind"] == "USER" and hit["highlights"][0]["field"] == "skills"
    await deliver(db, "user.updated", alice.id, alice.id, user={**profile, "profile_public": False})
    assert await found(search, bob, "zephyrine") == []
    assert await found(search, alice, "zephyrine") == [alice.id]


async def test_an_erased_account_leaves_nothing_and_late_events_bring_nothing_back(
    search, db, alice, bob
):
    app_id = str(uuid.uuid4())
    late = next(SEQUENCE)
    await deliver(db, "application.created", alice.id, app_id,
                  application=application_state(app_id, company="Vandelay"))  # fmt: skip
    profile = {"id": alice.id, "full_name": "Alice Vandelay", "profile_public": True}
    await deliver(db, "user.updated", alice.id, alice.id, user=profile)
    assert len(await found(search, alice, "vandelay")) == 2
    await deliver(db, "user.deleted", alice.id, alice.id, user_id=alice.id)
    assert await found(search, bob, "vandelay") == []
    await deliver(db, "application.updated", alice.id, app_id, late,
                  application=application_state(app_id, company="Vandelay"))  # fmt: skip
    async with db.admin() as session:
        from sqlmodel import select

        from subgraphs.search.models import Indexed

        rows = (await session.exec(select(Indexed).where(Indexed.owner_id == uuid.UUID(alice.id)))).all()  # fmt: skip
    assert rows == []


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"q": ""}, "query"),
        ({"q": "   "}, "query"),
        ({"q": "x" * 201}, "query"),
        ({"q": "!!! ---"}, "query"),
        ({"q": "acme", "first": 0}, "first"),
        ({"q": "acme", "first": 101}, "first"),
        ({"q": "acme", "kinds": []}, "kinds"),
    ],
)
async def test_bad_input_is_refused_with_its_code(search, alice, variables, field):
    result = await search(SEARCH, variables, token=alice.token)
    assert result.codes == ["BAD_USER_INPUT"] and result.error["extensions"]["field"] == field


async def test_search_needs_a_signed_in_user(search):
    assert (await search(SEARCH, {"q": "acme"})).codes == ["UNAUTHENTICATED"]
    assert (await search(SEARCH, {"q": "acme"}, token="not-a-token")).codes == ["UNAUTHENTICATED"]


SHOWN = """query($q: String!) {
  search(query: $q) {
    kind
    application { id company position status }
    contact { id name company position linkedUser { id } }
    user { id fullName headline }
  }
}"""


async def shown(search, account: Account, query: str) -> list[dict[str, Any]]:
    result = await search(SHOWN, {"q": query}, token=account.token)
    assert not result.body.get("errors"), result.body
    return [h[h["kind"].lower()] for h in result.data["search"]]


async def test_search_answers_the_fields_it_provides_from_its_events(search, db, alice, bob):
    """What the web app shows of a hit comes from the index (`@provides`), as the last event
    of each entity told it: no call to the owning subgraph."""
    app_id, contact_id = str(uuid.uuid4()), str(uuid.uuid4())
    state = application_state(app_id, company="Tyrell", position="Replicant Designer")
    await deliver(db, "application.created", alice.id, app_id, application=state)
    assert await shown(search, alice, "tyrell") == [
        {"id": app_id, "company": "Tyrell", "position": "Replicant Designer", "status": "APPLIED"}
    ]
    await deliver(db, "application.status_changed", alice.id, app_id,
                  application={**state, "status": "OFFER"})  # fmt: skip
    assert (await shown(search, alice, "tyrell"))[0]["status"] == "OFFER"

    contact = {"id": contact_id, "name": "Rachael Tyrell", "company": None, "position": "Muse",
               "linked_user_id": bob.id}  # fmt: skip
    await deliver(db, "contact.saved", alice.id, contact_id, contact=contact)
    rachael = {"id": contact_id, "name": "Rachael Tyrell", "company": None, "position": "Muse",
               "linkedUser": {"id": bob.id}}  # fmt: skip
    assert await shown(search, alice, "rachael") == [rachael]
    await deliver(db, "contact.saved", alice.id, contact_id,
                  contact={**contact, "linked_user_id": None})  # fmt: skip
    assert (await shown(search, alice, "rachael"))[0]["linkedUser"] is None

    profile = {"id": alice.id, "full_name": "Alice Tyrellian", "profile_public": True}
    await deliver(db, "user.updated", alice.id, alice.id, user=profile)
    assert await shown(search, bob, "tyrellian") == [
        {"id": alice.id, "fullName": "Alice Tyrellian", "headline": None}
    ]
