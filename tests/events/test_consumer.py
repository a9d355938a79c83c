"""Consumers: a message that keeps failing is retried with backoff, then dead-lettered with one
log line and a counter; a consumer's span continues the trace of the request that caused it."""

import asyncio
import logging
import uuid

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client import REGISTRY

from subgraphs.kit.events.relay import BrokerSender, Relay
from tests.events.conftest import Recorder, consumer_on, write_applications


def dead_letters_counted(queue: str) -> float:
    value = REGISTRY.get_sample_value("events_dead_letters_total", {"queue": queue})
    return value or 0.0


async def test_a_poison_message_ends_in_the_dead_letters(
    outbox_emptied, stub_broker, settings, caplog
):
    recorder = Recorder(fail=True)
    worker, _ = consumer_on(stub_broker, settings, recorder)
    before = dead_letters_counted("events.analytics")
    [application] = await write_applications(outbox_emptied, uuid.uuid4(), 1)
    await Relay(outbox_emptied, BrokerSender(stub_broker)).drain()
    with caplog.at_level(logging.WARNING, logger="subgraphs.events"):
        worker.start()
        try:
            await asyncio.to_thread(stub_broker.join, "events.analytics")
        finally:
            worker.stop()
    [dead] = stub_broker.dead_letters_by_queue["events.analytics"]
    assert dead.options["retries"] == 3  # the first try and EVENTS_MAX_RETRIES (2) more
    assert dead.args[0]["aggregate_id"] == str(application)
    assert dead_letters_counted("events.analytics") == before + 1
    lines = [r.getMessage() for r in caplog.records if "dead-lettered" in r.getMessage()]
    [line] = [line for line in lines if "queue=events.analytics" in line]
    assert "RuntimeError: poison: application.created" in line


async def test_the_consumer_span_is_a_child_of_the_producer_trace(
    outbox_emptied, stub_broker, settings
):
    exporter = InMemorySpanExporter()
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):  # no SDK provider yet in this process
        provider = TracerProvider()
        trace.set_tracer_provider(provider)
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    with provider.get_tracer("test").start_as_current_span("POST /graphql") as request:
        await write_applications(outbox_emptied, uuid.uuid4(), 1)
    await Relay(outbox_emptied, BrokerSender(stub_broker)).drain()
    worker, _ = consumer_on(stub_broker, settings, Recorder())
    worker.start()
    try:
        await asyncio.to_thread(stub_broker.join, "events.analytics")
    finally:
        worker.stop()
    spans = exporter.get_finished_spans()
    [consumed] = [s for s in spans if "consumed by" in s.name]
    [published] = [s for s in spans if s.name == "application.created publish"]
    assert consumed.name == "application.created consumed by analytics"
    assert consumed.context.trace_id == request.get_span_context().trace_id
    # request ← the relay's publish span (its context in the message) ← the consumer
    assert consumed.parent is not None and published.parent is not None
    assert consumed.parent.span_id == published.context.span_id
    assert published.parent.span_id == request.get_span_context().span_id
