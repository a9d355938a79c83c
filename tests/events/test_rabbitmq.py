"""The production broker: events through RabbitMQ (a virtual host of this run's own), the
broker going away and coming back, and dead letters in RabbitMQ's dead-letter queue."""

import asyncio
import logging
import uuid
from typing import Any

import pytest

from subgraphs.kit.events import deadletters
from subgraphs.kit.events.broker import make_broker
from subgraphs.kit.events.relay import BrokerSender, Relay
from tests.events.conftest import Recorder, consumer_on, outbox_size, until, write_applications
from tests.events.test_consumer import dead_letters_counted
from tests.tcp_proxy import TcpProxy


@pytest.fixture
def rabbit_settings(settings, rabbitmq_url, analytics_app):
    return settings.model_copy(
        update={
            "BROKER_URL": rabbitmq_url,
            "EVENTS_MAX_RETRIES": 1,
            "EVENTS_MIN_BACKOFF_MS": 10,
            "EVENTS_MAX_BACKOFF_MS": 20,
        }
    )


@pytest.fixture
async def proxy():
    proxy = TcpProxy(5672)
    await proxy.up()
    yield proxy
    await proxy.down()


def through(proxy: TcpProxy, url: str) -> str:
    return url.replace("127.0.0.1:5672", f"127.0.0.1:{proxy.port}")


@pytest.fixture
def consumer(rabbit_settings):
    recorder = Recorder()
    worker, _ = consumer_on(make_broker(rabbit_settings), rabbit_settings, recorder)
    worker.start()
    yield recorder
    worker.stop()


async def test_while_rabbitmq_is_away_writes_succeed_and_no_event_is_lost(
    outbox_emptied, rabbit_settings, proxy, consumer
):
    db = outbox_emptied
    producer = make_broker(rabbit_settings.model_copy(
        update={"BROKER_URL": through(proxy, rabbit_settings.BROKER_URL)}
    ))  # fmt: skip
    relay = Relay(db, BrokerSender(producer), sweep_seconds=0.05)
    relay.start()
    try:
        before = await write_applications(db, uuid.uuid4(), 3)
        assert await until(lambda: _delivered(consumer, before))
        # delivered, then deleted once confirmed: wait for that too, or they count below
        assert await until(lambda: _outbox_empty(db))
        await proxy.down()
        during = await write_applications(db, uuid.uuid4(), 3)  # the writes succeed
        await asyncio.sleep(0.3)
        assert await outbox_size(db) == 3  # their events wait in the outbox
        await proxy.up()
        assert await until(lambda: _delivered(consumer, before + during), within=10)
    finally:
        await relay.stop()
        await relay.sender.close()
    assert await outbox_size(db) == 0


async def _outbox_empty(db: Any) -> bool:
    return await outbox_size(db) == 0


async def _delivered(recorder: Recorder, ids: list[uuid.UUID]) -> bool:
    return {str(i) for i in ids} <= {event.aggregate_id for event in recorder.seen}


async def test_a_poison_message_waits_in_the_dead_letter_queue_until_requeued(
    outbox_emptied, rabbit_settings, consumer, caplog
):
    broker = make_broker(rabbit_settings)
    before = dead_letters_counted("events.analytics")
    consumer.fail = True
    [application] = await write_applications(outbox_emptied, uuid.uuid4(), 1)
    sender = BrokerSender(broker)
    with caplog.at_level(logging.WARNING, logger="subgraphs.events"):
        await Relay(outbox_emptied, sender).drain()
        assert await until(lambda: _counted(before + 1), within=10)
    assert any("dead-lettered" in r.getMessage() for r in caplog.records)

    listed = await deadletters.run("list", rabbit_settings, "analytics")
    assert len(listed) == 1 and str(application) in listed[0] and "RuntimeError" in listed[0]
    consumer.fail = False
    assert await deadletters.run("requeue", rabbit_settings, "analytics") == [
        "events.analytics: 1 re-queued"
    ]
    assert await until(lambda: _delivered(consumer, [application]), within=10)
    assert await deadletters.run("list", rabbit_settings, "analytics") == []
    await sender.close()


async def _counted(expected: float) -> bool:
    return dead_letters_counted("events.analytics") >= expected


async def test_the_worker_command_consumes_from_rabbitmq(
    outbox_emptied, rabbit_settings, rabbitmq_vhosts, tmp_path
):
    """`scripts/task worker` (`dramatiq subgraphs.worker`) as production runs it."""
    import os
    import sys

    from subgraphs.kit.events.consumer import Databases
    from tests.analytics.facts import facts_of

    url, owner = rabbitmq_vhosts(), uuid.uuid4()
    env = {**os.environ, "BROKER_URL": url, "DATABASE_URL": rabbit_settings.DATABASE_URL,
           "WORKER_METRICS_PORT": "0", "LOG_LEVEL": "warning"}  # fmt: skip
    log = (tmp_path / "worker.log").open("wb")
    worker = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "dramatiq", "subgraphs.worker", "--processes", "1", "--threads", "2",
        env=env, stdout=log, stderr=log,
    )  # fmt: skip
    sender = BrokerSender(make_broker(rabbit_settings.model_copy(update={"BROKER_URL": url})))
    databases = Databases(rabbit_settings)
    try:
        [application] = await write_applications(outbox_emptied, owner, 1)
        await Relay(outbox_emptied, sender).drain()

        async def consumed() -> bool:
            found = await facts_of(databases.get("analytics"), owner)
            return [f.application_id for f in found] == [application]

        assert await until(consumed, within=20), (tmp_path / "worker.log").read_text()
    finally:
        worker.terminate()
        await worker.wait()
        await sender.close()
        await databases.dispose()
