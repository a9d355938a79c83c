"""Through the real router: sign up, log in, applications, and one operation across subgraphs."""

import pytest

from tests.factories import PASSWORD, create_application, operation, sign_up

pytestmark = pytest.mark.federation

ME = operation("Me")
APPLIED = {"first": 10, "filter": {"status": "APPLIED"}}


async def test_sign_up_log_in_and_work_with_applications(router):
    account = await sign_up(router, full_name="Margaret Hamilton")
    credentials = {"input": {"email": account.email, "password": PASSWORD}}
    payload = (await router(operation("LogIn"), credentials)).data["logIn"]
    assert payload["user"] == {"id": account.id, "fullName": "Margaret Hamilton"}
    token_account = account.__class__(account.id, account.email, payload["token"])

    created = await create_application(
        router, token_account, company="NASA", position="Software Lead", status="APPLIED"
    )
    assert (created["company"], created["status"]) == ("NASA", "APPLIED")
    assert created["appliedAt"] is not None
    await create_application(router, token_account, company="MIT", position="Programmer")
    status = {"id": created["id"], "status": "INTERVIEW"}
    changed = await router(operation("ChangeApplicationStatus"), status, token=token_account.token)
    assert changed.data == {"changeApplicationStatus": {"status": "INTERVIEW"}}

    search = {"filter": {"query": "nas"}}
    found = await router(operation("Applications"), search, token=token_account.token)
    assert found.data["applications"] == {
        "totalCount": 1,
        "edges": [{"node": {"status": "INTERVIEW"}}],
    }


async def test_one_operation_crosses_users_and_applications(router):
    account = await sign_up(router, full_name="Barbara Liskov")
    for company in ["CLU Labs", "Argus Inc"]:
        await create_application(router, account, company=company, status="APPLIED")
    await create_application(router, account, company="Saved Only")
    me = (await router(ME, APPLIED, token=account.token)).data["me"]
    assert me["fullName"] == "Barbara Liskov"
    assert me["applications"]["totalCount"] == 2
    nodes = [edge["node"] for edge in me["applications"]["edges"]]
    assert [n["company"] for n in nodes] == ["Argus Inc", "CLU Labs"]
    assert {n["owner"]["fullName"] for n in nodes} == {"Barbara Liskov"}


async def test_without_a_token_the_router_answers_an_authentication_error(router):
    result = await router(ME, APPLIED)
    assert result.codes == ["UNAUTHENTICATED"]
    assert result.body.get("data") is None


async def test_the_router_rejects_a_forged_token(router):
    result = await router(ME, APPLIED, token="eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")
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
