"""Events the notifications subgraph publishes, and what it consumes.

Published:
    notification.created  {"notification": {id, kind, title, body, data, interview_id,
                           contact_id, created_at, read_at, email_state}}
                           in the unit of work that adds it (a reminder fired, a contact linked)
Consumed:
    interview.scheduled / .updated / .cancelled  the interview's reminders (one per offset,
        due that long before it starts; moved with it, cancelled with it), and what the
        reminder says (company, position, time zone, type, place or link)
    contact.saved    whom each contact is linked to; a contact that becomes linked to a user
                     (its person registered) notifies its owner once
    contact.deleted  forgotten
    account.email_set  {"user_id", "email", "full_name"}: where the user's e-mails go (the users
                     subgraph publishes it for this subgraph alone; no other event has the address)
    user.deleted     kit erases the owner's notifications, reminders and preferences
"""

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit import Event, Handlers, Message, Payload, Reads
from subgraphs.notifications.models import EmailState, NotificationKind


class NotificationState(Payload):
    """What subscribers and consumers get of a notification (its e-mail bookkeeping aside)."""

    id: UUID
    kind: NotificationKind
    title: str
    body: str
    data: dict[str, Any]
    interview_id: UUID | None
    contact_id: UUID | None
    created_at: datetime
    read_at: datetime | None
    email_state: EmailState


class NotificationCreated(Payload):
    notification: NotificationState


CREATED = Message(
    "notification.created",
    NotificationCreated,
    "A notification was added to its owner's inbox (a reminder fell due, a contact linked).",
)

handlers = Handlers()


class Interview(Reads):
    id: UUID
    starts_at: datetime
    status: str
    reminder_offsets_minutes: list[int]
    company: str | None = None
    position: str | None = None
    type: str | None = None
    time_zone: str | None = None
    duration_minutes: int | None = None
    location: str | None = None
    meeting_url: str | None = None


class InterviewChanged(Reads):
    interview: Interview


class Contact(Reads):
    id: UUID
    name: str | None = None
    company: str | None = None
    linked_user_id: UUID | None = None


class ContactSaved(Reads):
    contact: Contact


class ContactDeleted(Reads):
    contact_id: UUID


class Recipient(Reads):
    email: str
    full_name: str | None = None


@handlers.on(
    "interview.scheduled", "interview.updated", "interview.cancelled", reads=InterviewChanged
)
async def interview_changed(session: AsyncSession, event: Event, payload: InterviewChanged) -> None:
    from subgraphs.notifications import store

    assert event.sequence is not None
    state = payload.interview.model_dump(mode="json")
    await store.track_interview(session, state=state, sequence=event.sequence)


@handlers.on("contact.saved", reads=ContactSaved)
async def contact_saved(session: AsyncSession, event: Event, payload: ContactSaved) -> None:
    from subgraphs.notifications import store

    assert event.sequence is not None
    contact = payload.contact.model_dump(mode="json")
    await store.contact_saved(session, contact=contact, sequence=event.sequence)


@handlers.on("contact.deleted", reads=ContactDeleted)
async def contact_deleted(session: AsyncSession, event: Event, payload: ContactDeleted) -> None:
    from subgraphs.notifications import store

    await store.forget_contact(session, contact_id=payload.contact_id)


@handlers.on("account.email_set", reads=Recipient)
async def email_set(session: AsyncSession, event: Event, payload: Recipient) -> None:
    from subgraphs.notifications import store

    assert event.sequence is not None
    await store.set_recipient(
        session, email=payload.email, full_name=payload.full_name, sequence=event.sequence
    )
