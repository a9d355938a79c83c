"""What interviews learn from application events, and what they publish."""

import uuid

import pytest
from sqlalchemy import select

from subgraphs.interviews.events import handlers
from subgraphs.kit import Event, runtime_of
from subgraphs.kit.events.consumer import consume
from tests.interviews.conftest import known_application, schedule

STATUS = "query($id: ID!) { interview(id: $id) { status } }"


def application_event(type_, owner, aggregate, sequence, /, **payload):
    return Event(type=type_, owner_id=uuid.UUID(owner), aggregate_id=aggregate,
                 sequence=sequence, payload=payload)  # fmt: skip


@pytest.fixture
def db(interviews_app):
    return runtime_of(interviews_app).db


async def outbox_types(db, aggregate: str) -> list[str]:
    outbox = db.event_tables.outbox
    async with db.admin() as session:
        rows = await (await session.connection()).execute(
            select(outbox.c.type)
            .where(outbox.c.aggregate_id == aggregate)
            .order_by(outbox.c.position)
        )
        return list(rows.scalars())


async def test_a_deleted_application_cancels_its_interviews(
    interviews, interviews_app, account, db
):
    application = await known_application(interviews_app, account)
    made = await schedule(interviews, account, application)
    gone = application_event("application.deleted", account.id, application, 10**9,
                             application_id=application)  # fmt: skip
    assert await consume(db, handlers, gone)
    status = (await interviews(STATUS, {"id": made["id"]}, token=account.token)).data
    assert status == {"interview": {"status": "CANCELLED"}}
    assert await outbox_types(db, made["id"]) == ["interview.scheduled", "interview.cancelled"]
    result = await interviews(
        "mutation($i: ScheduleInterviewInput!) { scheduleInterview(input: $i) { id } }",
        {"i": {"applicationId": application, "startsAt": "2031-01-01T10:00:00Z",
               "timeZone": "UTC", "durationMinutes": 30, "type": "PHONE"}},
        token=account.token,
    )  # fmt: skip
    assert result.codes == ["NOT_FOUND"]


async def test_applications_become_known_from_their_events(interviews, account, db):
    application = str(uuid.uuid4())
    state = {"id": application, "company": "Initech", "position": "SRE"}
    created = application_event("application.created", account.id, application, 10**9 + 1,
                                 application=state)  # fmt: skip
    assert await consume(db, handlers, created)
    made = await schedule(interviews, account, application)
    published = await outbox_types(db, made["id"])
    assert published == ["interview.scheduled"]
    outbox = db.event_tables.outbox
    async with db.admin() as session:
        [body] = (await (await session.connection()).execute(
            select(outbox.c.body).where(outbox.c.aggregate_id == made["id"])
        )).scalars()  # fmt: skip
    assert (body["payload"]["interview"]["company"], body["payload"]["interview"]["position"]) == (
        "Initech", "SRE",
    )  # fmt: skip
