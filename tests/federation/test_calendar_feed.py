"""The calendar feed in the running system: made through the router, fetched from the embedded
host's `/interviews/calendar/<token>.ics` with no token, and kept current by application events."""

import asyncio

import httpx
import pytest
from icalendar import Calendar

from tests.factories import create_application, operation, sign_up
from tests.federation.test_dashboard import schedule

pytestmark = pytest.mark.federation

ROTATE = operation("RotateCalendarFeed")
FEED = operation("CalendarFeed")
UPDATE = "mutation($id: ID!, $input: UpdateApplicationInput!) { updateApplication(id: $id, input: $input) { id } }"


def summaries(body: bytes) -> list[str]:
    return [str(event["SUMMARY"]) for event in Calendar.from_ical(body).walk("VEVENT")]


async def test_the_feed_url_works_on_the_host_and_follows_the_application(router, system):
    from datetime import UTC, datetime, timedelta

    me = await sign_up(router)
    created = await create_application(
        router, me, company="Analytical Engines", position="Programmer"
    )
    await schedule(router, me, created["id"], datetime.now(UTC) + timedelta(days=3))
    url = (await router(ROTATE, token=me.token)).data["rotateCalendarFeed"]["url"]
    assert url.startswith(f"{system.host_url}/interviews/calendar/")
    assert (await router(FEED, token=me.token)).data["calendarFeed"]["url"] == url
    async with httpx.AsyncClient(timeout=30) as client:
        first = await client.get(url)
        assert first.status_code == 200, first.text
        assert summaries(first.content) == ["Video interview: Programmer at Analytical Engines"]
        changes = {"company": "Babbage & Co"}
        await router(UPDATE, {"id": created["id"], "input": changes}, token=me.token)
        for _ in range(100):  # interviews hear of the change from its event
            later = await client.get(url, headers={"if-none-match": first.headers["etag"]})
            if later.status_code == 200:
                break
            await asyncio.sleep(0.05)
        assert summaries(later.content) == ["Video interview: Programmer at Babbage & Co"]
        await router(ROTATE, token=me.token)
        assert (await client.get(url)).status_code == 404
