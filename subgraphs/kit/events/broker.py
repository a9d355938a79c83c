"""The Dramatiq broker, configured explicitly from BROKER_URL: RabbitMQ (`amqp://...`) with
publisher confirms in production and CI, or an in-process stub broker (unset) that only the
embedded host may use, with its worker threads. Retries back off exponentially; after the last
one a message is dead-lettered (RabbitMQ: `<queue>.XQ`) with one log line and a counter."""

import logging
from collections.abc import Callable
from typing import Any, Protocol

import dramatiq
from dramatiq.asyncio import get_event_loop_thread
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import (
    AgeLimit,
    AsyncIO,
    CurrentMessage,
    Middleware,
    Retries,
    ShutdownNotifications,
    TimeLimit,
)
from prometheus_client import Counter

from subgraphs.kit.db import Database
from subgraphs.kit.settings import Settings

logger = logging.getLogger("subgraphs.events")

DEAD_LETTERS = Counter(
    "events_dead_letters_total", "Events dead-lettered after their last retry", ["queue"]
)


class DeadLetterLog(Middleware):
    """One warning and one count per dead letter. RabbitMQ keeps the message in the queue's
    dead-letter queue; with the in-process broker it is kept in the consumer's own store."""

    def __init__(self) -> None:
        self.stores: dict[str, Callable[[], Database]] = {}  # queue -> the consumer's store

    def after_nack(self, broker: dramatiq.Broker, message: dramatiq.MessageProxy) -> None:
        DEAD_LETTERS.labels(message.queue_name).inc()
        error = _exception_line(message.options.get("traceback") or "")
        store = self.stores.get(message.queue_name)
        if store is not None and not is_durable(broker):
            from subgraphs.kit.events.deadletters import keep

            loop = get_event_loop_thread()
            assert loop is not None
            loop.run_coroutine(keep(store(), message.queue_name, message.args[0], error))
        logger.warning(
            "event dead-lettered: queue=%s message=%s retries=%s error=%s",
            message.queue_name,
            message.message_id,
            message.options.get("retries", 0),
            error,
        )


class Acknowledgements(Middleware):
    """Tells an event's relay when a consumer is done with it (a broker that keeps nothing
    across a crash: the relay keeps the row in its outbox until then). Done: processed, or
    dead-lettered (after `DeadLetterLog` kept it in the consumer's store); not a failure
    that will be retried."""

    def __init__(self) -> None:
        self.relays: dict[str, Acknowledged] = {}  # publishing subgraph -> its relay

    def _done(self, message: dramatiq.MessageProxy) -> None:
        relay = self.relays.get(message.options.get("outbox", ""))
        position = message.options.get("position")
        if relay is not None and isinstance(position, int):
            relay.acknowledge(position, message.queue_name)

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: dramatiq.MessageProxy,
        *,
        result: Any = None,
        exception: BaseException | None = None,
    ) -> None:
        if exception is None:
            self._done(message)

    def after_skip_message(self, broker: dramatiq.Broker, message: dramatiq.MessageProxy) -> None:
        self._done(message)

    def after_nack(self, broker: dramatiq.Broker, message: dramatiq.MessageProxy) -> None:
        self._done(message)


class Acknowledged(Protocol):
    def acknowledge(self, position: int, queue: str) -> None: ...


def _exception_line(traceback: str) -> str:
    """The `Type: message` line of a formatted traceback (the last one, for chained errors)."""
    lines = [line for line in traceback.splitlines() if line and not line[0].isspace()]
    found = [line for line in lines if ": " in line and not line.startswith(("(", "Traceback"))]
    return found[-1] if found else "unknown"


def make_broker(settings: Settings) -> dramatiq.Broker:
    """A broker for BROKER_URL (RabbitMQ), or an in-process stub broker when it is unset."""
    middleware: list[Middleware] = [
        AgeLimit(),
        TimeLimit(time_limit=settings.EVENTS_TIME_LIMIT_MS),
        ShutdownNotifications(),
        Retries(
            max_retries=settings.EVENTS_MAX_RETRIES,
            min_backoff=settings.EVENTS_MIN_BACKOFF_MS,
            max_backoff=settings.EVENTS_MAX_BACKOFF_MS,
        ),
        AsyncIO(),
        CurrentMessage(),
        DeadLetterLog(),
        Acknowledgements(),  # after DeadLetterLog: a dead letter is kept before it counts as done
    ]
    if settings.BROKER_URL:
        broker: Any = RabbitmqBroker(
            url=settings.BROKER_URL, confirm_delivery=True, middleware=middleware
        )
    else:
        broker = StubBroker(middleware=middleware, fail_fast_default=False)
        broker.emit_after("process_boot")
    return broker  # type: ignore[no-any-return]


def dead_letter_log(broker: dramatiq.Broker) -> DeadLetterLog:
    return next(m for m in broker.middleware if isinstance(m, DeadLetterLog))


def acknowledgements(broker: dramatiq.Broker) -> Acknowledgements:
    return next(m for m in broker.middleware if isinstance(m, Acknowledgements))


def is_durable(broker: dramatiq.Broker) -> bool:
    """Whether messages the broker accepted survive this process."""
    return not isinstance(broker, StubBroker)
