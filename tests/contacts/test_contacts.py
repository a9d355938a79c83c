"""Contacts: create, read, update (only the fields given), delete, list with a filter."""

import asyncio

import pytest

from tests.factories import create_contact, operation, sign_up

UPDATE = operation("UpdateContact")
GET = "query($id: ID!) { contact(id: $id) { id name company position emails phones notes socialLinks { label url } } }"
LIST = """query($q: String, $first: Int, $after: String) {
  contacts(filter: {query: $q}, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }"""
DELETE = "mutation($id: ID!) { deleteContact(id: $id) }"


@pytest.fixture
async def account(users):
    return await sign_up(users)


async def test_create_and_read_back(contacts, account):
    created = await create_contact(
        contacts,
        account,
        name="  Ada Lovelace ",
        emails=["Ada@Example.com", "ada@example.com", "ada@engines.org"],
        phones=["+44 20 7946 0000"],
        socialLinks=[{"label": "GitHub", "url": "https://github.com/ada"}],
        notes="Met at the Analytical Society",
    )
    assert created["name"] == "Ada Lovelace"
    assert created["emails"] == ["ada@example.com", "ada@engines.org"]  # lower-cased, once each
    assert created["socialLinks"] == [{"label": "GitHub", "url": "https://github.com/ada"}]
    assert created["linkedUser"] is None
    got = (await contacts(GET, {"id": created["id"]}, token=account.token)).data["contact"]
    assert got == {key: created[key] for key in got}


async def test_update_changes_only_the_fields_given(contacts, account):
    created = await create_contact(contacts, account, emails=["grace@navy.mil"], notes="keep")
    result = await contacts(
        UPDATE, {"id": created["id"], "input": {"company": "Univac", "phones": ["555-0100"]}},
        token=account.token,
    )  # fmt: skip
    updated = result.data["updateContact"]
    assert updated["company"] == "Univac" and updated["phones"] == ["555-0100"]
    assert updated["name"] == "Grace Hopper" and updated["notes"] == "keep"
    assert updated["emails"] == ["grace@navy.mil"]
    cleared = await contacts(
        UPDATE, {"id": created["id"], "input": {"company": None, "emails": []}}, token=account.token
    )
    assert cleared.data["updateContact"]["company"] is None
    assert cleared.data["updateContact"]["emails"] == []


async def test_delete_answers_the_id_and_the_contact_is_gone(contacts, account):
    created = await create_contact(contacts, account)
    assert (await contacts(DELETE, {"id": created["id"]}, token=account.token)).data == {
        "deleteContact": created["id"]
    }
    assert (await contacts(GET, {"id": created["id"]}, token=account.token)).data == {
        "contact": None
    }
    again = await contacts(DELETE, {"id": created["id"]}, token=account.token)
    assert again.codes == ["NOT_FOUND"]


async def test_the_filter_matches_name_company_or_position_in_any_case(contacts, account):
    for name, company, position in [
        ("Ada Lovelace", "Analytical Engines", "Programmer"),
        ("Charles Babbage", "Difference Engines", "Inventor"),
        ("Grace Hopper", "Navy", "Engineering officer"),
        ("Alan Turing", "Bletchley Park", None),
    ]:
        await create_contact(contacts, account, name=name, company=company, position=position)

    async def names(query):
        result = await contacts(LIST, {"q": query}, token=account.token)
        return sorted(edge["node"]["name"] for edge in result.data["contacts"]["edges"])

    assert await names("ENGINE") == ["Ada Lovelace", "Charles Babbage", "Grace Hopper"]
    assert await names("turing") == ["Alan Turing"]
    assert await names("bletchley") == ["Alan Turing"]
    assert await names("  ") == ["Ada Lovelace", "Alan Turing", "Charles Babbage", "Grace Hopper"]
    assert await names("nobody") == []


async def test_pages_are_newest_first_and_go_on_from_the_cursor(contacts, account):
    for n in range(5):
        await create_contact(contacts, account, name=f"Person {n}")
        await asyncio.sleep(0.002)  # times are kept to the millisecond
    first = (await contacts(LIST, {"first": 2}, token=account.token)).data["contacts"]
    assert first["totalCount"] == 5 and first["pageInfo"]["hasNextPage"]
    cursor = first["pageInfo"]["endCursor"]
    rest = (await contacts(LIST, {"first": 10, "after": cursor}, token=account.token)).data
    names = [e["node"]["name"] for e in first["edges"] + rest["contacts"]["edges"]]
    assert names == [f"Person {n}" for n in (4, 3, 2, 1, 0)]
    assert not rest["contacts"]["pageInfo"]["hasNextPage"]


async def test_user_contacts_for_the_viewer_only(contacts, account, users):
    await create_contact(contacts, account)
    other = await sign_up(users)
    query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { contacts { totalCount } } } }"
    reps = {"r": [{"__typename": "User", "id": account.id}]}
    assert (await contacts(query, reps, token=account.token)).data == {
        "_entities": [{"contacts": {"totalCount": 1}}]
    }
    assert (await contacts(query, reps, token=other.token)).data == {
        "_entities": [{"contacts": None}]
    }
