"""Consumers at work: every consuming subgraph's actor on one broker, run by Dramatiq worker
threads. The embedded host runs one in its own process (with the relays, when the broker is
the in-process stub); production runs `scripts/task worker` (`dramatiq subgraphs.worker`)."""

import logging
from collections.abc import Iterator

import dramatiq
from dramatiq.asyncio import get_event_loop_thread

from subgraphs.kit.events.consumer import Databases, consumer_actor
from subgraphs.kit.events.routing import handlers_of, queue_name, subscriptions
from subgraphs.kit.settings import Settings

logger = logging.getLogger("subgraphs.events")


def register_consumers(broker: dramatiq.Broker, settings: Settings) -> Databases:
    """Declare each consuming subgraph's actor (and queue) on `broker`; their stores."""
    databases = Databases(settings)
    for subgraph in subscriptions():
        handlers = handlers_of(subgraph)
        assert handlers is not None
        consumer_actor(broker, subgraph, handlers, databases)
    return databases


def consumer_queues() -> Iterator[str]:
    return (queue_name(subgraph) for subgraph in subscriptions())


class InProcessWorker:
    """Dramatiq worker threads in this process, consuming every subgraph's events."""

    def __init__(self, broker: dramatiq.Broker, settings: Settings) -> None:
        self.broker = broker
        self.databases = register_consumers(broker, settings)
        self.worker = dramatiq.Worker(broker, worker_threads=settings.WORKER_THREADS)

    def start(self) -> None:
        self.worker.start()

    def join(self, timeout_ms: int) -> None:
        """Wait until every consumer queue is empty (or the timeout passes)."""
        for queue in consumer_queues():
            try:
                self.broker.join(queue, timeout=timeout_ms)
            except Exception as error:  # a timeout: stop anyway, messages stay with the broker
                logger.warning("events of %s not drained before stopping: %s", queue, error)

    def stop(self) -> None:
        loop = get_event_loop_thread()
        if loop is not None:
            loop.run_coroutine(self.databases.dispose())
        self.worker.stop()
