"""Bad input is answered with a clear code, and nothing is written."""

from datetime import datetime

import pytest

from tests.factories import CREATE_APPLICATION, create_application, sign_up

COUNT = "{ applications { totalCount } }"


@pytest.fixture
async def account(users):
    return await sign_up(users)


async def total(applications, account) -> int:
    return (await applications(COUNT, token=account.token)).data["applications"]["totalCount"]


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"company": ""}, "BAD_USER_INPUT", "company"),
        ({"company": "   "}, "BAD_USER_INPUT", "company"),
        ({"position": "x" * 201}, "BAD_USER_INPUT", "position"),
        ({"notes": "n" * 10_001}, "BAD_USER_INPUT", "notes"),
        ({"jobUrl": "ftp://nope"}, "BAD_USER_INPUT", "jobUrl"),
        ({"salaryMin": -1, "salaryCurrency": "EUR"}, "BAD_USER_INPUT", "salaryMin"),
        ({"salaryMin": 10, "salaryMax": 5, "salaryCurrency": "EUR"}, "BAD_USER_INPUT", "input"),
        ({"salaryMin": 10}, "BAD_USER_INPUT", "input"),
        ({"salaryMin": 10, "salaryCurrency": "EURO"}, "BAD_USER_INPUT", "salaryCurrency"),
        ({"appliedAt": "2026-01-01T10:00:00"}, "BAD_USER_INPUT", "appliedAt"),
        ({"appliedAt": "0001-01-01T00:00:00+01:00"}, "BAD_USER_INPUT", "appliedAt"),
        ({"appliedAt": "9999-12-31T20:00:00-14:00"}, "BAD_USER_INPUT", "appliedAt"),
        ({"appliedAt": "1899-12-31T23:59:59Z"}, "BAD_USER_INPUT", "appliedAt"),
        ({"appliedAt": "9000-01-01T00:00:01Z"}, "BAD_USER_INPUT", "appliedAt"),
        ({"status": "NOPE"}, "BAD_USER_INPUT", None),
    ],
)
async def test_create_refuses_bad_input_and_writes_nothing(
    applications, account, fields, code, field
):
    values = {"company": "Acme", "position": "Engineer", **fields}
    result = await applications(CREATE_APPLICATION, {"input": values}, token=account.token)
    assert result.codes == [code], result.body
    if field:
        assert result.error["extensions"]["field"] == field
    assert await total(applications, account) == 0


async def test_update_refuses_bad_input_and_keeps_the_row(applications, account):
    created = await create_application(applications, account, notes="keep me")
    update = """mutation($id: ID!, $input: UpdateApplicationInput!) {
      updateApplication(id: $id, input: $input) { id } }"""
    for changes in [{"company": None}, {"notes": "n" * 10_001}, {"salaryMax": 3}]:
        result = await applications(
            update, {"id": created["id"], "input": changes}, token=account.token
        )
        assert result.codes == ["BAD_USER_INPUT"], changes
    get = "query($id: ID!) { application(id: $id) { company notes salaryMax } }"
    row = (await applications(get, {"id": created["id"]}, token=account.token)).data["application"]
    assert row == {"company": "Acme", "notes": "keep me", "salaryMax": None}


async def test_unknown_status_on_change_is_refused(applications, account):
    created = await create_application(applications, account)
    change = "mutation($id: ID!, $s: ApplicationStatus!) { changeApplicationStatus(id: $id, status: $s) { status } }"
    result = await applications(change, {"id": created["id"], "s": "HIRED"}, token=account.token)
    assert result.codes == ["BAD_USER_INPUT"]


@pytest.mark.parametrize("first", [0, -1, 101, 10_000])
async def test_page_size_over_the_limit_is_refused(applications, account, first):
    result = await applications(
        "query($f: Int) { applications(first: $f) { totalCount } }",
        {"f": first},
        token=account.token,
    )
    assert result.codes == ["BAD_USER_INPUT"]
    assert result.error["extensions"]["field"] == "first"


async def test_a_cursor_we_did_not_give_out_is_refused(applications, account):
    query = '{ applications(after: "bm90LWEtY3Vyc29y") { totalCount } }'
    result = await applications(query, token=account.token)
    assert result.codes == ["BAD_USER_INPUT"] and result.error["extensions"]["field"] == "after"


async def test_overlong_search_query_is_refused(applications, account):
    query = "query($q: String) { applications(filter: {query: $q}) { totalCount } }"
    result = await applications(query, {"q": "x" * 201}, token=account.token)
    assert result.codes == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    "moment", ["1900-01-01T00:00:00Z", "1900-01-01T01:00:00+01:00", "9000-01-01T00:00:00Z"]
)
async def test_the_ends_of_the_range_are_kept(applications, account, moment):
    made = await create_application(applications, account, appliedAt=moment)
    get = "query($id: ID!) { application(id: $id) { appliedAt } }"
    kept = (await applications(get, {"id": made["id"]}, token=account.token)).data["application"]
    assert datetime.fromisoformat(kept["appliedAt"]) == datetime.fromisoformat(moment)


async def test_an_update_to_a_moment_out_of_range_keeps_the_row(applications, account):
    created = await create_application(applications, account, appliedAt="2026-01-01T10:00:00Z")
    update = """mutation($id: ID!, $input: UpdateApplicationInput!) {
      updateApplication(id: $id, input: $input) { id } }"""
    changes = {"appliedAt": "0001-01-01T00:00:00+01:00"}
    result = await applications(
        update, {"id": created["id"], "input": changes}, token=account.token
    )
    assert result.codes == ["BAD_USER_INPUT"] and result.error["extensions"]["field"] == "appliedAt"
    get = "query($id: ID!) { application(id: $id) { appliedAt } }"
    row = (await applications(get, {"id": created["id"]}, token=account.token)).data["application"]
    assert row == {"appliedAt": "2026-01-01T10:00:00+00:00"}


@pytest.mark.parametrize("field", ["appliedFrom", "appliedTo"])
@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:00:00-02:00"])
async def test_a_filter_moment_out_of_range_is_refused(applications, account, field, moment):
    query = "query($f: ApplicationFilterInput) { applications(filter: $f) { totalCount } }"
    result = await applications(query, {"f": {field: moment}}, token=account.token)
    assert result.codes == ["BAD_USER_INPUT"] and result.error["extensions"]["field"] == field
    assert "1900-01-01T00:00:00Z" in result.error["message"]
