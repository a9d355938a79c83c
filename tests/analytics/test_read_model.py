"""The analytics read model keeps each application's newest state, whatever order, however
many times its events arrive; a deletion is not undone by a late event."""

import uuid

import pytest

from subgraphs.analytics import store
from subgraphs.analytics.events import handlers
from subgraphs.analytics.models import ApplicationFact
from subgraphs.analytics.rules import median_days
from subgraphs.kit import Event
from subgraphs.kit.events.consumer import Databases, consume
from tests.analytics.facts import facts_of


def state(application: uuid.UUID, status: str, steps: list[str]) -> dict:
    at = "2026-03-01T10:00:00+00:00"
    history, previous = [], None
    for step in steps:
        history.append({"from_status": previous, "to_status": step, "changed_at": at})
        previous = step
    return {"id": str(application), "company": "Acme", "position": "Backend Engineer",
            "location": "Remote", "status": status, "applied_at": at, "created_at": at,
            "history": history}  # fmt: skip


def event(owner, aggregate, sequence, type_="application.status_changed", /, **payload):
    return Event(type=type_, owner_id=owner, aggregate_id=str(aggregate),
                 sequence=sequence, payload=payload)  # fmt: skip


@pytest.fixture
async def analytics_db(analytics_app, settings):
    databases = Databases(settings)
    yield databases.get("analytics")
    await databases.dispose()


async def facts(db, owner):
    return [(f.status, f.reached) for f in await facts_of(db, owner)]


async def test_newest_state_wins_in_any_order_and_duplicates_change_nothing(analytics_db):
    owner, application = uuid.uuid4(), uuid.uuid4()
    applied = event(owner, application, 10, application=state(application, "APPLIED", ["APPLIED"]))
    offer = event(owner, application, 12,
                  application=state(application, "OFFER", ["APPLIED", "INTERVIEW", "OFFER"]))  # fmt: skip
    for delivered in (offer, applied, offer, applied):  # late and twice
        await consume(analytics_db, handlers, delivered)
    assert await facts(analytics_db, owner) == [("OFFER", ["APPLIED", "INTERVIEW", "OFFER"])]


async def test_a_late_event_does_not_bring_a_deleted_application_back(analytics_db):
    owner, application = uuid.uuid4(), uuid.uuid4()
    created = event(owner, application, 5, "application.created",
                    application=state(application, "SAVED", ["SAVED"]))  # fmt: skip
    deleted = event(owner, application, 7, "application.deleted", application_id=str(application))
    updated = event(owner, application, 6, "application.updated",
                    application=state(application, "APPLIED", ["SAVED", "APPLIED"]))  # fmt: skip
    for delivered in (created, deleted, updated):
        await consume(analytics_db, handlers, delivered)
    assert await facts(analytics_db, owner) == []


async def test_the_figures_count_the_owners_applications_only(analytics_db):
    """The figures are one UNION ALL statement: kit's owner scoping reaches every part of it."""
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    for sequence, (owner, status) in enumerate(
        [(mine, "APPLIED"), (mine, "OFFER"), (theirs, "APPLIED"), (theirs, "APPLIED")], start=1
    ):
        application = uuid.uuid4()
        steps = ["APPLIED", "INTERVIEW", "OFFER"] if status == "OFFER" else ["APPLIED"]
        changed = event(owner, application, sequence, application=state(application, status, steps))
        await consume(analytics_db, handlers, changed)
    columns = {"byStatus": "status", "funnel": "furthest_step", "applicationsPerMonth": "month"}
    async with analytics_db.reader(owner=mine) as session:
        counted = await store.counts(session, columns)
    assert counted["byStatus"] == [("APPLIED", 1), ("OFFER", 1)]
    assert counted["applicationsPerMonth"] == [("2026-03", 2)]
    assert sum(count for _, count in counted["funnel"]) == 2
    assert all(isinstance(step, int) for step, _ in counted["funnel"])


@pytest.mark.parametrize(
    ("mine", "median"),
    [([], None), ([4.0], 4.0), ([1.0, 5.0, 2.0], 2.0), ([1.0, 5.0, 2.0, 10.0], 3.5)],
)
async def test_the_median_is_the_owners_middle_values_only(analytics_db, mine, median):
    """Read as the one or two middle values (window functions, both stores); another owner's
    values, deleted applications and unanswered ones are not among them."""
    me, them = uuid.uuid4(), uuid.uuid4()
    for owner, values in ((me, [*mine, None]), (them, [100.0, 200.0, 0.5])):
        async with analytics_db.session(owner=owner) as session:
            for days in values:
                session.add(
                    ApplicationFact(application_id=uuid.uuid4(), sequence=1, response_days=days)
                )
            session.add(
                ApplicationFact(
                    application_id=uuid.uuid4(), sequence=1, response_days=0.1, deleted=True
                )
            )
    async with analytics_db.reader(owner=me) as session:
        middle = await store.middle_response_days(session)
    assert len(middle) <= 2
    assert median_days(middle) == median
