"""Bad input is refused with a clear code, and nothing is written; so is an interview for an
application that is not yours."""

from datetime import datetime, timedelta

import pytest

from tests.factories import sign_up
from tests.interviews.conftest import SCHEDULE, in_days, known_application, schedule

COUNT = "{ interviews(filter: {includeCancelled: true}) { totalCount } }"


async def total(interviews, account) -> int:
    return (await interviews(COUNT, token=account.token)).data["interviews"]["totalCount"]


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"durationMinutes": 0}, "BAD_USER_INPUT", "durationMinutes"),
        ({"durationMinutes": -30}, "BAD_USER_INPUT", "durationMinutes"),
        ({"timeZone": "Mars/Olympus_Mons"}, "BAD_USER_INPUT", "timeZone"),
        ({"type": "CARRIER_PIGEON"}, "BAD_USER_INPUT", None),
        ({"startsAt": "2030-01-01T10:00:00"}, "BAD_USER_INPUT", "startsAt"),
        ({"startsAt": "9999-12-31T20:00Z", "timeZone": "Pacific/Kiritimati"}, "BAD_USER_INPUT",
         "startsAt"),
        ({"startsAt": "0001-01-01T00:00:00+01:00"}, "BAD_USER_INPUT", "startsAt"),
        ({"startsAt": "1899-12-31T23:59:59Z"}, "BAD_USER_INPUT", "startsAt"),
        ({"startsAt": "9000-01-01T00:00:01Z"}, "BAD_USER_INPUT", "startsAt"),
        ({"reminderOffsetsMinutes": [0]}, "BAD_USER_INPUT", "reminderOffsetsMinutes"),
        ({"reminderOffsetsMinutes": [60] * 6}, "BAD_USER_INPUT", "reminderOffsetsMinutes"),
        ({"meetingUrl": "javascript:alert(1)"}, "BAD_USER_INPUT", "meetingUrl"),
        ({"applicationId": "not-an-id"}, "NOT_FOUND", None),
    ],
)  # fmt: skip
async def test_bad_input_is_refused_and_nothing_written(
    interviews, interviews_app, account, fields, code, field
):
    application = await known_application(interviews_app, account)
    values = {"applicationId": application, "startsAt": in_days(2), "timeZone": "UTC",
              "durationMinutes": 30, "type": "PHONE", **fields}  # fmt: skip
    result = await interviews(SCHEDULE, {"input": values}, token=account.token)
    assert result.codes == [code], result.body
    if field:
        assert result.error["extensions"]["field"] == field
    assert await total(interviews, account) == 0


async def test_an_application_that_is_not_yours_is_not_found(interviews, interviews_app, users):
    owner, intruder = await sign_up(users), await sign_up(users)
    theirs = await known_application(interviews_app, owner)
    values = {"applicationId": theirs, "startsAt": in_days(2), "timeZone": "UTC",
              "durationMinutes": 30, "type": "PHONE"}  # fmt: skip
    result = await interviews(SCHEDULE, {"input": values}, token=intruder.token)
    assert result.codes == ["NOT_FOUND"] and result.error["extensions"]["field"] == "applicationId"
    assert await total(interviews, intruder) == 0


async def test_an_update_that_breaks_a_rule_keeps_the_interview(
    interviews, interviews_app, account
):
    made = await schedule(interviews, account, await known_application(interviews_app, account))
    update = """mutation($id: ID!, $input: UpdateInterviewInput!) {
      updateInterview(id: $id, input: $input) { id } }"""
    for changes in [{"durationMinutes": 0}, {"timeZone": "Nowhere/Land"}, {"type": None},
                    {"startsAt": "9999-12-31T20:00:00Z"}]:  # fmt: skip
        result = await interviews(update, {"id": made["id"], "input": changes}, token=account.token)
        assert result.codes == ["BAD_USER_INPUT"], changes
    get = "query($id: ID!) { interview(id: $id) { durationMinutes timeZone type } }"
    kept = (await interviews(get, {"id": made["id"]}, token=account.token)).data["interview"]
    assert kept == {"durationMinutes": 45, "timeZone": "Europe/Berlin", "type": "ONLINE"}


@pytest.mark.parametrize(
    "field", ["timeZone", "startsAt", "durationMinutes", "type", "reminderOffsetsMinutes"]
)
async def test_an_update_to_null_of_what_an_interview_needs_is_refused(
    interviews, interviews_app, account, unexpected, field
):
    """Found by the fuzz (tests/fuzz): `timeZone: null` reached the time zone check (a 500)."""
    made = await schedule(interviews, account, await known_application(interviews_app, account))
    update = """mutation($id: ID!, $input: UpdateInterviewInput!) {
      updateInterview(id: $id, input: $input) { id } }"""
    result = await interviews(
        update, {"id": made["id"], "input": {field: None}}, token=account.token
    )
    assert result.codes == ["BAD_USER_INPUT"] and result.error["extensions"]["field"] == field
    assert result.error["message"] == f"{field}: must not be null"
    assert unexpected() == []


@pytest.mark.parametrize("field", ["from", "to"])
@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:00:00-02:00"])
async def test_a_filter_moment_out_of_range_is_refused(interviews, account, field, moment):
    query = "query($f: InterviewFilterInput) { interviews(filter: $f) { totalCount } }"
    result = await interviews(query, {"f": {field: moment}}, token=account.token)
    assert result.codes == ["BAD_USER_INPUT"] and result.error["extensions"]["field"] == field
    assert "1900-01-01T00:00:00Z" in result.error["message"]


@pytest.mark.parametrize(
    ("moment", "zone"),
    [("1900-01-01T00:00:00Z", "Etc/GMT+12"), ("9000-01-01T00:00:00Z", "Pacific/Kiritimati")],
)
async def test_the_ends_of_the_range_are_shown_in_any_zone(
    interviews, interviews_app, account, moment, zone
):
    application = await known_application(interviews_app, account)
    made = await schedule(interviews, account, application, startsAt=moment, timeZone=zone,
                          durationMinutes=1440, reminderOffsetsMinutes=[43200])  # fmt: skip
    shown = datetime.fromisoformat(made["localStartsAt"])
    assert shown == datetime.fromisoformat(moment) and shown.utcoffset() != timedelta(0)
