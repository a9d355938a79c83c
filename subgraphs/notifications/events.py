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

from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit import Event, Handlers
from subgraphs.notifications import store

handlers = Handlers()


@handlers.on("interview.scheduled", "interview.updated", "interview.cancelled")
async def interview_changed(session: AsyncSession, event: Event) -> None:
    assert event.sequence is not None
    await store.track_interview(session, state=event.payload["interview"], sequence=event.sequence)


@handlers.on("contact.saved")
async def contact_saved(session: AsyncSession, event: Event) -> None:
    assert event.sequence is not None
    await store.contact_saved(session, contact=event.payload["contact"], sequence=event.sequence)


@handlers.on("contact.deleted")
async def contact_deleted(session: AsyncSession, event: Event) -> None:
    await store.forget_contact(session, contact_id=UUID(event.payload["contact_id"]))


@handlers.on("account.email_set")
async def email_set(session: AsyncSession, event: Event) -> None:
    assert event.sequence is not None
    await store.set_recipient(
        session,
        email=event.payload["email"],
        full_name=event.payload.get("full_name"),
        sequence=event.sequence,
    )
