"""Event contracts: what a producer sends and what a consumer reads, as typed models.

A producer declares every event type it publishes in its `events.py`, with a payload model,
and publishes instances of that model (never a row dump: renaming a column cannot change an
event):

    class ApplicationDeleted(Payload):
        application_id: UUID

    DELETED = Message("application.deleted", ApplicationDeleted, "An application was deleted.")
    await publish(session, DELETED, aggregate_id=..., payload=ApplicationDeleted(...))

A consumer reads a payload into a model of its own holding only the fields it uses (as data:
it never imports another domain's code), and kit hands it the parsed model:

    class Deleted(Reads):
        application_id: UUID

    @handlers.on("application.deleted", reads=Deleted)
    async def forget(session: AsyncSession, event: Event, payload: Deleted) -> None: ...

`scripts/task schema:export` writes both sides into `schema/asyncapi.yaml` (an AsyncAPI
document: the messages, who sends them, who receives them and which fields each reads), and
`schema:check` holds every read against what its producer sends, and every change against the
published contracts (`scripts/schema/events.py`).
"""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict


class Payload(BaseModel):
    """An event payload as its producer sends it: every field declared, nothing extra."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Reads(BaseModel):
    """What a consumer reads of a payload: the fields it uses, the rest ignored."""

    model_config = ConfigDict(frozen=True, extra="ignore")


P = TypeVar("P", bound=Payload)


@dataclass(frozen=True)
class Message(Generic[P]):
    """One event type a producer publishes: its name, the event's `type`
    (`<aggregate>.<what happened>`), its payload model, what it means, and the version of its
    payload (raised on a change that an old consumer could not read; additive changes keep
    it)."""

    name: str
    payload: type[P]
    summary: str
    version: int = 1

    def body(self, payload: P) -> dict[str, Any]:
        """The payload as the outbox stores it (JSON-ready); refuses another model."""
        if not isinstance(payload, self.payload):
            expected, got = self.payload.__name__, type(payload).__name__
            raise TypeError(f"{self.name} carries {expected}, not {got}")
        return payload.model_dump(mode="json")
