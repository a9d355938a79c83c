"""Notifications store. Functions for the viewer run in a session opened for them (`kit.scoping`),
and so do those for an event, opened for its owner; the scheduler's are in `delivery` (admin
sessions). Writes happen in the caller's unit of work; nothing here commits."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit import Listing, ids_in, ids_param, not_found, publish, utcnow
from subgraphs.notifications import messages
from subgraphs.notifications.events import CREATED, NotificationCreated, NotificationState
from subgraphs.notifications.models import (
    EmailState,
    Notification,
    NotificationKind,
    Preference,
    Recipient,
    Reminder,
    ReminderState,
    TrackedContact,
    TrackedInterview,
)

PAGE_KEYS = (col(Notification.created_at), col(Notification.id))


_INBOX = {  # made once (kit.Listing says why): all, or the unread ones only
    False: select(Notification),
    True: select(Notification).where(col(Notification.read_at).is_(None)),
}


def inbox(*, unread_only: bool) -> Listing[Notification]:
    """The owner's notifications, newest first (unread ones only if asked)."""
    return Listing(_INBOX[unread_only], keys=PAGE_KEYS, descending=True)


# Made once (kit.ids_in): each call runs them with its ids.
_NOTIFICATIONS_BY_ID = select(Notification).where(ids_in(col(Notification.id)))
_TRACKED_INTERVIEWS = select(TrackedInterview).where(ids_in(col(TrackedInterview.interview_id)))
_TRACKED_CONTACTS = select(TrackedContact).where(ids_in(col(TrackedContact.contact_id)))


async def notifications_by_id(
    session: AsyncSession, ids: Sequence[UUID]
) -> dict[UUID, Notification]:
    rows = await session.exec(_NOTIFICATIONS_BY_ID, params=ids_param(ids))
    return {row.id: row for row in rows}


async def tracked_interviews(
    session: AsyncSession, ids: Sequence[UUID]
) -> dict[UUID, TrackedInterview]:
    rows = await session.exec(_TRACKED_INTERVIEWS, params=ids_param(ids))
    return {row.interview_id: row for row in rows}


async def tracked_contacts(
    session: AsyncSession, ids: Sequence[UUID]
) -> dict[UUID, TrackedContact]:
    rows = await session.exec(_TRACKED_CONTACTS, params=ids_param(ids))
    return {row.contact_id: row for row in rows}


_UNREAD_COUNTS = (  # made once (kit.ids_in): each call runs it with its owners
    select(Notification.owner_id, func.count())
    .where(ids_in(col(Notification.owner_id)))
    .where(col(Notification.read_at).is_(None))
    .group_by(col(Notification.owner_id))
)


async def unread_counts(session: AsyncSession, owner_ids: Sequence[UUID]) -> dict[UUID, int]:
    """Unread notifications per owner among `owner_ids` (the session's owner only), one query."""
    counts = {owner: 0 for owner in owner_ids}
    rows = await session.exec(_UNREAD_COUNTS, params=ids_param(owner_ids))
    counts.update({owner: count for owner, count in rows})
    return counts


async def mark_read(session: AsyncSession, *, notification_id: UUID) -> Notification:
    notification = await session.get(Notification, notification_id)
    if notification is None:  # absent, or someone else's: the session cannot see it
        raise not_found("Notification")
    if notification.read_at is None:
        notification.read_at = utcnow()
        await session.flush()
    return notification


async def mark_all_read(session: AsyncSession) -> int:
    """Every unread notification of the owner marked read; how many there were."""
    unread = list(
        await session.exec(select(Notification).where(col(Notification.read_at).is_(None)))
    )
    now = utcnow()
    for notification in unread:
        notification.read_at = now
    await session.flush()
    return len(unread)


async def preferences(session: AsyncSession) -> dict[NotificationKind, bool]:
    """Whether each kind is also sent by e-mail (yes unless turned off)."""
    chosen = {row.kind: row.email for row in await session.exec(select(Preference))}
    return {kind: chosen.get(kind, True) for kind in NotificationKind}


async def set_preference(session: AsyncSession, *, kind: NotificationKind, email: bool) -> None:
    row = (await session.exec(select(Preference).where(Preference.kind == kind))).first()
    if row is None:
        session.add(Preference(kind=kind, email=email))
    else:
        row.email = email
    await session.flush()


async def _email_state(session: AsyncSession, owner_id: UUID, kind: NotificationKind) -> EmailState:
    wanted = await session.scalar(
        select(Preference.email).where(Preference.owner_id == owner_id, Preference.kind == kind)
    )
    address = await session.scalar(select(Recipient.email).where(Recipient.owner_id == owner_id))
    return EmailState.PENDING if wanted is not False and address else EmailState.SKIPPED


