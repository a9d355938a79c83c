"""Through the real router: sign up, log in, applications, and one operation across subgraphs."""

import pytest

from tests.factories import PASSWORD, create_application, sign_up

pytestmark = pytest.mark.federation

ACROSS = """
query Across {
  me {
    fullName
    applications(first: 10, filter: {status: APPLIED}) {
      totalCount
      edges { node { company position status owner { fullName } } }
    }
  }
}"""


async def test_sign_up_log_in_and_work_with_applications(router):
    account = await sign_up(router, full_name="Margaret Hamilton")
    log_in = "mutation($i: LogInInput!) { logIn(input: $i) { token user { id fullName } } }"
    payload = (await router(log_in, {"i": {"email": account.email, "password": PASSWORD}})).data[
        "logIn"
    ]
    assert payload["user"] == {"id": account.id, "fullName": "Margaret Hamilton"}
    token_account = account.__class__(account.id, account.email, payload["token"])

    created = await create_application(
        router, token_account, company="NASA", position="Software Lead", status="APPLIED"
    )
    await create_application(router, token_account, company="MIT", position="Programmer")
    change = "mutation($id: ID!) { changeApplicationStatus(id: $id, status: INTERVIEW) { status } }"
    assert (await router(change, {"id": created["id"]}, token=token_account.token)).data

    listing = '{ applications(filter: {query: "nas"}) { totalCount edges { node { status } } } }'
    found = (await router(listing, token=token_account.token)).data["applications"]
    assert found == {"totalCount": 1, "edges": [{"node": {"status": "INTERVIEW"}}]}


async def test_one_operation_crosses_users_and_applications(router):
    account = await sign_up(router, full_name="Barbara Liskov")
    for company in ["CLU Labs", "Argus Inc"]:
        await create_application(router, account, company=company, status="APPLIED")
    await create_application(router, account, company="Saved Only")
    me = (await router(ACROSS, token=account.token)).data["me"]
    assert me["fullName"] == "Barbara Liskov"
    assert me["applications"]["totalCount"] == 2
    nodes = [edge["node"] for edge in me["applications"]["edges"]]
    assert [n["company"] for n in nodes] == ["Argus Inc", "CLU Labs"]
    assert {n["owner"]["fullName"] for n in nodes} == {"Barbara Liskov"}


async def test_without_a_token_the_router_answers_an_authentication_error(router):
    result = await router(ACROSS)
    assert result.codes == ["UNAUTHENTICATED"]
    assert result.body.get("data") is None


async def test_the_router_rejects_a_forged_token(router):
    result = await router(ACROSS, token="eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")
    assert result.status in {400, 401}
    assert "data" not in result.body or result.body["data"] is None


async def test_entities_called_directly_are_scoped_to_the_token(router, subgraphs):
    owner, intruder = await sign_up(router), await sign_up(router)
    app = await create_application(router, owner, company="Private Ltd")
    entities = """query($r: [_Any!]!) { _entities(representations: $r) { ... on Application { company } } }"""
    reps = {"r": [{"__typename": "Application", "id": app["id"]}]}
    direct = subgraphs["applications"]
    assert (await direct(entities, reps, token=intruder.token)).data == {"_entities": [None]}
    assert (await direct(entities, reps, token=owner.token)).data == {
        "_entities": [{"company": "Private Ltd"}]
    }
    assert (await direct(entities, reps)).codes == ["UNAUTHENTICATED"]
