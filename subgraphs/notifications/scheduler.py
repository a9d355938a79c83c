"""The scheduler: every REMINDER_SCAN_SECONDS it fires the reminders that fell due, publishes new
notifications to live subscribers, and sends the e-mails waiting.

    scheduler = Scheduler(runtime, pubsub, mailer, sender=..., clock=utcnow)
    await scheduler.run(every=10.0)       # a background loop (notifications service, worker)
    await scheduler.tick()                # one pass (tests, with an injected clock)

Exactly once. A reminder fires in the unit of work that marks it sent, adds the notification
and its outbox event: whoever claims it first (several schedulers may run) fires it, and one
killed before its commit leaves it due, so the next pass fires it. Reminders are rows, so a
restart loses none; one that fell due while nothing ran fires on start if the interview has not
begun. E-mail is sent after that commit: claimed (`SENDING`, committed) before the send and
recorded after, so a retry never sends it twice; an interrupted send is not retried.
"""

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from prometheus_client import Counter, Histogram

from subgraphs.kit import Runtime, utcnow
from subgraphs.notifications import delivery, store
from subgraphs.notifications.mail import Mailer, Undeliverable, compose
from subgraphs.notifications.models import EmailState, NotificationKind
from subgraphs.notifications.pubsub import PubSub

logger = logging.getLogger("subgraphs.notifications")
EMAIL_ATTEMPTS = 5
REMINDERS = Counter("reminders_fired_total", "Interview reminders fired")
REMINDER_DELAY = Histogram(
    "reminder_delay_seconds",
    "From a reminder's due time to its notification committed",
    buckets=(0.5, 1, 2, 5, 10, 20, 30, 60, 300, 3600),
)
EMAILS = Counter("notification_emails_total", "Notification e-mails by outcome", ["outcome"])


def channel(owner_id: object) -> str:
    """The pub/sub channel of one user's notifications."""
    return f"notifications:{owner_id}"


class Scheduler:
    def __init__(
        self,
        runtime: Runtime,
        pubsub: PubSub,
        mailer: Mailer,
        *,
        sender: str,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db, self.pubsub, self.mailer = runtime.db, pubsub, mailer
        self.sender = sender
        self.clock = clock

    async def run(self, *, every: float) -> None:
        """A pass every `every` seconds, the first at once (what fell due while nothing ran).
        Each step fails alone: Redis away does not hold reminders or e-mail back."""
        while True:
            for step in (self.fire_reminders, self.push, self.send_emails):
                try:
                    await step()
                except Exception as error:  # a store away for a moment: the next pass retries
                    logger.warning("notifications scheduler: %s failed: %r", step.__name__, error)
            await asyncio.sleep(every)

    async def tick(self) -> None:
        await self.fire_reminders()
        await self.push()
        await self.send_emails()

    async def fire_reminders(self) -> int:
        now = self.clock()
        async with self.db.admin() as session:
            fired = await delivery.claim_due_reminders(session, now=now)
        REMINDERS.inc(fired)
        return fired

    async def push(self) -> int:
        """New notifications to their owners' live subscriptions (marked pushed in the same unit
        of work: a failed publish leaves them for the next pass)."""
        async with self.db.admin() as session:
            waiting = await delivery.unpushed(session)
            for notification in waiting:
                await self.pubsub.publish(
                    channel(notification.owner_id), store.public(notification)
                )
                notification.pushed = True
                if (
                    notification.kind is NotificationKind.INTERVIEW_REMINDER
                    and notification.data.get("dueAt")
                ):
                    due = datetime.fromisoformat(notification.data["dueAt"])
                    REMINDER_DELAY.observe((notification.created_at - due).total_seconds())
        return len(waiting)

    async def send_emails(self) -> int:
        async with self.db.admin() as session:
            due = await delivery.emails_due(session, now=self.clock())
        sent = 0
        for notification_id in due:
            sent += await self._send(notification_id)
        return sent

    async def _send(self, notification_id: object) -> int:
        async with self.db.admin() as session:
            claimed = await delivery.claim_email(session, notification_id=notification_id)  # type: ignore[arg-type]
        if claimed is None:
            return 0
        notification, recipient = claimed
        state, retry_at = EmailState.SENT, None
        try:
            await self.mailer.send(compose(notification, recipient, sender=self.sender))
        except Undeliverable as refused:
            logger.warning("e-mail of notification %s refused: %s", notification.id, refused)
            state = EmailState.FAILED
        except Exception as error:
            attempts = notification.email_attempts
            logger.warning("e-mail of notification %s failed (attempt %s): %s",
                           notification.id, attempts, error)  # fmt: skip
            if attempts >= EMAIL_ATTEMPTS:
                state = EmailState.FAILED
            else:
                state = EmailState.PENDING
                retry_at = self.clock() + timedelta(seconds=30 * 2 ** (attempts - 1))
        async with self.db.admin() as session:
            await delivery.email_done(
                session, notification_id=notification.id, state=state, retry_at=retry_at
            )
        EMAILS.labels(state.value.lower()).inc()
        return 1 if state is EmailState.SENT else 0
