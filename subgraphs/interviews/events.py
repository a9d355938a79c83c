"""Events the interviews subgraph publishes, and what it consumes.

Published (fat: the interview, and its application's company and position as last known):
    interview.scheduled, interview.updated, interview.cancelled
        {"interview": {id, application_id, company, position, starts_at, time_zone,
         duration_minutes, type, location, meeting_url, reminder_offsets_minutes, status}}
Consumed:
    application.created / .updated / .status_changed: which applications exist, whose they
        are, and their company and position (`KnownApplication`);
    application.deleted: forget it and cancel its interviews (each publishes its own
        interview.cancelled);
    user.deleted: kit erases the owner's interviews and known applications.
"""

from typing import Any
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.interviews import models
from subgraphs.kit import Event, Handlers, publish

SCHEDULED = "interview.scheduled"
UPDATED = "interview.updated"
CANCELLED = "interview.cancelled"

handlers = Handlers()


def state(interview: models.Interview, known: models.KnownApplication | None) -> dict[str, Any]:
    fields = interview.model_dump(exclude={"owner_id", "details", "created_at", "updated_at"})
    return {
        **fields,
        "company": known.company if known else None,
        "position": known.position if known else None,
    }


async def interview_changed(
    session: AsyncSession,
    type: str,
    interview: models.Interview,
    known: models.KnownApplication | None,
) -> None:
    await session.flush()
    payload = {"interview": state(interview, known)}
    await publish(
        session, type, aggregate_id=interview.id, payload=payload, owner_id=interview.owner_id
    )


@handlers.on("application.created", "application.updated", "application.status_changed")
async def know_application(session: AsyncSession, event: Event) -> None:
    from subgraphs.interviews import store

    assert event.sequence is not None
    application = event.payload["application"]
    await store.know_application(
        session,
        application_id=UUID(application["id"]),
        sequence=event.sequence,
        company=application["company"],
        position=application["position"],
    )


@handlers.on("application.deleted")
async def forget_application(session: AsyncSession, event: Event) -> None:
    from subgraphs.interviews import store

    assert event.sequence is not None
    await store.forget_application(
        session, application_id=UUID(event.payload["application_id"]), sequence=event.sequence
    )
