"""The production worker: every subgraph's event consumers on RabbitMQ (BROKER_URL).

    scripts/task worker     # dramatiq subgraphs.worker --processes 1 --threads $WORKER_THREADS

Run as many as the load needs; each consumes every consuming subgraph's queue. Its metrics
(events dead-lettered, ...) are on http://0.0.0.0:$WORKER_METRICS_PORT/metrics. The embedded
host does not need it: it runs the same consumers in its own process.
"""

import sys

import dramatiq
from dramatiq.middleware import Middleware
from prometheus_client import start_http_server

from subgraphs.kit import default_settings
from subgraphs.kit.events.broker import make_broker
from subgraphs.kit.events.worker import register_consumers


class MetricsServer(Middleware):
    def __init__(self, port: int) -> None:
        self.port = port

    def before_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        start_http_server(self.port)


if not default_settings.BROKER_URL:
    sys.exit("the worker consumes from RabbitMQ: set BROKER_URL (amqp://user:pass@host:5672/)")
broker = make_broker(default_settings)
broker.add_middleware(MetricsServer(default_settings.WORKER_METRICS_PORT))
dramatiq.set_broker(broker)
databases = register_consumers(broker, default_settings)
