"""Every subgraph request is one JSON log line with its request id and trace id; the caller's
X-Request-ID is kept (else one is made) and answered in the response."""

import json
import logging
from collections.abc import Iterator

import pytest

from subgraphs.kit.settings import Settings
from subgraphs.kit.telemetry import REQUEST_LOG
from tests.clients import asgi_client

TRACE = "0af7651916cd43dd8448eb211c80319c"


@pytest.fixture
def lines() -> Iterator[list[dict]]:
    seen: list[dict] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(json.loads(record.getMessage()))

    handler = Keep()
    REQUEST_LOG.addHandler(handler)
    yield seen
    REQUEST_LOG.removeHandler(handler)


@pytest.fixture
async def client(tmp_path):
    from subgraphs.users.app import create_app

    app = create_app(Settings(DATA_DIR=tmp_path))
    async with app.router.lifespan_context(app), asgi_client(app) as client:
        yield client


async def test_one_json_line_per_request_with_the_callers_ids(client, lines):
    response = await client.post(
        "/graphql",
        json={"query": "{ __typename }"},
        headers={"x-request-id": "abc-123", "traceparent": f"00-{TRACE}-b7ad6b7169203331-01"},
    )
    assert response.headers["x-request-id"] == "abc-123"
    [line] = lines
    assert line["request_id"] == "abc-123" and line["trace_id"] == TRACE
    assert line["subgraph"] == "users" and line["path"] == "/graphql" and line["status"] == 200
    assert line["method"] == "POST" and line["duration_ms"] >= 0


async def test_a_request_id_is_made_when_none_or_a_bad_one_is_sent(client, lines):
    first = await client.get("/health/live")
    second = await client.get("/health/live", headers={"x-request-id": "a b;" + "x" * 200})
    ids = [first.headers["x-request-id"], second.headers["x-request-id"]]
    assert all(len(rid) == 32 for rid in ids) and ids[0] != ids[1]
    assert [line["request_id"] for line in lines] == ids
    # No caller's trace: the request's own span's id when tracing is on (an earlier test in the
    # session may have installed a tracer provider), else none.
    traces = [line["trace_id"] for line in lines]
    assert traces == [None, None] or (
        all(t and len(t) == 32 for t in traces) and traces[0] != traces[1]
    )


async def test_an_error_answer_is_logged_too(client, lines):
    response = await client.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert (
        lines[-1]["status"] == 400 and lines[-1]["request_id"] == response.headers["x-request-id"]
    )
