"""Traces leave the process over OTLP/HTTP only when OTEL_EXPORTER_OTLP_ENDPOINT is set."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from subgraphs.kit.settings import Settings
from tests.clients import GraphQL, asgi_client


class Collector(BaseHTTPRequestHandler):
    """A stand-in OTLP/HTTP collector on loopback that records the paths posted to it."""

    posted: list[str] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        Collector.posted.append(self.path)
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def collector():
    server = HTTPServer(("127.0.0.1", 0), Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Collector.posted = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


async def test_spans_are_exported_when_an_endpoint_is_set(collector, tmp_path):
    from subgraphs.users.app import create_app

    settings = Settings(DATA_DIR=tmp_path, OTEL_EXPORTER_OTLP_ENDPOINT=collector)
    app = create_app(settings)
    async with app.router.lifespan_context(app), asgi_client(app) as client:
        await GraphQL(client, "/graphql")("{ __typename }")
    app.state.tracer_provider.force_flush()
    assert "/v1/traces" in Collector.posted


async def test_nothing_is_instrumented_without_an_endpoint(tmp_path):
    from subgraphs.users.app import create_app

    app = create_app(Settings(DATA_DIR=tmp_path))
    assert not hasattr(app.state, "tracer_provider")
