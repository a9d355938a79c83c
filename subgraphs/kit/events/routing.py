"""Who consumes what: each subgraph's `events.py` declares its `handlers`, and the relay sends
an event to every subgraph whose handlers take its type. Read from the code of the subgraphs
listed in `supergraph.yaml` (imported by name, as migrations are: no domain imports another)."""

import importlib
from fnmatch import fnmatchcase
from functools import cache
from typing import TYPE_CHECKING

from subgraphs.kit.registry import subgraph_names

if TYPE_CHECKING:
    from subgraphs.kit.events.consumer import Handlers


def queue_name(subgraph: str) -> str:
    """The queue (and consumer actor) of a subgraph's events: `events.<subgraph>`."""
    return f"events.{subgraph}"


def handlers_of(subgraph: str) -> "Handlers | None":
    """The subgraph's consumer handlers, if it consumes anything."""
    try:
        module = importlib.import_module(f"subgraphs.{subgraph}.events")
    except ModuleNotFoundError as missing:
        if missing.name != f"subgraphs.{subgraph}.events":
            raise
        return None
    handlers: Handlers | None = getattr(module, "handlers", None)
    return handlers


@cache
def subscriptions() -> dict[str, tuple[str, ...]]:
    """Each consuming subgraph and the event types (fnmatch patterns) it takes."""
    found = {}
    for name in subgraph_names():
        handlers = handlers_of(name)
        if handlers is not None and handlers.patterns:
            found[name] = handlers.patterns
    return found


def consumers_of(event_type: str) -> list[str]:
    """The subgraphs an event of this type goes to."""
    return [
        name
        for name, patterns in subscriptions().items()
        if any(fnmatchcase(event_type, pattern) for pattern in patterns)
    ]
