"""The production worker: every subgraph's event consumers on RabbitMQ (BROKER_URL).

    scripts/task worker     # dramatiq subgraphs.worker --processes 1 --threads $WORKER_THREADS

Run as many as the load needs; each consumes every consuming subgraph's queue. Its metrics
(events dead-lettered, ...) are on http://0.0.0.0:$WORKER_METRICS_PORT/metrics. The embedded
host does not need it: it runs the same consumers in its own process. With
NOTIFICATIONS_SCHEDULER (the default) it also runs the notifications scheduler (reminders, live
pushes, e-mail) on a thread of its own; several schedulers at once are safe.
"""

import asyncio
import sys
import threading

import dramatiq
from dramatiq.middleware import Middleware
from prometheus_client import start_http_server

from subgraphs.kit import default_settings
from subgraphs.kit.events.broker import make_broker
from subgraphs.kit.events.worker import register_consumers
from subgraphs.kit.registry import subgraph_names
from subgraphs.kit.telemetry import tracer_provider


class MetricsServer(Middleware):
    def __init__(self, port: int) -> None:
        self.port = port

    def before_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        start_http_server(self.port)


class NotificationsScheduler(Middleware):
    """The notifications service's background work (its scheduler) in this process, without
    serving HTTP: its app's lifespan, entered on a thread with its own event loop."""

    def after_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        thread = threading.Thread(target=asyncio.run, args=(self._run(),), daemon=True)
        thread.start()

    async def _run(self) -> None:
        from subgraphs.notifications.app import create_app

        app = create_app(default_settings)
        async with app.router.lifespan_context(app):
            await asyncio.Event().wait()


def runs_scheduler() -> bool:
    """NOTIFICATIONS_SCHEDULER, a setting of the notifications subgraph (when there is one)."""
    if "notifications" not in subgraph_names():
        return False
    from subgraphs.notifications.settings import NotificationsSettings

    return NotificationsSettings.of(default_settings).NOTIFICATIONS_SCHEDULER


if not default_settings.BROKER_URL:
    sys.exit("the worker consumes from RabbitMQ: set BROKER_URL (amqp://user:pass@host:5672/)")
if default_settings.OTEL_EXPORTER_OTLP_ENDPOINT:
    tracer_provider(default_settings, "worker")  # consumer and store spans, over OTLP
broker = make_broker(default_settings)
broker.add_middleware(MetricsServer(default_settings.WORKER_METRICS_PORT))
if runs_scheduler():
    broker.add_middleware(NotificationsScheduler())
dramatiq.set_broker(broker)
databases = register_consumers(broker, default_settings)
