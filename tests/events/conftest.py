"""Events under test: the applications store publishes, a test consumer (or analytics) takes
them, through a stub broker (both store legs) or a RabbitMQ virtual host of this run's own."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import dramatiq
import pytest
from sqlalchemy import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.applications import store
from subgraphs.applications.models import ApplicationCreate
from subgraphs.kit import Event, Handlers, runtime_of
from subgraphs.kit.db import Database
from subgraphs.kit.events.broker import make_broker
from subgraphs.kit.events.consumer import Databases, consumer_actor


@dataclass
class Recorder:
    """Consumer handlers that record what they handled; `fail` makes them raise."""

    seen: list[Event] = field(default_factory=list)
    fail: bool = False

    def handlers(self) -> Handlers:
        handlers = Handlers(erase_on_user_deleted=False)

        @handlers.on("application.*")
        async def record(session: AsyncSession, event: Event) -> None:
            if self.fail:
                raise RuntimeError(f"poison: {event.type}")
            self.seen.append(event)

        return handlers


async def write_applications(db: Database, owner: uuid.UUID, count: int) -> list[uuid.UUID]:
    """`count` applications, each created in its own unit of work (one event each)."""
    made = []
    for n in range(count):
        async with db.session(owner=owner) as session:
            data = ApplicationCreate(company=f"Company {n}", position="Engineer")
            made.append((await store.create_application(session, data=data)).id)
    return made


async def outbox_size(db: Database) -> int:
    outbox = db.event_tables.outbox
    async with db.admin() as session:
        connection = await session.connection()
        return (await connection.execute(select(func.count()).select_from(outbox))).scalar() or 0


@pytest.fixture
def applications_db(applications_app: Any) -> Database:
    return runtime_of(applications_app).db


@pytest.fixture
async def outbox_emptied(applications_db: Database) -> Database:
    """The applications store with an empty outbox (earlier tests leave events behind)."""
    outbox = applications_db.event_tables.outbox
    async with applications_db.admin() as session:
        await (await session.connection()).execute(outbox.delete())
    return applications_db


def consumer_on(
    broker: dramatiq.Broker, settings: Any, recorder: Recorder
) -> tuple[dramatiq.Worker, Databases]:
    """A worker on `broker` running the recorder as the analytics subgraph's consumer."""
    databases = Databases(settings)
    consumer_actor(broker, "analytics", recorder.handlers(), databases)
    return dramatiq.Worker(broker, worker_threads=2), databases


async def until(condition: Any, *, within: float = 5.0) -> bool:
    deadline = asyncio.get_running_loop().time() + within
    while not await condition():
        if asyncio.get_running_loop().time() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True


def stub_broker_settings(settings: Any) -> Any:
    """Quick retries: two, 10-50 ms apart."""
    return settings.model_copy(
        update={"EVENTS_MAX_RETRIES": 2, "EVENTS_MIN_BACKOFF_MS": 10, "EVENTS_MAX_BACKOFF_MS": 50}
    )


@pytest.fixture
async def stub_broker(settings: Any, analytics_app: Any) -> AsyncIterator[dramatiq.Broker]:
    """An in-process broker whose consumer (analytics) store is migrated; quick retries."""
    broker = make_broker(stub_broker_settings(settings))
    yield broker
    broker.close()
