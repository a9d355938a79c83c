"""Store round trips per operation do not grow with the rows: the Dashboard's interviews and
analytics parts, and an application's interviews, for 10 and for 200 rows."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from subgraphs.analytics import store as analytics_store
from subgraphs.analytics.events import Application
from subgraphs.interviews import store
from subgraphs.interviews.models import InterviewCreate, InterviewType
from subgraphs.kit import runtime_of
from tests.clients import GraphQL, asgi_client
from tests.conftest import running
from tests.factories import sign_up
from tests.interviews.conftest import SEQUENCE

UPCOMING = "{ upcomingInterviews(first: 5) { id startsAt application { id } } }"
OF_APPLICATIONS = """query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Application { interviews { id type } } } }"""
ANALYTICS = """query($r: [_Any!]!) { _entities(representations: $r) { ... on User { analytics {
  byStatus { label count } funnel { status count } medianDaysToResponse
  applicationsPerMonth { month count } } } } }"""


@pytest.fixture(scope="module")
async def counting(settings, users_app, interviews_app, analytics_app) -> AsyncIterator[dict]:
    debug = settings.model_copy(update={"DEBUG_STORE_QUERIES": True, "MIGRATE_ON_START": False})
    async with (
        running("interviews", debug, users_app) as interviews,
        running("analytics", debug, users_app) as analytics,
        asgi_client(interviews) as i,
        asgi_client(analytics) as a,
    ):
        yield {"interviews": GraphQL(i, "/graphql"), "analytics": GraphQL(a, "/graphql"),
               "interviews_app": interviews, "analytics_app": analytics}  # fmt: skip


async def seed(apps: dict, account, count: int) -> list[str]:
    """`count` applications known to interviews (one interview each) and to analytics."""
    owner, applications = uuid.UUID(account.id), list[str]()
    soon = datetime.now(UTC) + timedelta(days=1)
    async with runtime_of(apps["interviews_app"]).db.session(owner=owner) as session:
        for n in range(count):
            application = uuid.uuid4()
            await store.know_application(session, application_id=application,
                                         sequence=next(SEQUENCE), company="C", position="P")  # fmt: skip
            data = InterviewCreate(application_id=application, starts_at=soon + timedelta(hours=n),
                                   time_zone="UTC", duration_minutes=30, type=InterviewType.PHONE)  # fmt: skip
            await store.schedule(session, data=data)
            applications.append(str(application))
    async with runtime_of(apps["analytics_app"]).db.session(owner=owner) as session:
        for n, known in enumerate(applications):
            state = {"id": known, "company": "C", "position": "Backend Engineer",
                     "status": "APPLIED", "location": "Remote", "applied_at": soon.isoformat(),
                     "created_at": soon.isoformat(),
                     "history": [{"from_status": None, "to_status": "APPLIED",
                                  "changed_at": soon.isoformat()}]}  # fmt: skip
            await analytics_store.keep_application(
                session, Application.model_validate(state), n + 1
            )
    return applications


async def store_queries(api: GraphQL, query: str, variables: Any = None, *, token: str) -> int:
    result = await api(query, variables, token=token)
    assert result.data is not None
    return result.body["extensions"]["storeQueries"]


async def test_the_dashboards_parts_cost_the_same_for_10_and_200_rows(counting, users):
    costs = {}
    for count in (10, 200):
        account = await sign_up(users)
        applications = await seed(counting, account, count)
        reps = {"r": [{"__typename": "Application", "id": a} for a in applications]}
        me = {"r": [{"__typename": "User", "id": account.id}]}
        costs[count] = (
            await store_queries(counting["interviews"], UPCOMING, token=account.token),
            await store_queries(counting["interviews"], OF_APPLICATIONS, reps, token=account.token),
            await store_queries(counting["analytics"], ANALYTICS, me, token=account.token),
        )
    # upcoming: one page; an applications batch: known applications, then their interviews;
    # analytics: the figures asked in one statement (a UNION ALL of grouped queries), the
    # median in another
    assert costs == {10: (1, 2, 2), 200: (1, 2, 2)}
