"""What one subgraph process holds for its requests: settings, stores, the token verifier,
its live subscriptions, and the subgraph's own services (signing keys, clients), found by their
type."""

from dataclasses import dataclass, field
from typing import TypeVar

from subgraphs.kit.addresses import Network
from subgraphs.kit.auth import TokenVerifier
from subgraphs.kit.db import Database
from subgraphs.kit.events.erasure import ErasedOwners
from subgraphs.kit.settings import Settings
from subgraphs.kit.sockets import Subscribers
from subgraphs.kit.store import Store

T = TypeVar("T")


@dataclass(frozen=True)
class Runtime:
    name: str
    settings: Settings
    db: Database
    verifier: TokenVerifier
    stores: tuple[Store, ...]  # `db` first; each is migrated, pinged and disposed
    erased: ErasedOwners  # accounts erased: their tokens are refused
    services: tuple[object, ...] = ()
    # TRUSTED_PROXIES: peers whose X-Forwarded-For names the client (`kit.edge.client_address`)
    trusted_proxies: tuple[Network, ...] = ()
    # Live subscriptions by user: the per-user cap, and the sockets revoking a session closes.
    subscribers: Subscribers = field(default_factory=lambda: Subscribers(per_user=20))

    def get(self, kind: type[T]) -> T:
        """The store or service of this type (`ctx.get(SigningKeys)`)."""
        for candidate in (*self.stores, *self.services):
            if isinstance(candidate, kind):
                return candidate
        raise LookupError(f"{self.name} has no {kind.__name__}")

    async def readiness(self) -> dict[str, str]:
        """Each store's state, "up" or "down": pinged, never raising."""
        states = {}
        for store in self.stores:
            try:
                await store.ping()
                states[store.name] = "up"
            except Exception:  # reported, not raised: readiness is a question
                states[store.name] = "down"
        return states
