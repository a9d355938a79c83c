"""Through the real router: contacts, and their link to the users who register with one of
their e-mails, resolved by the users subgraph (which shows an e-mail only when it is public)."""

import asyncio

import pytest

from tests.factories import create_contact, operation, sign_up, unique_email

pytestmark = pytest.mark.federation

CONTACTS = operation("Contacts")
UPDATE_PROFILE = "mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }"


async def eventually(read, expected, *, within: float = 3.0):
    deadline = asyncio.get_running_loop().time() + within
    while True:
        value = await read()
        if value == expected or asyncio.get_running_loop().time() > deadline:
            return value
        await asyncio.sleep(0.05)


async def test_a_contact_links_to_the_user_who_registers_and_shows_only_public_data(router):
    me = await sign_up(router)
    private, public = unique_email("private"), unique_email("public")
    for name, address in [("Private Person", private), ("Public Person", public)]:
        await create_contact(router, me, name=name, company="Acme", emails=[address])
    hidden = await sign_up(router, full_name="Private Person", email=private)
    shown = await sign_up(router, full_name="Public Person", email=public)
    await router(UPDATE_PROFILE, {"i": {"emailPublic": True}}, token=shown.token)

    async def read():
        result = await router(CONTACTS, {"filter": {"query": "person"}}, token=me.token)
        edges = result.data["contacts"]["edges"]
        return {e["node"]["name"]: e["node"]["linkedUser"] for e in edges}

    expected = {
        "Private Person": {"id": hidden.id, "fullName": "Private Person", "email": None},
        "Public Person": {"id": shown.id, "fullName": "Public Person", "email": public},
    }
    assert await eventually(read, expected) == expected


async def test_a_private_profile_links_nothing_and_making_one_private_unlinks(router):
    """Private means private: a contact holding the e-mail of someone whose profile is private
    answers as for an address nobody registered."""
    me = await sign_up(router)
    hidden_address, public_address = unique_email("hidden"), unique_email("public")
    for name, address in [("Hidden Person", hidden_address), ("Shown Person", public_address)]:
        await create_contact(router, me, name=name, company="Acme", emails=[address])
    hidden = await sign_up(router, full_name="Hidden Person", email=hidden_address)
    await router(UPDATE_PROFILE, {"i": {"profilePublic": False}}, token=hidden.token)
    shown = await sign_up(router, full_name="Shown Person", email=public_address)

    async def read():
        result = await router(CONTACTS, {"filter": {"query": "person"}}, token=me.token)
        edges = result.data["contacts"]["edges"]
        return {e["node"]["name"]: e["node"]["linkedUser"] for e in edges}

    linked = {"id": shown.id, "fullName": "Shown Person", "email": None}
    expected = {"Hidden Person": None, "Shown Person": linked}
    assert await eventually(read, expected, within=10) == expected
    # a contact made now links at once, or not at all: the same answer as for nobody
    fields = {"name": "Later", "company": "Acme"}
    later = await create_contact(router, me, **fields, emails=[hidden_address])
    nobody = await create_contact(router, me, **fields, emails=[unique_email("nobody")])
    assert later["linkedUser"] is None
    assert {**later, "id": "", "emails": []} == {**nobody, "id": "", "emails": []}

    await router(UPDATE_PROFILE, {"i": {"profilePublic": False}}, token=shown.token)
    expected = {"Hidden Person": None, "Shown Person": None}
    assert await eventually(read, expected, within=10) == expected
    await router(UPDATE_PROFILE, {"i": {"profilePublic": True}}, token=hidden.token)
    hidden_linked = {"id": hidden.id, "fullName": "Hidden Person", "email": None}
    expected = {"Hidden Person": hidden_linked, "Shown Person": None}
    assert await eventually(read, expected, within=10) == expected


async def test_user_contacts_through_me(router):
    me = await sign_up(router)
    await create_contact(router, me, name="Ada Lovelace")
    query = "{ me { contacts(first: 5) { totalCount edges { node { name } } } } }"
    result = await router(query, token=me.token)
    assert result.data["me"]["contacts"] == {
        "totalCount": 1,
        "edges": [{"node": {"name": "Ada Lovelace"}}],
    }
