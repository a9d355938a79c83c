"""The secret calendar feed: an iCalendar document of your interviews that calendar apps fetch
with no sign-in, its URL rotated at will, with caching headers."""

import hashlib
import logging
import uuid
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlmodel import select

from subgraphs.interviews.models import CalendarFeed, Interview, InterviewType
from subgraphs.kit import runtime_of
from tests.clients import asgi_client
from tests.interviews.conftest import known_application, schedule

FEED = "{ calendarFeed { url createdAt } }"
ROTATE = "mutation { rotateCalendarFeed { url createdAt } }"
DISABLE = "mutation { disableCalendarFeed }"
UPDATE = "mutation($id: ID!, $input: UpdateInterviewInput!) { updateInterview(id: $id, input: $input) { id } }"
CANCEL = "mutation($id: ID!) { cancelInterview(id: $id) { status } }"


@pytest.fixture
async def http(interviews_app):
    async with asgi_client(interviews_app) as client:
        yield client


def path(url: str) -> str:
    """The route on the interviews app itself (the URL names the embedded host's mount)."""
    assert url.startswith("http://127.0.0.1:4001/interviews/calendar/") and url.endswith(".ics")
    return "/calendar/" + url.split("/calendar/", 1)[1]


async def rotate(interviews, account) -> str:
    return (await interviews(ROTATE, token=account.token)).data["rotateCalendarFeed"]["url"]


async def test_the_feed_has_every_field_in_its_time_zone(interviews, interviews_app, account, http):
    engines = await known_application(interviews_app, account, company="Analytical Engines",
                                      position="Programmer")  # fmt: skip
    mills = await known_application(interviews_app, account, company="Mills; Sons, Ltd",
                                    position="Weaver")  # fmt: skip
    berlin = await schedule(
        interviews, account, engines, startsAt="2030-06-01T08:00:00+00:00", timeZone="Europe/Berlin",
        durationMinutes=45, type="ONLINE", meetingUrl="https://meet.example.com/abc",
        details="Bring the punched cards.", reminderOffsetsMinutes=[1440, 15],
    )  # fmt: skip
    york = await schedule(
        interviews, account, mills, startsAt="2030-01-15T14:30:00+00:00",
        timeZone="America/New_York", durationMinutes=90, type="ONSITE", location="5 Loom St",
        reminderOffsetsMinutes=[60],
    )  # fmt: skip
    gone = await schedule(interviews, account, mills, startsAt="2030-02-01T09:00:00+00:00",
                          timeZone="UTC", type="PHONE")  # fmt: skip
    await interviews(CANCEL, {"id": gone["id"]}, token=account.token)

    response = await http.get(path(await rotate(interviews, account)))  # no Authorization
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert (calendar["VERSION"], calendar["PRODID"]) == ("2.0", "-//Job Tracker//Interviews//EN")
    assert str(calendar["X-WR-CALNAME"]) == "Job Tracker: interviews"
    zones = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    assert zones == {"Europe/Berlin", "America/New_York"}  # UTC is written as ...Z
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"{i['id']}@interviews.job-tracker" for i in (berlin, york, gone)}

    first = events[f"{berlin['id']}@interviews.job-tracker"]
    assert str(first["SUMMARY"]) == "Video interview: Programmer at Analytical Engines"
    assert first["DTSTART"].params["TZID"] == "Europe/Berlin"
    starts = first.decoded("DTSTART")
    assert starts == datetime(2030, 6, 1, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))  # summer: +2
    assert starts.utcoffset() == timedelta(hours=2)
    assert first.decoded("DTEND") - starts == timedelta(minutes=45)
    assert first["DTEND"].params["TZID"] == "Europe/Berlin"
    assert str(first["LOCATION"]) == "https://meet.example.com/abc"
    assert str(first["URL"]) == "https://meet.example.com/abc"
    assert str(first["DESCRIPTION"]) == "Bring the punched cards.\n\nhttps://meet.example.com/abc"
    assert str(first["STATUS"]) == "CONFIRMED"
    assert first.decoded("DTSTAMP").tzinfo is not None and first.decoded(
        "DTSTAMP"
    ).utcoffset() == timedelta(0)
    alarms = first.walk("VALARM")
    assert [a.decoded("TRIGGER") for a in alarms] == [
        timedelta(minutes=-1440),
        timedelta(minutes=-15),
    ]
    assert {str(a["ACTION"]) for a in alarms} == {"DISPLAY"}
    assert all(str(a["DESCRIPTION"]) == str(first["SUMMARY"]) for a in alarms)

    second = events[f"{york['id']}@interviews.job-tracker"]
    assert str(second["SUMMARY"]) == "On-site interview: Weaver at Mills; Sons, Ltd"
    assert second["DTSTART"].params["TZID"] == "America/New_York"
    assert second.decoded("DTSTART") == datetime(
        2030, 1, 15, 9, 30, tzinfo=ZoneInfo("America/New_York")
    )
    assert second.decoded("DTSTART").utcoffset() == timedelta(hours=-5)  # winter: EST
    assert second.decoded("DTEND").astimezone(UTC) == datetime(2030, 1, 15, 16, 0, tzinfo=UTC)
    assert str(second["LOCATION"]) == "5 Loom St" and "URL" not in second
    assert "DESCRIPTION" not in second
    assert [a.decoded("TRIGGER") for a in second.walk("VALARM")] == [timedelta(minutes=-60)]

    cancelled = events[f"{gone['id']}@interviews.job-tracker"]
    assert str(cancelled["STATUS"]) == "CANCELLED" and not cancelled.walk("VALARM")
    assert str(cancelled["SUMMARY"]) == "Phone interview: Weaver at Mills; Sons, Ltd"
    assert cancelled.decoded("DTSTART") == datetime(2030, 2, 1, 9, 0, tzinfo=UTC)
    assert "TZID" not in cancelled["DTSTART"].params


