"""Every store statement timed (`store_query_seconds`) and, when tracing is on, a span of its
own (a child of the request's, the relay's or the consumer's span), by SQLAlchemy engine events.

The label is the statement's verb (SELECT, INSERT, ...), never its text: bounded."""

import time
from functools import lru_cache
from typing import Any

from opentelemetry import trace
from prometheus_client import Histogram
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

QUERY_SECONDS = Histogram(
    "store_query_seconds",
    "Store statement latency, by subgraph and statement verb",
    ["subgraph", "statement"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)
VERBS = frozenset({"SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "BEGIN", "COMMIT"})
_STARTED = "storetiming.started"
_SPAN = "storetiming.span"
_tracer = trace.get_tracer("subgraphs.store")


@lru_cache(maxsize=1024)  # statements are made once: their texts repeat
def verb(statement: str) -> str:
    word = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
    return word if word in VERBS else "other"


def time_statements(engine: AsyncEngine, *, subgraph: str, system: str) -> None:
    """Time (and trace) every statement `engine` runs for `subgraph`'s store."""
    histograms: dict[str, Any] = {}  # per verb: `labels()` looks its child up under a lock

    def before(_: Any, __: Any, statement: str, ___: Any, context: Any, ____: bool) -> None:
        info = context.__dict__
        info[_STARTED] = time.perf_counter()
        if trace.get_current_span().get_span_context().is_valid:
            name = f"{verb(statement)} {subgraph}"
            attributes = {"db.system": system, "db.statement": statement[:500]}
            info[_SPAN] = _tracer.start_span(
                name, kind=trace.SpanKind.CLIENT, attributes=attributes
            )

    def after(_: Any, __: Any, statement: str, ___: Any, context: Any, ____: bool) -> None:
        info = context.__dict__
        started = info.pop(_STARTED, None)
        if started is not None:
            name = verb(statement)
            histogram = histograms.get(name)
            if histogram is None:
                histogram = histograms[name] = QUERY_SECONDS.labels(subgraph, name)
            histogram.observe(time.perf_counter() - started)
        span = info.pop(_SPAN, None)
        if span is not None:
            span.end()

    def failed(context: Any) -> None:
        execution = context.execution_context
        span = execution.__dict__.pop(_SPAN, None) if execution is not None else None
        if span is not None:
            span.set_status(trace.StatusCode.ERROR)
            span.end()

    event.listen(engine.sync_engine, "before_cursor_execute", before)
    event.listen(engine.sync_engine, "after_cursor_execute", after)
    event.listen(engine.sync_engine, "handle_error", failed)
