"""What a subgraph's service needs of each store it depends on (SQL database, document store,
object storage, search index): migrate it on start, ping it for readiness, dispose of it at exit.
"""

from typing import Protocol, runtime_checkable


class Store(Protocol):
    """A dependency `create_service` migrates, pings for readiness and disposes."""

    name: str  # how /health/ready names it

    async def migrate(self) -> None:
        """Bring the store to what this code expects (tables, buckets, indexes); idempotent."""

    async def ping(self) -> None:
        """Return when the store answers; raise when it does not."""

    async def dispose(self) -> None:
        """Release connections and pools."""


@runtime_checkable
class Disposable(Protocol):
    """A service `create_service` disposes at exit (after the stores), such as a process pool."""

    async def dispose(self) -> None:
        """Release what the service holds."""