async def test_rotating_stops_the_old_url_at_once(interviews, interviews_app, account, http):
    assert (await interviews(FEED, token=account.token)).data == {"calendarFeed": None}
    old = await rotate(interviews, account)
    assert (await interviews(FEED, token=account.token)).data["calendarFeed"]["url"] == old
    assert (await http.get(path(old))).status_code == 200
    new = await rotate(interviews, account)
    assert new != old
    assert (await http.get(path(old))).status_code == 404
    assert (await http.get(path(new))).status_code == 200
    assert (await interviews(DISABLE, token=account.token)).data == {"disableCalendarFeed": True}
    assert (await http.get(path(new))).status_code == 404
    assert (await interviews(FEED, token=account.token)).data == {"calendarFeed": None}


async def test_the_store_keeps_only_a_hash(interviews, interviews_app, account):
    url = await rotate(interviews, account)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    async with runtime_of(interviews_app).db.admin() as session:
        row = (await session.exec(
            select(CalendarFeed).where(CalendarFeed.owner_id == uuid.UUID(account.id))
        )).one()  # fmt: skip
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token[32:] not in f"{row.nonce} {row.token_hash}"


async def test_a_wrong_or_foreign_token_is_not_found(
    interviews, interviews_app, users, account, http
):
    from tests.factories import sign_up

    other = await sign_up(users)
    mine = path(await rotate(interviews, account))
    theirs = path(await rotate(interviews, other))
    token = mine.removeprefix("/calendar/").removesuffix(".ics")
    their_token = theirs.removeprefix("/calendar/").removesuffix(".ics")
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in [flipped, other.id.replace("-", "") + token[32:], token[:32] + their_token[32:],
                token[:-1], "x" * 75, uuid.uuid4().hex + token[32:]]:  # fmt: skip
        response = await http.get(f"/calendar/{bad}.ics")
        assert response.status_code == 404, bad
        assert response.headers["cache-control"] == "no-store"
    assert (await http.get(mine)).status_code == 200
    unauthenticated = await interviews(ROTATE)
    assert unauthenticated.codes == ["UNAUTHENTICATED"]


