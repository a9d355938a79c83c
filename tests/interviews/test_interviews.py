"""Interviews: schedule, list and filter, upcoming ones, update, cancel, per application."""

from tests.interviews.conftest import in_days, known_application, schedule

LIST = """query($filter: InterviewFilterInput, $first: Int, $after: String) {
  interviews(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id type startsAt status } } } }"""
UPDATE = """mutation($id: ID!, $input: UpdateInterviewInput!) {
  updateInterview(id: $id, input: $input) { durationMinutes location timeZone startsAt } }"""
CANCEL = "mutation($id: ID!) { cancelInterview(id: $id) { status } }"


async def test_schedule_with_defaults_and_its_local_time(interviews, interviews_app, account):
    application = await known_application(interviews_app, account)
    starts = "2030-06-01T08:00:00+00:00"
    made = await schedule(interviews, account, application, startsAt=starts, location=" HQ ")
    assert made["startsAt"] == "2030-06-01T08:00:00+00:00"
    assert made["localStartsAt"] == "2030-06-01T10:00:00+02:00"  # Berlin, summer time
    assert made["reminderOffsetsMinutes"] == [1440, 60]  # a day and an hour before
    assert (made["location"], made["status"]) == ("HQ", "SCHEDULED")
    assert made["application"] == {"id": application}


async def test_list_soonest_first_with_filters_and_pages(interviews, interviews_app, account):
    application = await known_application(interviews_app, account)
    other = await known_application(interviews_app, account, company="Other")
    for days, kind in [(3, "PHONE"), (1, "ONSITE"), (2, "ONLINE")]:
        await schedule(interviews, account, application, startsAt=in_days(days), type=kind)
    await schedule(interviews, account, other, startsAt=in_days(5), type="PHONE")

    async def types(**filter_):
        result = await interviews(
            LIST, {"filter": filter_ or None, "first": 2}, token=account.token
        )
        return result.data["interviews"]

    first = await types()
    assert first["totalCount"] == 4 and first["pageInfo"]["hasNextPage"]
    assert [e["node"]["type"] for e in first["edges"]] == ["ONSITE", "ONLINE"]
    assert [e["node"]["type"] for e in (await types(type="PHONE"))["edges"]] == ["PHONE", "PHONE"]
    assert (await types(applicationId=other))["totalCount"] == 1
    assert (await types(**{"from": in_days(1.5), "to": in_days(2.5)}))["totalCount"] == 1


async def test_upcoming_interviews_skip_the_past_and_the_cancelled(
    interviews, interviews_app, account
):
    application = await known_application(interviews_app, account)
    await schedule(interviews, account, application, startsAt=in_days(-1))
    soon = await schedule(interviews, account, application, startsAt=in_days(1))
    later = await schedule(interviews, account, application, startsAt=in_days(4))
    gone = await schedule(interviews, account, application, startsAt=in_days(2))
    await interviews(CANCEL, {"id": gone["id"]}, token=account.token)
    query = f'{{ me: _entities(representations: [{{__typename: "User", id: "{account.id}"}}]) {{ ... on User {{ upcomingInterviews(first: 5) {{ id }} }} }} upcomingInterviews(first: 1) {{ id }} }}'
    result = (await interviews(query, token=account.token)).data
    assert result["me"] == [{"upcomingInterviews": [{"id": soon["id"]}, {"id": later["id"]}]}]
    assert result["upcomingInterviews"] == [{"id": soon["id"]}]


async def test_update_changes_only_what_is_given(interviews, interviews_app, account):
    made = await schedule(interviews, account, await known_application(interviews_app, account))
    changes = {"durationMinutes": 90, "location": "Room 4"}
    updated = await interviews(UPDATE, {"id": made["id"], "input": changes}, token=account.token)
    assert updated.data["updateInterview"] == {
        "durationMinutes": 90, "location": "Room 4", "timeZone": "Europe/Berlin",
        "startsAt": made["startsAt"],
    }  # fmt: skip


async def test_cancel_keeps_it_marked_and_refuses_twice(interviews, interviews_app, account):
    made = await schedule(interviews, account, await known_application(interviews_app, account))
    assert (await interviews(CANCEL, {"id": made["id"]}, token=account.token)).data == {
        "cancelInterview": {"status": "CANCELLED"}
    }
    again = await interviews(CANCEL, {"id": made["id"]}, token=account.token)
    assert again.codes == ["BAD_USER_INPUT"]
    everything = {"filter": {"includeCancelled": True}}
    listed = (await interviews(LIST, everything, token=account.token)).data["interviews"]
    assert [e["node"]["status"] for e in listed["edges"]] == ["CANCELLED"]


async def test_an_application_lists_its_interviews(interviews, interviews_app, account):
    application = await known_application(interviews_app, account)
    late = await schedule(interviews, account, application, startsAt=in_days(3))
    early = await schedule(interviews, account, application, startsAt=in_days(1))
    query = """query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Application { interviews { id } } } }"""
    reps = {"r": [{"__typename": "Application", "id": application}]}
    found = (await interviews(query, reps, token=account.token)).data["_entities"]
    assert found == [{"interviews": [{"id": early["id"]}, {"id": late["id"]}]}]