async def add_notification(
    session: AsyncSession,
    *,
    owner_id: UUID,
    kind: NotificationKind,
    key: str,
    message: messages.Message,
    interview_id: UUID | None = None,
    contact_id: UUID | None = None,
) -> Notification | None:
    """A new notification in `owner_id`'s inbox, and its `notification.created` event; None when
    one with this `key` exists (each thing is notified once)."""
    found = await session.scalar(
        select(Notification.id).where(Notification.owner_id == owner_id, Notification.key == key)
    )
    if found is not None:
        return None
    notification = Notification(
        owner_id=owner_id,
        kind=kind,
        key=key,
        title=message.title,
        body=message.body,
        data=message.data,
        interview_id=interview_id,
        contact_id=contact_id,
        email_state=await _email_state(session, owner_id, kind),
    )
    session.add(notification)
    await session.flush()
    await publish(
        session, CREATED, aggregate_id=notification.id, owner_id=owner_id,
        payload=NotificationCreated(notification=NotificationState(**public(notification))),
    )  # fmt: skip
    return notification


def public(notification: Notification) -> dict[str, Any]:
    """What subscribers and consumers get of a notification (its e-mail bookkeeping aside)."""
    return notification.model_dump(
        mode="json", exclude={"owner_id", "key", "pushed", "email_attempts", "email_next_at"}
    )


# What other subgraphs' events teach.


async def set_recipient(
    session: AsyncSession, *, email: str, full_name: str | None, sequence: int
) -> None:
    recipient = (await session.exec(select(Recipient))).first()
    if recipient is None:
        session.add(Recipient(email=email, full_name=full_name, sequence=sequence))
    elif sequence > recipient.sequence:
        recipient.email, recipient.full_name, recipient.sequence = email, full_name, sequence
    await session.flush()


def _moment(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


async def track_interview(session: AsyncSession, *, state: dict[str, Any], sequence: int) -> None:
    """The interview's reminders as its newest event says: one per offset, due that long before
    it starts; moved when it moves, cancelled with it. Older events than the last one are
    ignored, and a cancelled interview stays cancelled."""
    interview_id = UUID(str(state["id"]))
    tracked = await session.get(TrackedInterview, interview_id)
    if tracked is not None and (sequence <= tracked.sequence or tracked.cancelled):
        tracked.sequence = max(tracked.sequence, sequence)
        return
    starts_at = _moment(state["starts_at"])
    cancelled = state.get("status") == "CANCELLED"
    if tracked is None:
        tracked = TrackedInterview(
            interview_id=interview_id, sequence=sequence, starts_at=starts_at
        )
        session.add(tracked)
    tracked.sequence, tracked.cancelled, tracked.starts_at = sequence, cancelled, starts_at
    tracked.state = {
        key: value for key, value in state.items() if key != "reminder_offsets_minutes"
    }
    wanted = set() if cancelled else {int(offset) for offset in state["reminder_offsets_minutes"]}
    rows = await session.exec(select(Reminder).where(Reminder.interview_id == interview_id))
    existing = {row.offset_minutes: row for row in rows}
    for offset, reminder in existing.items():
        if offset not in wanted and reminder.state is ReminderState.PENDING:
            reminder.state = ReminderState.CANCELLED
    for offset in wanted:
        due = starts_at - timedelta(minutes=offset)
        kept = existing.get(offset)
        if kept is None:
            session.add(Reminder(interview_id=interview_id, offset_minutes=offset, due_at=due))
        elif kept.due_at != due or kept.state is ReminderState.CANCELLED:
            kept.due_at, kept.state = due, ReminderState.PENDING
    await session.flush()


async def contact_saved(session: AsyncSession, *, contact: dict[str, Any], sequence: int) -> None:
    """Keep whom the contact is linked to; when a contact known unlinked becomes linked (its
    person registered), notify its owner once."""
    contact_id = UUID(str(contact["id"]))
    linked = contact.get("linked_user_id")
    linked_id = UUID(str(linked)) if linked else None
    tracked = await session.get(TrackedContact, contact_id)
    if tracked is None:
        session.add(
            TrackedContact(contact_id=contact_id, sequence=sequence, linked_user_id=linked_id)
        )
        await session.flush()
        return
    if sequence <= tracked.sequence:
        return
    was = tracked.linked_user_id
    tracked.sequence, tracked.linked_user_id = sequence, linked_id
    await session.flush()
    if linked_id is not None and linked_id != was:
        await add_notification(
            session,
            owner_id=tracked.owner_id,
            kind=NotificationKind.CONTACT_REGISTERED,
            key=f"contact:{contact_id}:{linked_id}",
            message=messages.contact_registered(contact),
            contact_id=contact_id,
        )


async def forget_contact(session: AsyncSession, *, contact_id: UUID) -> None:
    tracked = await session.get(TrackedContact, contact_id)
    if tracked is not None:
        await session.delete(tracked)
        await session.flush()
