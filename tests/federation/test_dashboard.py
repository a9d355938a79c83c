"""The Dashboard: one request to the real router answers all of it, every field as seeded, in
one round of subgraph fetches, one per subgraph that holds a part; the greeting's name and the
unread count are the header's Viewer query's (the page reads them from it, not asked twice)."""

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.factories import create_application, operation, sign_up

pytestmark = pytest.mark.federation

DASHBOARD = operation("Dashboard")
VIEWER = operation("Viewer")
SCHEDULE = operation("ScheduleInterview")
CHANGE = operation("ChangeApplicationStatus")


def fetch_rounds(node: dict[str, Any] | None) -> int:
    """Sequential rounds of subgraph fetches in a query plan (Parallel: at once)."""
    if not node:
        return 0
    kind = node.get("kind")
    if kind == "Fetch":
        return 1
    if kind == "Sequence":
        return sum(fetch_rounds(child) for child in node["nodes"])
    if kind == "Parallel":
        return max((fetch_rounds(child) for child in node["nodes"]), default=0)
    children = [v for v in node.values() if isinstance(v, dict) and "kind" in v]
    return max((fetch_rounds(child) for child in children), default=0)


async def schedule(router, account, application_id: str, starts: datetime) -> dict[str, Any]:
    values = {"applicationId": application_id, "startsAt": starts.isoformat(),
              "timeZone": "Europe/Paris", "durationMinutes": 30, "type": "ONLINE"}  # fmt: skip
    for _ in range(100):  # interviews hear of a new application from its events
        result = await router(SCHEDULE, {"input": values}, token=account.token)
        if result.codes != ["NOT_FOUND"]:
            return result.data["scheduleInterview"]
        await asyncio.sleep(0.05)
    raise AssertionError("interviews never heard of the application")


async def test_the_dashboard_is_one_request_with_everything_as_seeded(router):
    me = await sign_up(router, full_name="Dana Shboard")
    seeded = [  # company, position, final status
        ("Alpha", "Backend Engineer", "APPLIED"), ("Beta", "Frontend Engineer", "INTERVIEW"),
        ("Gamma", "Data Scientist", "OFFER"), ("Delta", "QA Engineer", "REJECTED"),
        ("Epsilon", "SRE", "SAVED"), ("Zeta", "Designer", "INTERVIEW"),
        ("Eta", "Backend Engineer", "APPLIED"),
    ]  # fmt: skip
    made = {}
    for company, position, status in seeded:
        created = await create_application(router, me, company=company, position=position)
        made[company] = created["id"]
        path = {"INTERVIEW": ["APPLIED", "INTERVIEW"], "OFFER": ["APPLIED", "INTERVIEW", "OFFER"],
                "REJECTED": ["APPLIED", "REJECTED"], "APPLIED": ["APPLIED"], "SAVED": []}[status]  # fmt: skip
        for step in path:
            await router(CHANGE, {"id": created["id"], "status": step}, token=me.token)
    now = datetime.now(UTC).replace(microsecond=0)
    soon = await schedule(router, me, made["Beta"], now + timedelta(days=1, hours=2))
    later = await schedule(router, me, made["Zeta"], now + timedelta(days=3))
    await schedule(router, me, made["Beta"], now - timedelta(days=2))  # past: not upcoming

    expected_status = [{"label": "APPLIED", "count": 2}, {"label": "INTERVIEW", "count": 2},
                       {"label": "OFFER", "count": 1}, {"label": "REJECTED", "count": 1},
                       {"label": "SAVED", "count": 1}]  # fmt: skip
    for _ in range(200):  # analytics follows the events within moments (10 s on a loaded machine)
        result = await router(DASHBOARD, token=me.token, headers={"x-expose-query-plan": "1"})
        if result.data["me"]["analytics"]["byStatus"] == expected_status:
            break
        await asyncio.sleep(0.05)
    data = result.data
    assert set(data["me"]) == {"id", "analytics"}  # the name and unread count: Viewer's
    viewer = (await router(VIEWER, token=me.token)).data["me"]
    assert viewer == {
        "id": data["me"]["id"],
        "fullName": "Dana Shboard",
        "unreadNotificationCount": 0,
    }
    assert data["inProgress"] == {"totalCount": 4}
    recent = [edge["node"]["company"] for edge in data["recentApplications"]["edges"]]
    assert recent == ["Eta", "Zeta", "Epsilon", "Delta", "Gamma"]
    upcoming = data["upcomingInterviews"]
    assert [i["id"] for i in upcoming] == [soon["id"], later["id"]]
    assert [i["application"] for i in upcoming] == [
        {"id": made["Beta"], "company": "Beta", "position": "Frontend Engineer"},
        {"id": made["Zeta"], "company": "Zeta", "position": "Designer"},
    ]
    assert upcoming[0]["timeZone"] == "Europe/Paris" and upcoming[0]["type"] == "ONLINE"
    analytics = data["me"]["analytics"]
    assert analytics["byStatus"] == expected_status
    assert analytics["funnel"] == [
        {"status": "APPLIED", "count": 6, "conversion": None},
        {"status": "INTERVIEW", "count": 3, "conversion": 0.5},
        {"status": "OFFER", "count": 1, "conversion": 0.3333},
    ]
    assert analytics["applicationsPerMonth"][-1]["count"] == 7
    plan = result.body["extensions"]["queryPlan"]
    # One round: applications, interviews and analytics at once (`me` is shareable, and
    # interviews provide their applications' company and position); no users or notifications.
    assert fetch_rounds(plan["node"]) == 1, plan
    assert sorted(fetch["serviceName"] for fetch in plan["node"]["nodes"]) == [
        "analytics",
        "applications",
        "interviews",
    ], plan
