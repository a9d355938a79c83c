"""Delivering notifications: the scheduler's store functions (`scheduler`). Each runs in an admin
session, since one scan serves every owner: reminders that fell due fired, new notifications
found for live subscribers, e-mails claimed before they are sent and settled after. Writes
happen in the caller's unit of work; nothing here commits."""

from datetime import datetime
from uuid import UUID

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.notifications import messages, store
from subgraphs.notifications.models import (
    EmailState,
    Notification,
    NotificationKind,
    Recipient,
    Reminder,
    ReminderState,
    TrackedInterview,
)


async def claim_due_reminders(session: AsyncSession, *, now: datetime, limit: int = 100) -> int:
    """Fire the reminders due by `now`: each marked sent and its notification added in this
    unit of work, so it fires exactly once whoever claims it. Of one interview's due reminders
    only the latest-due fires; one due after its interview began is missed. How many fired."""
    statement = (
        select(Reminder, TrackedInterview)
        .join(TrackedInterview, col(TrackedInterview.interview_id) == col(Reminder.interview_id))
        .where(Reminder.state == ReminderState.PENDING, col(Reminder.due_at) <= now)
        .order_by(col(Reminder.due_at))
        .limit(limit)
        .with_for_update(skip_locked=True, of=Reminder)  # PostgreSQL; SQLite has one writer
    )
    due = list(await session.exec(statement))
    chosen: dict[UUID, tuple[Reminder, TrackedInterview]] = {}
    for reminder, interview in due:
        current = chosen.get(reminder.interview_id)
        if current is None or reminder.offset_minutes < current[0].offset_minutes:
            chosen[reminder.interview_id] = (reminder, interview)
    fired = 0
    for reminder, interview in due:
        fires = chosen[reminder.interview_id][0] is reminder and interview.starts_at > now
        if not await _settle(
            session, reminder, ReminderState.SENT if fires else ReminderState.MISSED, now
        ):
            continue
        if fires:
            fired += 1
            await store.add_notification(
                session,
                owner_id=reminder.owner_id,
                kind=NotificationKind.INTERVIEW_REMINDER,
                key=f"reminder:{reminder.interview_id}:{reminder.offset_minutes}:{reminder.due_at.isoformat()}",
                message=messages.interview_reminder(
                    interview.state,
                    starts_at=interview.starts_at,
                    due_at=reminder.due_at,
                    offset_minutes=reminder.offset_minutes,
                    now=now,
                ),
                interview_id=reminder.interview_id,
            )
    return fired


async def _settle(
    session: AsyncSession, reminder: Reminder, state: ReminderState, now: datetime
) -> bool:
    """Move a pending reminder on; False when another scheduler did first."""
    result = await session.exec(
        update(Reminder)
        .where(col(Reminder.id) == reminder.id, col(Reminder.state) == ReminderState.PENDING)
        .values(state=state, sent_at=now if state is ReminderState.SENT else None)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)


async def unpushed(session: AsyncSession, *, limit: int = 200) -> list[Notification]:
    """Notifications not yet published to live subscribers, oldest first, locked for this scan."""
    statement = (
        select(Notification)
        .where(Notification.pushed == False)  # noqa: E712
        .order_by(col(Notification.created_at))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(await session.exec(statement))


async def emails_due(session: AsyncSession, *, now: datetime, limit: int = 20) -> list[UUID]:
    statement = (
        select(Notification.id)
        .where(Notification.email_state == EmailState.PENDING)
        .where(
            (col(Notification.email_next_at).is_(None)) | (col(Notification.email_next_at) <= now)
        )
        .order_by(col(Notification.created_at))
        .limit(limit)
    )
    return list(await session.exec(statement))


async def claim_email(
    session: AsyncSession, *, notification_id: UUID
) -> tuple[Notification, Recipient] | None:
    """Mark the e-mail of a notification as being sent (once: another sender gets None)."""
    result = await session.exec(
        update(Notification)
        .where(col(Notification.id) == notification_id)
        .where(col(Notification.email_state) == EmailState.PENDING)
        .values(email_state=EmailState.SENDING, email_attempts=col(Notification.email_attempts) + 1)
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:
        return None
    notification = await session.get(Notification, notification_id)
    assert notification is not None
    await session.refresh(notification)
    recipient = await session.scalar(
        select(Recipient).where(Recipient.owner_id == notification.owner_id)
    )
    if recipient is None:  # the account went meanwhile
        notification.email_state = EmailState.SKIPPED
        return None
    return notification, recipient


async def email_done(
    session: AsyncSession,
    *,
    notification_id: UUID,
    state: EmailState,
    retry_at: datetime | None = None,
) -> None:
    await session.exec(
        update(Notification)
        .where(col(Notification.id) == notification_id)
        .values(email_state=state, email_next_at=retry_at)
        .execution_options(synchronize_session=False)
    )
