"""The relay sends committed events in order, at least once: a broker that is down delays them,
a relay that dies mid-batch sends again, and consumers absorb the duplicates."""

import asyncio
import uuid

import dramatiq

from subgraphs.kit.db import Database
from subgraphs.kit.events.broker import acknowledgements, make_broker
from subgraphs.kit.events.consumer import Databases, consume, consumer_actor
from subgraphs.kit.events.relay import BrokerSender, Relay
from subgraphs.kit.events.routing import consumers_of
from tests.events.conftest import (
    Recorder,
    consumer_on,
    outbox_size,
    stub_broker_settings,
    until,
    write_applications,
)


class FlakySender(BrokerSender):
    """A broker connection that fails while `down`, or after `limit` messages (a relay
    killed mid-batch)."""

    def __init__(self, broker, *, down: bool = False, limit: int | None = None) -> None:
        super().__init__(broker)
        self.down, self.limit = down, limit

    def send(self, events, outbox=None):
        if self.down:
            raise ConnectionError("broker unreachable")
        if self.limit is not None:
            super().send(events[: self.limit], outbox)
            raise ConnectionError("killed mid-batch")
        super().send(events, outbox)


async def test_events_go_out_in_order_and_leave_the_outbox(outbox_emptied, stub_broker, settings):
    db, recorder = outbox_emptied, Recorder()
    worker, _databases = consumer_on(stub_broker, settings, recorder)
    ids = await write_applications(db, uuid.uuid4(), 5)
    relay = Relay(db, BrokerSender(stub_broker))
    assert await relay.drain() == 5
    assert await outbox_size(db) == 0
    worker.start()
    try:
        await asyncio.to_thread(stub_broker.join, "events.analytics")
    finally:
        worker.stop()
    by_sequence = sorted(recorder.seen, key=lambda event: event.sequence or 0)
    assert [event.aggregate_id for event in by_sequence] == [str(i) for i in ids]


async def test_a_broker_that_is_down_delays_events_and_loses_none(outbox_emptied, stub_broker):
    db = outbox_emptied
    sender = FlakySender(stub_broker, down=True)
    relay = Relay(db, sender, sweep_seconds=0.05)
    relay.start()
    try:
        await write_applications(db, uuid.uuid4(), 3)  # the writes succeed
        await asyncio.sleep(0.2)
        assert await outbox_size(db) == 3  # and their events wait
        sender.down = False
        assert await until(lambda: _empty(db), within=5)  # swept once the broker is back
    finally:
        await relay.stop()
    assert stub_broker.queues["events.analytics"].qsize() == 3


async def _empty(db) -> bool:
    return await outbox_size(db) == 0


async def test_a_relay_killed_mid_batch_resends_and_the_consumer_absorbs_it(
    outbox_emptied, stub_broker, settings
):
    db, recorder = outbox_emptied, Recorder()
    await write_applications(db, uuid.uuid4(), 4)
    killed = Relay(db, FlakySender(stub_broker, limit=2))
    try:
        await killed.drain()
    except ConnectionError:
        pass
    assert await outbox_size(db) == 4  # nothing was deleted: the batch did not finish
    assert await Relay(db, BrokerSender(stub_broker)).drain() == 4
    worker, _databases = consumer_on(stub_broker, settings, recorder)
    worker.start()
    try:
        await asyncio.to_thread(stub_broker.join, "events.analytics")
    finally:
        worker.stop()
    delivered = [event.id for event in recorder.seen]
    assert len(delivered) == 4 and len(set(delivered)) == 4  # 6 deliveries, 4 effects


async def test_a_duplicate_delivery_changes_nothing(analytics_app, settings):
    from subgraphs.kit import Event
    from subgraphs.kit.events.consumer import Databases

    recorder = Recorder()
    event = Event(type="application.updated", owner_id=uuid.uuid4(), aggregate_id="a", payload={})
    databases = Databases(settings)
    try:
        db = databases.get("analytics")
        assert await consume(db, recorder.handlers(), event) is True
        assert await consume(db, recorder.handlers(), event) is False
    finally:
        await databases.dispose()
    assert [e.id for e in recorder.seen] == [event.id]


class OneStore(Databases):
    """Every consumer's inbox in the analytics store (the only one these tests migrate)."""

    def get(self, subgraph: str) -> Database:
        return super().get("analytics")


def every_consumer_on(broker, settings, recorder) -> tuple[dramatiq.Worker, Databases]:
    """The recorder as each subgraph that consumes applications' events."""
    databases = OneStore(settings)
    for consumer in consumers_of("application.created"):
        consumer_actor(broker, consumer, recorder.handlers(), databases)
    return dramatiq.Worker(broker, worker_threads=2), databases


def keeping_relay(db, broker) -> Relay:
    """The embedded host's relay: rows stay until every consumer processed them."""
    relay = Relay(db, BrokerSender(broker), sweep_seconds=0.05, until_processed=True)
    acknowledgements(broker).relays[db.subgraph] = relay
    return relay


async def test_with_a_broker_that_keeps_nothing_an_event_stays_until_processed(
    outbox_emptied, stub_broker, settings
):
    """The in-process broker's messages die with the process: the outbox keeps each event until
    every consumer acknowledged it, and a restarted relay sends what was not (issue: a
    `kill -9` of the embedded host lost 27 % of a burst's events)."""
    db, recorder = outbox_emptied, Recorder()
    relay = keeping_relay(db, stub_broker)
    relay.start()
    try:
        await write_applications(db, uuid.uuid4(), 3)
        await asyncio.sleep(0.3)  # several sweeps: each row is sent once and kept
        assert relay.sent == 3 and await outbox_size(db) == 3
    finally:
        await relay.stop()

    broker = make_broker(stub_broker_settings(settings))  # a new process: the messages are gone
    restarted = keeping_relay(db, broker)
    worker, databases = every_consumer_on(broker, settings, recorder)
    worker.start()
    restarted.start()
    try:
        assert await until(lambda: _empty(db), within=10)
    finally:
        await restarted.stop()
        worker.stop()
        await databases.dispose()
        broker.close()
    assert restarted.sent == 3
    assert len({event.id for event in recorder.seen}) == 3


async def test_a_dead_lettered_event_counts_as_processed(outbox_emptied, stub_broker, settings):
    db, recorder = outbox_emptied, Recorder(fail=True)
    relay = keeping_relay(db, stub_broker)
    worker, databases = every_consumer_on(stub_broker, settings, recorder)
    worker.start()
    relay.start()
    try:
        await write_applications(db, uuid.uuid4(), 1)
        assert await until(lambda: _empty(db), within=10)  # kept in the consumer's store
    finally:
        await relay.stop()
        worker.stop()
        await databases.dispose()
