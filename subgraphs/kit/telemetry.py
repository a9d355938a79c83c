"""Prometheus metrics and OpenTelemetry tracing (exported only when an OTLP endpoint is set)."""

import time

from fastapi import FastAPI, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from subgraphs.kit.settings import Settings

REQUEST_SECONDS = Histogram(
    "subgraph_request_seconds",
    "HTTP request latency per subgraph and path",
    ["subgraph", "path", "status"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
GRAPHQL_ERRORS = Counter(
    "subgraph_graphql_errors_total", "GraphQL errors answered, by code", ["subgraph", "code"]
)


def count_error(subgraph: str, code: str) -> None:
    GRAPHQL_ERRORS.labels(subgraph, code).inc()


class MeasureRequests:
    """Pure ASGI middleware (cheaper than BaseHTTPMiddleware) timing every HTTP request."""

    def __init__(self, app: ASGIApp, *, subgraph: str) -> None:
        self.app = app
        self.subgraph = subgraph

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = ["500"]

        async def send_status(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = str(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = scope.get("route")
            path = getattr(route, "path", "other")
            REQUEST_SECONDS.labels(self.subgraph, path, status[0]).observe(
                time.perf_counter() - started
            )


def instrument(app: FastAPI, *, subgraph: str, settings: Settings) -> None:
    app.add_middleware(MeasureRequests, subgraph=subgraph)

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    if settings.OTEL_EXPORTER_OTLP_ENDPOINT:
        _trace(app, subgraph=subgraph, settings=settings)


def _trace(app: FastAPI, *, subgraph: str, settings: Settings) -> None:
    assert settings.OTEL_EXPORTER_OTLP_ENDPOINT is not None
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(
        resource=Resource.create({"service.name": f"{settings.OTEL_SERVICE_NAME}-{subgraph}"})
    )
    endpoint = settings.OTEL_EXPORTER_OTLP_ENDPOINT.rstrip("/") + "/v1/traces"
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    FastAPIInstrumentor.instrument_app(app, tracer_provider=provider)
    app.state.tracer_provider = provider  # flushes itself at exit; tests flush it directly
    if not isinstance(trace.get_tracer_provider(), TracerProvider):
        trace.set_tracer_provider(provider)
