"""Interview reminders: kept from interview events, fired once each by the scheduler (an
injected clock stands for time passing), moved and cancelled with their interview."""

import uuid
from typing import Any

import pytest
from sqlmodel import select

from subgraphs.notifications import store
from subgraphs.notifications.mail import Mailer
from subgraphs.notifications.models import Notification, Reminder, ReminderState
from subgraphs.notifications.pubsub import LocalPubSub
from subgraphs.notifications.scheduler import Scheduler
from tests.notifications.conftest import NOW, at, schedule

INBOX = "{ notifications { totalCount edges { node { kind title body interview { id } data } } } }"


class Outbox(Mailer):
    def __init__(self) -> None:
        self.sent: list[Any] = []

    async def send(self, message: Any) -> None:
        self.sent.append(message)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> Any:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def scheduler(runtime, clock) -> Scheduler:
    return Scheduler(runtime, LocalPubSub(), Outbox(), sender="jt@example.com", clock=clock)


async def inbox(notifications, account) -> dict[str, Any]:
    return (await notifications(INBOX, token=account.token)).data["notifications"]


async def reminders(db, interview_id: str) -> dict[int, ReminderState]:
    async with db.admin() as session:
        rows = await session.exec(
            select(Reminder).where(Reminder.interview_id == uuid.UUID(interview_id))
        )
        return {row.offset_minutes: row.state for row in rows}


async def test_each_reminder_fires_once_when_due(db, notifications, account, scheduler, clock):
    interview = await schedule(db, account, at(24 * 60 + 30))
    clock.now = at(29)  # a day and a minute before: nothing yet
    await scheduler.tick()
    assert (await inbox(notifications, account))["totalCount"] == 0
    clock.now = at(31)  # the day-before reminder is due
    await scheduler.tick()
    await scheduler.tick()
    page = await inbox(notifications, account)
    assert page["totalCount"] == 1
    node = page["edges"][0]["node"]
    assert node["kind"] == "INTERVIEW_REMINDER"
    assert node["title"] == "Interview in 1 day: Initech, SRE"
    assert "meet.example.com/abc" in node["body"] and "Europe/Berlin" in node["body"]
    assert node["interview"] == {"id": interview}
    clock.now = at(24 * 60 - 29)  # the hour-before one
    await scheduler.tick()
    assert (await inbox(notifications, account))["totalCount"] == 2
    assert await reminders(db, interview) == {1440: ReminderState.SENT, 60: ReminderState.SENT}


async def test_a_moved_interview_moves_its_reminders(db, notifications, account, scheduler, clock):
    interview = await schedule(db, account, at(120), offsets=[60])
    await schedule(db, account, at(300), offsets=[60], interview_id=interview,
                   type_="interview.updated")  # fmt: skip
    clock.now = at(61)  # when it would have fired
    await scheduler.tick()
    assert (await inbox(notifications, account))["totalCount"] == 0
    clock.now = at(241)
    await scheduler.tick()
    assert (await inbox(notifications, account))["totalCount"] == 1


async def test_a_cancelled_interview_cancels_them(db, notifications, account, scheduler, clock):
    interview = await schedule(db, account, at(120), offsets=[60, 30])
    await schedule(db, account, at(120), offsets=[60, 30], interview_id=interview,
                   type_="interview.cancelled", status="CANCELLED")  # fmt: skip
    clock.now = at(119)
    await scheduler.tick()
    assert (await inbox(notifications, account))["totalCount"] == 0
    assert await reminders(db, interview) == {
        60: ReminderState.CANCELLED,
        30: ReminderState.CANCELLED,
    }


async def test_an_older_event_changes_nothing(db, notifications, account, scheduler, clock):
    interview = await schedule(db, account, at(120), offsets=[60])
    await schedule(db, account, at(120), offsets=[60], interview_id=interview,
                   type_="interview.cancelled", status="CANCELLED")  # fmt: skip
    await schedule(
        db, account, at(500), offsets=[60], interview_id=interview, type_="interview.updated"
    )  # a late event: the cancellation stands
    clock.now = at(460)
    await scheduler.tick()
    assert (await inbox(notifications, account))["totalCount"] == 0


async def test_after_downtime_the_latest_due_fires_if_not_begun(
    db, notifications, account, scheduler, clock
):
    interview = await schedule(db, account, at(24 * 60 + 30))  # a day and an hour reminder
    late = await schedule(db, account, at(20), offsets=[60])
    clock.now = at(24 * 60)  # everything was down until 30 min before the first one
    await scheduler.tick()
    page = await inbox(notifications, account)
    assert [edge["node"]["title"] for edge in page["edges"]] == [
        "Interview in 30 minutes: Initech, SRE"
    ]
    assert await reminders(db, interview) == {1440: ReminderState.MISSED, 60: ReminderState.SENT}
    assert await reminders(db, late) == {60: ReminderState.MISSED}  # it had begun


async def test_a_scheduler_killed_before_commit_leaves_it_due(
    db, runtime, notifications, account, scheduler, clock, monkeypatch
):
    """Killed between claiming and committing: the claim rolls back, the next pass fires it."""
    await schedule(db, account, at(90), offsets=[60])
    clock.now = at(31)
    real = store.add_notification

    async def dies(*args: Any, **kwargs: Any) -> Any:
        await real(*args, **kwargs)  # the reminder is marked sent and the row added, then...
        raise SystemExit("killed")

    monkeypatch.setattr(store, "add_notification", dies)
    with pytest.raises(SystemExit):
        await scheduler.fire_reminders()
    monkeypatch.setattr(store, "add_notification", real)
    assert (await inbox(notifications, account))["totalCount"] == 0
    fresh = Scheduler(runtime, LocalPubSub(), Outbox(), sender="jt@example.com", clock=clock)
    assert await fresh.fire_reminders() == 1
    assert await fresh.fire_reminders() == 0
    assert (await inbox(notifications, account))["totalCount"] == 1


async def test_two_schedulers_at_once_fire_it_once(db, runtime, notifications, account, clock):
    import asyncio

    for _ in range(5):
        await schedule(db, account, at(90), offsets=[60])
    clock.now = at(31)
    many = [
        Scheduler(runtime, LocalPubSub(), Outbox(), sender="x@example.com", clock=clock)
        for _ in range(3)
    ]
    results = await asyncio.gather(
        *(each.fire_reminders() for each in many), return_exceptions=True
    )
    fired = [each for each in results if isinstance(each, int)]
    leftover = await many[0].fire_reminders()
    assert sum(fired) + leftover == 5
    async with db.admin() as session:
        rows = list(
            await session.exec(
                select(Notification).where(Notification.owner_id == uuid.UUID(account.id))
            )
        )
    assert len(rows) == 5
