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

from datetime import datetime
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.interviews import models
from subgraphs.kit import Event, Handlers, Message, Payload, Reads, publish


class InterviewState(Payload):
    """The interview, and its application's company and position as last known here."""

    id: UUID
    application_id: UUID
    company: str | None
    position: str | None
    starts_at: datetime
    time_zone: str
    duration_minutes: int
    type: models.InterviewType
    location: str | None
    meeting_url: str | None
    reminder_offsets_minutes: list[int]
    status: models.InterviewStatus


class InterviewChanged(Payload):
    interview: InterviewState


SCHEDULED = Message("interview.scheduled", InterviewChanged, "An interview was scheduled.")
UPDATED = Message("interview.updated", InterviewChanged, "An interview was moved or edited.")
CANCELLED = Message("interview.cancelled", InterviewChanged, "An interview was cancelled.")

handlers = Handlers()


def state(interview: models.Interview, known: models.KnownApplication | None) -> InterviewState:
    fields = interview.model_dump(exclude={"owner_id", "details", "created_at", "updated_at"})
    return InterviewState(
        **fields,
        company=known.company if known else None,
        position=known.position if known else None,
    )


async def interview_changed(
    session: AsyncSession,
    message: Message[InterviewChanged],
    interview: models.Interview,
    known: models.KnownApplication | None,
) -> None:
    await session.flush()
    payload = InterviewChanged(interview=state(interview, known))
    await publish(
        session, message, aggregate_id=interview.id, payload=payload, owner_id=interview.owner_id
    )


class Application(Reads):
    id: UUID
    company: str
    position: str


class ApplicationChanged(Reads):
    application: Application


class ApplicationDeleted(Reads):
    application_id: UUID


@handlers.on(
    "application.created", "application.updated", "application.status_changed",
    reads=ApplicationChanged,
)  # fmt: skip
async def know_application(
    session: AsyncSession, event: Event, payload: ApplicationChanged
) -> None:
    from subgraphs.interviews import store

    assert event.sequence is not None
    application = payload.application
    await store.know_application(
        session,
        application_id=application.id,
        sequence=event.sequence,
        company=application.company,
        position=application.position,
    )


@handlers.on("application.deleted", reads=ApplicationDeleted)
async def forget_application(
    session: AsyncSession, event: Event, payload: ApplicationDeleted
) -> None:
    from subgraphs.interviews import store

    assert event.sequence is not None
    await store.forget_application(
        session, application_id=payload.application_id, sequence=event.sequence
    )
