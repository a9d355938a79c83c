"""The event envelope: what every event carries, whoever publishes or consumes it."""

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field

from subgraphs.kit.db import utcnow


class Event(BaseModel):
    """A domain event. Fat: `payload` carries what consumers need, so none calls back.

    `sequence` is the publishing store's outbox position, set by the relay: it grows with
    every event of a store, so a consumer keeping one aggregate's latest state applies an
    event only when its sequence is above the last one it applied (duplicates and late
    deliveries change nothing; `kit.supersedes`)."""

    model_config = ConfigDict(frozen=True)

    id: UUID = Field(default_factory=uuid4)
    type: str  # "application.status_changed": <aggregate>.<what happened>
    version: int = 1  # of this type's payload schema
    occurred_at: datetime = Field(default_factory=utcnow)
    owner_id: UUID | None  # whose data it is (erasure, scoping)
    aggregate_id: str  # what it is about; events of one aggregate are published in order
    payload: dict[str, Any]
    traceparent: str | None = None  # W3C trace context of the request that caused it
    sequence: int | None = None

    def encode(self) -> dict[str, Any]:
        """JSON-ready, as a message argument."""
        return self.model_dump(mode="json")

    @classmethod
    def decode(cls, data: dict[str, Any]) -> "Event":
        return cls.model_validate(data)
