"""Store round trips counted per request: the request sets a `QueryCounter` (`kit.schema`), and
every SQL statement (an engine event, `kit.engines`) and every call to another store
(`count_round_trip`: MongoDB) adds one to it."""

from contextvars import ContextVar
from typing import Any


class QueryCounter:
    """Store round trips made while handling one request."""

    __slots__ = ("count",)

    def __init__(self) -> None:
        self.count = 0


# SQLAlchemy runs the driver in a greenlet that shares the calling task's context,
# so the counter set by the request is the one the engine event sees.
current_query_counter: ContextVar[QueryCounter | None] = ContextVar("query_counter", default=None)


def count_round_trip() -> None:
    """Count one store round trip for the current request (stores other than SQL call it)."""
    counter = current_query_counter.get()
    if counter is not None:
        counter.count += 1


def count_query(*_: Any) -> None:
    """`count_round_trip` as an engine's `before_cursor_execute` listener."""
    count_round_trip()
