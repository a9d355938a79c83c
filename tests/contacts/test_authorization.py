"""Every read and write is scoped to the token's user, `_entities` included."""

import pytest

from tests.factories import create_contact, sign_up

ENTITIES = """query($r: [_Any!]!) {
  _entities(representations: $r) { ... on Contact { id name notes emails } } }"""


@pytest.fixture
async def victim_contact(users, contacts):
    owner = await sign_up(users, full_name="Owner")
    return owner, await create_contact(
        contacts, owner, name="Secret Source", emails=["source@example.com"], notes="private"
    )


@pytest.fixture
async def intruder(users):
    return await sign_up(users, full_name="Intruder")


async def test_someone_else_cannot_read_it(contacts, victim_contact, intruder):
    _, contact = victim_contact
    get = "query($id: ID!) { contact(id: $id) { id notes } }"
    assert (await contacts(get, {"id": contact["id"]}, token=intruder.token)).data == {
        "contact": None
    }
    listing = '{ contacts(filter: {query: "secret"}) { totalCount } }'
    assert (await contacts(listing, token=intruder.token)).data["contacts"]["totalCount"] == 0


async def test_someone_else_cannot_resolve_it_through_entities(contacts, victim_contact, intruder):
    owner, contact = victim_contact
    reps = {
        "r": [
            {"__typename": "Contact", "id": contact["id"]},
            {"__typename": "Contact", "id": "nope"},
        ]
    }
    assert (await contacts(ENTITIES, reps, token=intruder.token)).data == {
        "_entities": [None, None]
    }
    own = (await contacts(ENTITIES, reps, token=owner.token)).data["_entities"]
    assert own[0]["notes"] == "private" and own[1] is None


@pytest.mark.parametrize(
    "mutation",
    [
        'mutation($id: ID!) { updateContact(id: $id, input: {name: "Pwned"}) { id } }',
        "mutation($id: ID!) { deleteContact(id: $id) }",
    ],
)
async def test_someone_else_cannot_change_it(contacts, victim_contact, intruder, mutation):
    owner, contact = victim_contact
    result = await contacts(mutation, {"id": contact["id"]}, token=intruder.token)
    assert result.codes == ["NOT_FOUND"] and result.body["data"] is None
    get = "query($id: ID!) { contact(id: $id) { name } }"
    assert (await contacts(get, {"id": contact["id"]}, token=owner.token)).data == {
        "contact": {"name": "Secret Source"}
    }


async def test_an_id_that_is_not_ours_names_nothing(contacts, intruder):
    for text in ["not-a-uuid", "00000000-0000-0000-0000-000000000000"]:
        get = "query($id: ID!) { contact(id: $id) { id } }"
        assert (await contacts(get, {"id": text}, token=intruder.token)).data == {"contact": None}
        delete = "mutation($id: ID!) { deleteContact(id: $id) }"
        assert (await contacts(delete, {"id": text}, token=intruder.token)).codes == ["NOT_FOUND"]
