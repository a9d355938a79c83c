"""Applications: create, list, filter, search, update, change status, delete."""

import pytest

from tests.factories import create_application, sign_up

LIST = """
query($filter: ApplicationFilterInput, $first: Int, $after: String) {
  applications(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id company position status location } }
  }
}"""
UPDATE = """
mutation($id: ID!, $input: UpdateApplicationInput!) {
  updateApplication(id: $id, input: $input) {
    company position notes salaryMin salaryMax salaryCurrency jobUrl updatedAt
  }
}"""
CHANGE_STATUS = """
mutation($id: ID!, $status: ApplicationStatus!) {
  changeApplicationStatus(id: $id, status: $status) {
    status appliedAt statusHistory { fromStatus toStatus changedAt }
  }
}"""
DELETE = "mutation($id: ID!) { deleteApplication(id: $id) }"
GET = "query($id: ID!) { application(id: $id) { id company } }"


@pytest.fixture
async def account(users):
    return await sign_up(users)


async def companies(applications, account, **filter_):
    result = await applications(
        LIST, {"filter": filter_ or None, "first": 100}, token=account.token
    )
    return sorted(edge["node"]["company"] for edge in result.data["applications"]["edges"])


async def test_create_with_every_field(applications, account):
    values = {
        "company": "  Initech ",
        "position": "Platform Engineer",
        "location": "Remote",
        "salaryMin": 70000,
        "salaryMax": 90000,
        "salaryCurrency": "eur",
        "jobUrl": "https://jobs.example.com/42",
        "jobDescription": "Keep the TPS reports flowing.",
        "notes": "Referred by Peter",
        "status": "APPLIED",
    }
    query = """mutation($input: CreateApplicationInput!) { createApplication(input: $input) {
      company position location salaryMin salaryMax salaryCurrency jobUrl jobDescription notes
      status appliedAt createdAt statusHistory { fromStatus toStatus } owner { id } } }"""
    created = (await applications(query, {"input": values}, token=account.token)).data
    created = created["createApplication"]
    assert created["company"] == "Initech" and created["salaryCurrency"] == "EUR"
    assert created["status"] == "APPLIED" and created["appliedAt"] is not None
    assert created["statusHistory"] == [{"fromStatus": None, "toStatus": "APPLIED"}]
    assert created["owner"] == {"id": account.id}


async def test_list_is_newest_first_and_pages_with_cursors(applications, account):
    for n in range(5):
        await create_application(applications, account, company=f"Company {n}")
    seen, after = [], None
    while True:
        page = await applications(LIST, {"first": 2, "after": after}, token=account.token)
        connection = page.data["applications"]
        assert connection["totalCount"] == 5
        seen += [edge["node"]["company"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert seen == [f"Company {n}" for n in reversed(range(5))]


async def test_filter_by_status_query_location_and_dates(applications, account):
    await create_application(
        applications, account, company="Globex", position="Frontend Dev", location="Berlin"
    )
    await create_application(
        applications,
        account,
        company="Hooli",
        position="Data Engineer",
        location="Remote",
        status="APPLIED",
        appliedAt="2026-03-01T09:00:00+01:00",
    )
    await create_application(
        applications,
        account,
        company="Massive Dynamic",
        position="SRE",
        location="Berlin, DE",
        status="APPLIED",
        appliedAt="2026-05-10T12:00:00Z",
    )
    assert await companies(applications, account, status="APPLIED") == ["Hooli", "Massive Dynamic"]
    assert await companies(applications, account, query="ENGIN") == ["Hooli"]
    assert await companies(applications, account, query="glob") == ["Globex"]
    assert await companies(applications, account, location="berlin") == [
        "Globex",
        "Massive Dynamic",
    ]
    assert await companies(applications, account, query="100%") == []
    assert await companies(applications, account, query="h_oli") == []  # "_" is no wildcard
    in_spring = {"appliedFrom": "2026-04-01T00:00:00Z", "appliedTo": "2026-06-01T00:00:00Z"}
    assert await companies(applications, account, **in_spring) == ["Massive Dynamic"]
    both = {"status": "APPLIED", "query": "dynamic", "location": "DE"}
    assert await companies(applications, account, **both) == ["Massive Dynamic"]


async def test_update_changes_only_given_fields(applications, account):
    created = await create_application(applications, account, location="Paris")
    changes = {
        "notes": "Call back Monday",
        "salaryMin": 50,
        "salaryMax": 60,
        "salaryCurrency": "usd",
    }
    updated = (
        await applications(UPDATE, {"id": created["id"], "input": changes}, token=account.token)
    ).data
    updated = updated["updateApplication"]
    assert (updated["company"], updated["notes"], updated["salaryCurrency"]) == (
        "Acme",
        "Call back Monday",
        "USD",
    )
    cleared = await applications(
        UPDATE, {"id": created["id"], "input": {"notes": None}}, token=account.token
    )
    assert cleared.data["updateApplication"]["notes"] is None


async def test_status_changes_are_kept_in_history(applications, account):
    created = await create_application(applications, account)
    assert created["status"] == "SAVED" and created["appliedAt"] is None
    for status in ["APPLIED", "INTERVIEW", "INTERVIEW", "OFFER"]:
        result = await applications(
            CHANGE_STATUS, {"id": created["id"], "status": status}, token=account.token
        )
    final = result.data["changeApplicationStatus"]
    assert final["status"] == "OFFER" and final["appliedAt"] is not None
    steps = [(s["fromStatus"], s["toStatus"]) for s in final["statusHistory"]]
    assert steps == [
        (None, "SAVED"),
        ("SAVED", "APPLIED"),
        ("APPLIED", "INTERVIEW"),
        ("INTERVIEW", "OFFER"),
    ]
    times = [s["changedAt"] for s in final["statusHistory"]]
    assert times == sorted(times)


async def test_delete_removes_the_application(applications, account):
    created = await create_application(applications, account)
    assert (await applications(DELETE, {"id": created["id"]}, token=account.token)).data == {
        "deleteApplication": created["id"]
    }
    assert (await applications(GET, {"id": created["id"]}, token=account.token)).data[
        "application"
    ] is None
    assert (await applications(DELETE, {"id": created["id"]}, token=account.token)).codes == [
        "NOT_FOUND"
    ]
