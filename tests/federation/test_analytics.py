"""Through the real router: application events reach the analytics read model, and what it
shows matches a count made by hand, within 2 s."""

import asyncio
from datetime import UTC, datetime

import pytest

from tests.factories import create_application, operation, sign_up

pytestmark = pytest.mark.federation

ANALYTICS = operation("Analytics")
CHANGE = operation("ChangeApplicationStatus")
UPDATE = "mutation($id: ID!, $i: UpdateApplicationInput!) { updateApplication(id: $id, input: $i) { id } }"
DELETE = "mutation($id: ID!) { deleteApplication(id: $id) }"


async def eventually(read, expected, *, within: float = 2.0):
    """`read()` until it equals `expected`, for at most `within` seconds; the last value."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        value = await read()
        if value == expected or asyncio.get_running_loop().time() > deadline:
            return value
        await asyncio.sleep(0.05)


async def test_analytics_follow_every_change_to_applications(router):
    me = await sign_up(router)
    made = {}
    for company, position, location in [
        ("Globex", "Senior Frontend Engineer", "Berlin, DE"),
        ("Hooli", "Backend Developer (Python)", "Remote - EU"),
        ("Initech", "Site Reliability Engineer", "berlin"),
        ("Umbrella", "Product Designer", None),
        ("Gone Inc", "Data Scientist", "Paris"),
    ]:
        made[company] = await create_application(
            router, me, company=company, position=position, location=location, status="APPLIED"
        )
    for company, status in [("Globex", "INTERVIEW"), ("Globex", "OFFER"), ("Hooli", "REJECTED")]:
        changed = await router(
            CHANGE, {"id": made[company]["id"], "status": status}, token=me.token
        )
        assert changed.data["changeApplicationStatus"]["status"] == status
    await router(
        UPDATE, {"id": made["Umbrella"]["id"], "i": {"location": "Work from home"}}, token=me.token
    )
    assert (await router(DELETE, {"id": made["Gone Inc"]["id"]}, token=me.token)).data

    month = datetime.now(UTC).strftime("%Y-%m")
    expected = {
        "byStatus": [
            {"label": "APPLIED", "count": 2},
            {"label": "OFFER", "count": 1},
            {"label": "REJECTED", "count": 1},
        ],
        "byPositionCategory": [
            {"category": "BACKEND", "count": 1},
            {"category": "DESIGN", "count": 1},
            {"category": "DEVOPS_SRE", "count": 1},
            {"category": "FRONTEND", "count": 1},
        ],
        "byLocation": [{"label": "Berlin", "count": 2}, {"label": "Remote", "count": 2}],
        "funnel": [
            {"status": "APPLIED", "count": 4, "conversion": None},
            {"status": "INTERVIEW", "count": 1, "conversion": 0.25},
            {"status": "OFFER", "count": 1, "conversion": 1.0},
        ],
        "thisMonth": {"month": month, "count": 4},
        "months": 12,
    }

    async def read():
        analytics = (await router(ANALYTICS, token=me.token)).data["me"]["analytics"]
        per_month = analytics.pop("applicationsPerMonth")
        analytics.pop("medianDaysToResponse")
        return {**analytics, "thisMonth": per_month[-1], "months": len(per_month)}

    assert await eventually(read, expected) == expected
    analytics = (await router(ANALYTICS, token=me.token)).data["me"]["analytics"]
    assert analytics["medianDaysToResponse"] == 0.0  # Globex and Hooli answered within seconds
    assert sum(m["count"] for m in analytics["applicationsPerMonth"]) == 4
