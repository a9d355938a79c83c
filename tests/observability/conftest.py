"""The embedded host and the real router exporting traces to an in-process OTLP/HTTP receiver
(both encodings: protobuf from Python, JSON from the router's exporter)."""

import base64
import gzip
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from google.protobuf.json_format import MessageToDict  # type: ignore[import-untyped]
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from scripts.stack import Stack, free_port, host_service, router_service


@dataclass(frozen=True)
class Span:
    service: str
    name: str
    trace_id: str
    span_id: str
    parent_id: str
    attributes: dict[str, Any]


def _hex(value: str) -> str:
    if len(value) in (16, 32) and all(c in "0123456789abcdefABCDEF" for c in value):
        return value.lower()
    return base64.b64decode(value).hex() if value else ""


def _value(value: dict[str, Any]) -> Any:
    return next(iter(value.values()), None)


def spans_of(request: dict[str, Any]) -> list[Span]:
    """Spans of an ExportTraceServiceRequest in its JSON mapping (ids hex or base64)."""
    found = []
    for resource_spans in request.get("resourceSpans", []):
        resource = {a["key"]: _value(a["value"]) for a in resource_spans["resource"]["attributes"]}
        for scope in resource_spans.get("scopeSpans", []):
            for span in scope.get("spans", []):
                attributes = {a["key"]: _value(a["value"]) for a in span.get("attributes", [])}
                found.append(Span(
                    resource.get("service.name", "?"), span["name"], _hex(span["traceId"]),
                    _hex(span["spanId"]), _hex(span.get("parentSpanId", "")), attributes,
                ))  # fmt: skip
    return found


class Receiver(BaseHTTPRequestHandler):
    spans: list[Span] = []

    def do_POST(self) -> None:
        body = self._body()
        if "json" in self.headers.get("content-type", ""):
            decoded = json.loads(body)
        else:
            decoded = MessageToDict(ExportTraceServiceRequest.FromString(body))
        Receiver.spans.extend(spans_of(decoded))
        self.send_response(200)
        self.send_header("content-type", self.headers.get("content-type", "application/json"))
        self.end_headers()
        self.wfile.write(b"{}" if "json" in self.headers.get("content-type", "") else b"")

    def _body(self) -> bytes:
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while size := int(self.rfile.readline().strip(), 16):
                body += self.rfile.read(size)
                self.rfile.readline()
            self.rfile.readline()
        else:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
        encoding = self.headers.get("content-encoding", "")
        return gzip.decompress(body) if encoding == "gzip" else body

    def log_message(self, *_: object) -> None:
        pass


@dataclass
class Observed:
    router_url: str
    host_url: str
    router_port: int
    host_port: int
    spans: list[Span]


@pytest.fixture(scope="session")
def observed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Observed]:
    """Host and router on loopback ports, tracing to the receiver with short export delays."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    data = tmp_path_factory.mktemp("observed")
    host_port, router_port = free_port(), free_port()
    host_url = f"http://127.0.0.1:{host_port}"
    tracing = {"OTEL_EXPORTER_OTLP_ENDPOINT": endpoint, "OTEL_BSP_SCHEDULE_DELAY": "200"}
    env = {"DATA_DIR": str(data), "LOG_LEVEL": "warning", "REMINDER_SCAN_SECONDS": "0.5"}
    host = host_service(host_port, env=env | tracing, log=data / "host.log")
    router = router_service(
        router_port, subgraphs_url=host_url, env={"LOG_LEVEL": "warn"} | tracing,
        log=data / "router.log",
    )  # fmt: skip
    Receiver.spans = []
    with Stack([host, router]):
        yield Observed(
            f"http://127.0.0.1:{router_port}", host_url, router_port, host_port, Receiver.spans
        )
    server.shutdown()
