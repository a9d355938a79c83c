"""A read model is rebuilt from the producer's current state: emptied, then fed again."""

import asyncio
import uuid

from subgraphs.kit.events.consumer import Databases
from subgraphs.kit.events.relay import BrokerSender, Relay
from subgraphs.kit.events.replay import replay, reset
from subgraphs.kit.events.worker import InProcessWorker
from tests.analytics.facts import facts_of as analytics_facts
from tests.events.conftest import write_applications


async def facts_of(databases, owner):
    found = await analytics_facts(databases.get("analytics"), owner)
    return sorted((f.application_id, f.status, f.position) for f in found)


async def deliver(db, broker, worker):
    await Relay(db, BrokerSender(broker)).drain()
    await asyncio.to_thread(broker.join, "events.analytics")


async def test_analytics_is_rebuilt_from_the_applications_store(
    outbox_emptied, stub_broker, settings
):
    db, owner = outbox_emptied, uuid.uuid4()
    worker = InProcessWorker(stub_broker, settings)
    databases = Databases(settings)  # the test's own: the worker's live on its event loop
    worker.start()
    try:
        await write_applications(db, owner, 3)
        await deliver(db, stub_broker, worker)
        before = await facts_of(databases, owner)
        assert len(before) == 3

        assert await reset(settings, "analytics") >= 3
        assert await facts_of(databases, owner) == []
        assert await replay(settings, "applications") >= 3
        await deliver(db, stub_broker, worker)
        assert await facts_of(databases, owner) == before
    finally:
        worker.stop()
        await databases.dispose()
