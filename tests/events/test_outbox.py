"""A write and its events commit together, or neither does; publishing needs the write's unit
of work."""

import uuid

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from sqlalchemy import select

from subgraphs.applications import store
from subgraphs.applications.events import DELETED, ApplicationDeleted
from subgraphs.applications.models import ApplicationCreate, ApplicationStatus
from subgraphs.contacts.events import ContactDeleted
from subgraphs.kit import Event, publish
from subgraphs.kit.events.outbox import NotInAUnitOfWork
from tests.events.conftest import outbox_size


async def outbox_events(db) -> list[Event]:
    outbox = db.event_tables.outbox
    async with db.admin() as session:
        rows = (await (await session.connection()).execute(select(outbox))).all()
    return [Event.decode(row.body) for row in rows]


async def test_a_write_and_its_event_commit_together(outbox_emptied):
    db, owner = outbox_emptied, uuid.uuid4()
    async with db.session(owner=owner) as session:
        data = ApplicationCreate(
            company="Acme", position="Engineer", status=ApplicationStatus.APPLIED
        )
        created = await store.create_application(session, data=data)
    [event] = await outbox_events(db)
    assert (event.type, event.owner_id, event.aggregate_id) == (
        "application.created", owner, str(created.id),
    )  # fmt: skip
    state = event.payload["application"]
    assert (state["company"], state["status"]) == ("Acme", "APPLIED")
    assert [step["to_status"] for step in state["history"]] == ["APPLIED"]
    assert state["notes"] is None and "job_description" not in state  # notes: for search
    assert event.version == 1 and event.sequence is None


async def test_a_write_that_fails_leaves_no_event(outbox_emptied):
    db = outbox_emptied
    with pytest.raises(RuntimeError, match="after the event"):
        async with db.session(owner=uuid.uuid4()) as session:
            data = ApplicationCreate(company="Acme", position="Engineer")
            await store.create_application(session, data=data)
            raise RuntimeError("after the event, before the commit")
    assert await outbox_size(db) == 0


async def test_publishing_outside_a_unit_of_work_is_refused(outbox_emptied):
    db = outbox_emptied
    async with db.reader(owner=uuid.uuid4()) as session:
        with pytest.raises(NotInAUnitOfWork):
            await publish(session, DELETED, aggregate_id="x", payload=deleted())
    assert await outbox_size(db) == 0


def deleted() -> ApplicationDeleted:
    return ApplicationDeleted(application_id=uuid.uuid4())


async def test_an_event_carries_its_declared_model_only(outbox_emptied):
    """A payload of another model (here, another producer's) is refused, not published."""
    async with outbox_emptied.session(owner=uuid.uuid4()) as session:
        wrong = ContactDeleted(contact_id=uuid.uuid4())
        with pytest.raises(TypeError, match=r"application\.deleted carries ApplicationDeleted"):
            await publish(session, DELETED, aggregate_id="x", payload=wrong)  # type: ignore[misc]
    assert await outbox_size(outbox_emptied) == 0


async def test_an_event_carries_the_trace_of_the_request_that_caused_it(outbox_emptied):
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("request") as span:
        async with outbox_emptied.session(owner=uuid.uuid4()) as session:
            await publish(session, DELETED, aggregate_id="x", payload=deleted())
    [event] = await outbox_events(outbox_emptied)
    trace_id = format(span.get_span_context().trace_id, "032x")
    assert event.traceparent is not None and event.traceparent.split("-")[1] == trace_id
    assert trace.get_current_span() is trace.INVALID_SPAN
