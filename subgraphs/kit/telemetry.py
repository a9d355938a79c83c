"""Prometheus metrics, one JSON log line per request, and OpenTelemetry tracing (exported only
when an OTLP endpoint is set)."""

import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import orjson
from fastapi import FastAPI, Response
from fastapi.telemetry import TelemetryConfig
from opentelemetry import trace as otel_trace
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from subgraphs.kit.settings import Settings

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

REQUEST_SECONDS = Histogram(
    "subgraph_request_seconds",
    "HTTP request latency per subgraph and path",
    ["subgraph", "path", "status"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
GRAPHQL_ERRORS = Counter(
    "subgraph_graphql_errors_total", "GraphQL errors answered, by code", ["subgraph", "code"]
)


# FastAPI's own OpenTelemetry bridge, off: traces come from FastAPIInstrumentor when
# OTEL_EXPORTER_OTLP_ENDPOINT is set (`instrument`), metrics from prometheus_client. With it on,
# every request looked up three OpenTelemetry providers (each reading os.environ) only to learn
# that none was configured: about 3 % of a small subgraph call.
NO_NATIVE_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}

REQUEST_LOG = logging.getLogger("subgraphs.requests")
REQUEST_ID = re.compile(rb"[A-Za-z0-9._:-]{1,128}")
TRACEPARENT = re.compile(rb"[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}")


def count_error(subgraph: str, code: str) -> None:
    GRAPHQL_ERRORS.labels(subgraph, code).inc()


def request_id(headers: dict[bytes, bytes]) -> str:
    """The caller's X-Request-ID when it is a sane token (128 characters of [A-Za-z0-9._:-]),
    else a new one: a header is never logged as it came."""
    sent = headers.get(b"x-request-id", b"").strip()
    return sent.decode() if REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex


def trace_id(headers: dict[bytes, bytes]) -> str | None:
    """The trace this request belongs to: the current span's (tracing on), else the caller's
    W3C traceparent."""
    context = otel_trace.get_current_span().get_span_context()
    if context.is_valid:
        return format(context.trace_id, "032x")
    match = TRACEPARENT.fullmatch(headers.get(b"traceparent", b"").strip())
    return match.group(1).decode() if match else None


def _log_handler() -> None:
    """Request lines go to stderr as they are (JSON), whatever else configures logging."""
    if not REQUEST_LOG.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        REQUEST_LOG.addHandler(handler)
        REQUEST_LOG.propagate = False


class MeasureRequests:
    """Pure ASGI middleware (cheaper than BaseHTTPMiddleware) timing every HTTP request, and
    logging it as one JSON line with its request id (X-Request-ID, taken or made, and answered)
    and trace id."""

    def __init__(self, app: ASGIApp, *, subgraph: str) -> None:
        self.app = app
        self.subgraph = subgraph

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = ["500"]
        headers = dict(scope["headers"])
        rid = request_id(headers)
        scope.setdefault("state", {})["request_id"] = rid

        async def send_status(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = str(message["status"])
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            elapsed = time.perf_counter() - started
            route = scope.get("route")
            path = getattr(route, "path", "other")
            REQUEST_SECONDS.labels(self.subgraph, path, status[0]).observe(elapsed)
            if REQUEST_LOG.isEnabledFor(logging.INFO):
                self._log(scope, headers, rid, path, status[0], elapsed)

    def _log(
        self,
        scope: Scope,
        headers: dict[bytes, bytes],
        rid: str,
        path: str,
        status: str,
        elapsed: float,
    ) -> None:
        line = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": "info",
            "message": "request",
            "subgraph": self.subgraph,
            "method": scope["method"],
            "path": scope["path"],  # without the query string (signed URLs keep theirs there)
            "route": path,  # the metrics' label: a route's pattern, or "other"
            "status": int(status),
            "duration_ms": round(elapsed * 1000, 2),
            "request_id": rid,
            "trace_id": trace_id(headers),
        }
        REQUEST_LOG.info(orjson.dumps(line).decode())


def instrument(app: FastAPI, *, subgraph: str, settings: Settings) -> None:
    _log_handler()
    REQUEST_LOG.setLevel(settings.LOG_LEVEL.upper())
    app.add_middleware(MeasureRequests, subgraph=subgraph)

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    if settings.OTEL_EXPORTER_OTLP_ENDPOINT:
        _trace(app, subgraph=subgraph, settings=settings)


def tracer_provider(settings: Settings, service: str) -> "TracerProvider":
    """A tracer provider exporting over OTLP/HTTP as `<OTEL_SERVICE_NAME>-<service>`; the first
    one a process makes is also the global one (relay, consumer and store spans use it)."""
    assert settings.OTEL_EXPORTER_OTLP_ENDPOINT is not None
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(
        resource=Resource.create({"service.name": f"{settings.OTEL_SERVICE_NAME}-{service}"})
    )
    endpoint = settings.OTEL_EXPORTER_OTLP_ENDPOINT.rstrip("/") + "/v1/traces"
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    if not isinstance(otel_trace.get_tracer_provider(), TracerProvider):
        otel_trace.set_tracer_provider(provider)
    return provider


def _trace(app: FastAPI, *, subgraph: str, settings: Settings) -> None:
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    provider = tracer_provider(settings, subgraph)
    FastAPIInstrumentor.instrument_app(
        app, tracer_provider=provider, excluded_urls="health/.*,metrics"
    )
    app.state.tracer_provider = provider  # flushes itself at exit; tests flush it directly
