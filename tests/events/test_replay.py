"""A read model is rebuilt from the producer's current state: emptied, then fed again."""

import asyncio
import uuid

import dramatiq
from dramatiq.asyncio import get_event_loop_thread

from subgraphs.kit import runtime_of
from subgraphs.kit.events.consumer import Databases, consumer_actor
from subgraphs.kit.events.relay import BrokerSender, Relay
from subgraphs.kit.events.replay import replay, reset
from subgraphs.kit.events.routing import handlers_of
from tests.analytics.facts import facts_of as analytics_facts
from tests.conftest import database_template, running
from tests.events.conftest import write_applications


async def facts_of(databases, owner):
    found = await analytics_facts(databases.get("analytics"), owner)
    return sorted((f.application_id, f.status, f.position) for f in found)


async def deliver(db, broker):
    await Relay(db, BrokerSender(broker)).drain()
    await asyncio.to_thread(broker.join, "events.analytics")


async def test_analytics_is_rebuilt_from_the_applications_store(
    stub_broker, settings, store_leg, users_app
):
    """On stores of its own: a replay publishes every application there is, and the session's
    shared store holds thousands by now (a rebuild over them took minutes of the suite)."""
    tag = f"replay{uuid.uuid4().hex[:6]}"
    own = settings.model_copy(
        update={"DATABASE_URL": database_template(store_leg, settings.DATA_DIR, tag)}
    )
    async with running("applications", own, users_app) as applications_app:
        async with running("analytics", own, users_app):
            db, owner = runtime_of(applications_app).db, uuid.uuid4()
            databases = Databases(own)  # the worker's, on its own event loop
            handlers = handlers_of("analytics")
            assert handlers is not None
            consumer_actor(stub_broker, "analytics", handlers, databases)
            worker = dramatiq.Worker(stub_broker, worker_threads=2)
            mine = Databases(own)  # the test's own, on this loop
            worker.start()
            try:
                await write_applications(db, owner, 3)
                await deliver(db, stub_broker)
                before = await facts_of(mine, owner)
                assert len(before) == 3

                assert await reset(own, "analytics") >= 3
                assert await facts_of(mine, owner) == []
                assert await replay(own, "applications") == 3  # this store's, and no more
                await deliver(db, stub_broker)
                assert await facts_of(mine, owner) == before
            finally:
                loop = get_event_loop_thread()
                if loop is not None:  # the worker's stores belong to the worker's loop
                    await asyncio.to_thread(loop.run_coroutine, databases.dispose())
                worker.stop()
                await mine.dispose()