async def test_caching_headers_and_conditional_requests(interviews, interviews_app, account, http):
    application = await known_application(interviews_app, account)
    made = await schedule(interviews, account, application)
    url = path(await rotate(interviews, account))
    first = await http.get(url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert first.headers["cache-control"] == "private, max-age=300"
    assert etag.startswith('"') and etag.endswith('"')
    assert parsedate_to_datetime(modified) <= datetime.now(UTC)

    assert (await http.get(url, headers={"if-none-match": etag})).status_code == 304
    assert (await http.get(url, headers={"if-modified-since": modified})).status_code == 304
    again = await http.get(url)
    assert again.content == first.content and again.headers["etag"] == etag

    await interviews(
        UPDATE, {"id": made["id"], "input": {"location": "Room 7"}}, token=account.token
    )
    changed = await http.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert b"Room 7" in changed.content
    earlier = format_datetime(datetime(2020, 1, 1, tzinfo=UTC), usegmt=True)
    assert (await http.get(url, headers={"if-modified-since": earlier})).status_code == 200


async def saved_before_the_range(interviews_app, account, application: str, **fields) -> str:
    """An interview as a store may hold it from before startsAt had a range: written straight
    to the store (a table model is not validated), as the old scheduleInterview did."""
    values = {"application_id": uuid.UUID(application), "time_zone": "Pacific/Kiritimati",
              "duration_minutes": 30, "type": InterviewType.PHONE, **fields}  # fmt: skip
    async with runtime_of(interviews_app).db.session(owner=uuid.UUID(account.id)) as session:
        row = Interview(**values)
        session.add(row)
    return str(row.id)


async def test_an_interview_out_of_range_saved_before_is_left_out_not_a_failure(
    interviews, interviews_app, account, http, caplog
):
    application = await known_application(interviews_app, account)
    kept = await schedule(interviews, account, application, startsAt="2030-06-01T08:00:00Z")
    late = await saved_before_the_range(
        interviews_app, account, application, starts_at=datetime(9999, 12, 31, 20, tzinfo=UTC)
    )
    await saved_before_the_range(interviews_app, account, application, time_zone="Etc/GMT+12",
                                 starts_at=datetime(1, 1, 1, tzinfo=UTC))  # fmt: skip
    caplog.set_level(logging.WARNING, logger="subgraphs.interviews")

    response = await http.get(path(await rotate(interviews, account)))
    assert response.status_code == 200
    uids = {str(event["UID"]) for event in Calendar.from_ical(response.content).walk("VEVENT")}
    assert uids == {f"{kept['id']}@interviews.job-tracker"}

    upcoming = "{ upcomingInterviews { id startsAt localStartsAt } }"
    listed = (await interviews(upcoming, token=account.token)).data["upcomingInterviews"]
    assert [each["id"] for each in listed] == [kept["id"], late]
    assert listed[1]["localStartsAt"] == "9999-12-31T20:00:00+00:00"  # in UTC: Kiritimati can't
    every = "{ interviews(first: 10) { totalCount edges { node { localStartsAt } } } }"
    assert (await interviews(every, token=account.token)).data["interviews"]["totalCount"] == 3
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert f"interview {late} starts out of range: left out of the feed" in warned
    assert f"interview {late} starts out of range: shown in UTC" in warned


async def test_an_if_modified_since_no_calendar_sends_is_ignored(
    interviews, interviews_app, account, http
):
    url = path(await rotate(interviews, account))
    for since in [
        "Mon, 01 Jan 99999999999999999999 00:00:00 GMT",
        "Mon, 01 Jan 0001 00:00:00 +9999",
    ]:
        assert (await http.get(url, headers={"if-modified-since": since})).status_code == 200
