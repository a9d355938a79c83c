"""Every read and write is scoped to the token's user, `_entities` included."""

import pytest

from tests.factories import create_application, sign_up

ENTITIES = """query($r: [_Any!]!) {
  _entities(representations: $r) { ... on Application { id company } } }"""


@pytest.fixture
async def victim_application(users, applications):
    owner = await sign_up(users, full_name="Owner")
    return owner, await create_application(
        applications, owner, company="Secret Corp", notes="private"
    )


@pytest.fixture
async def intruder(users):
    return await sign_up(users, full_name="Intruder")


async def test_someone_else_cannot_read_it(applications, victim_application, intruder):
    _, app = victim_application
    get = "query($id: ID!) { application(id: $id) { id notes } }"
    assert (await applications(get, {"id": app["id"]}, token=intruder.token)).data == {
        "application": None
    }
    listing = (await applications("{ applications { totalCount } }", token=intruder.token)).data
    assert listing["applications"]["totalCount"] == 0


async def test_someone_else_cannot_resolve_it_through_entities(
    applications, victim_application, intruder
):
    owner, app = victim_application
    reps = {"r": [{"__typename": "Application", "id": app["id"]}]}
    assert (await applications(ENTITIES, reps, token=intruder.token)).data == {"_entities": [None]}
    assert (await applications(ENTITIES, reps, token=owner.token)).data["_entities"][0][
        "company"
    ] == "Secret Corp"
    user_reps = {"r": [{"__typename": "User", "id": owner.id}]}
    user_apps = "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { applications { totalCount } } } }"
    assert (await applications(user_apps, user_reps, token=intruder.token)).data == {
        "_entities": [{"applications": None}]
    }


@pytest.mark.parametrize(
    "mutation",
    [
        'mutation($id: ID!) { updateApplication(id: $id, input: {company: "Pwned"}) { id } }',
        "mutation($id: ID!) { changeApplicationStatus(id: $id, status: REJECTED) { id } }",
        "mutation($id: ID!) { deleteApplication(id: $id) }",
    ],
)
async def test_someone_else_cannot_change_it(applications, victim_application, intruder, mutation):
    owner, app = victim_application
    result = await applications(mutation, {"id": app["id"]}, token=intruder.token)
    assert result.codes == ["NOT_FOUND"]
    get = "query($id: ID!) { application(id: $id) { company status } }"
    unchanged = (await applications(get, {"id": app["id"]}, token=owner.token)).data["application"]
    assert unchanged == {"company": "Secret Corp", "status": "SAVED"}


@pytest.mark.parametrize(
    "operation",
    [
        "{ applications { totalCount } }",
        'query { application(id: "00000000-0000-0000-0000-000000000000") { id } }',
        'mutation { createApplication(input: {company: "A", position: "B"}) { id } }',
    ],
)
async def test_no_token_is_an_authentication_error_not_data(applications, operation):
    result = await applications(operation)
    assert result.codes == ["UNAUTHENTICATED"]
    assert not any((result.body["data"] or {}).values())
