"""The Dramatiq broker, configured explicitly from BROKER_URL: RabbitMQ (`amqp://...`) with
publisher confirms in production and CI, or an in-process stub broker (unset) that only the
embedded host may use, with its worker threads. Retries back off exponentially; after the last
one a message is dead-lettered (RabbitMQ: `<queue>.XQ`) with one log line and a counter."""

import logging
from typing import Any

import dramatiq
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

from subgraphs.kit.settings import Settings

logger = logging.getLogger("subgraphs.events")

DEAD_LETTERS = Counter(
    "events_dead_letters_total", "Events dead-lettered after their last retry", ["queue"]
)


class DeadLetterLog(Middleware):
    """One warning and one count per dead letter (the broker keeps the message itself)."""

    def after_nack(self, broker: dramatiq.Broker, message: dramatiq.MessageProxy) -> None:
        DEAD_LETTERS.labels(message.queue_name).inc()
        error = (message.options.get("traceback") or "").strip().splitlines()[-1:]
        logger.warning(
            "event dead-lettered: queue=%s message=%s retries=%s error=%s",
            message.queue_name,
            message.message_id,
            message.options.get("retries", 0),
            error[0] if error else "unknown",
        )


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
    ]
    if settings.BROKER_URL:
        broker: Any = RabbitmqBroker(
            url=settings.BROKER_URL, confirm_delivery=True, middleware=middleware
        )
    else:
        broker = StubBroker(middleware=middleware, fail_fast_default=False)
        broker.emit_after("process_boot")
    return broker  # type: ignore[no-any-return]


def is_durable(broker: dramatiq.Broker) -> bool:
    """Whether messages the broker accepted survive this process."""
    return not isinstance(broker, StubBroker)
