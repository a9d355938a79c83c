"""A scheduler process killed between claiming a due reminder and committing: the reminder is
still due, and the next scheduler fires it exactly once."""

import asyncio
import os
import signal
import sys
import uuid
from typing import Any

from sqlmodel import select

from subgraphs.notifications.models import Notification, Reminder, ReminderState
from subgraphs.notifications.pubsub import LocalPubSub
from subgraphs.notifications.scheduler import Scheduler
from tests.notifications.conftest import at, schedule
from tests.notifications.test_reminders import Outbox


async def test_a_scheduler_killed_before_its_commit_fires_it_once_after_restart(
    db: Any, runtime: Any, settings: Any, account: Any
) -> None:
    interview = await schedule(db, account, at(90), offsets=[60])
    env = {**os.environ, "DATABASE_URL": settings.DATABASE_URL, "DATA_DIR": str(settings.DATA_DIR)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.notifications.killed_scheduler", at(31).isoformat(),
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == -signal.SIGKILL, err.decode()[-2000:]
    assert out.decode().split() == ["claimed"]

    async with db.admin() as session:
        [reminder] = await session.exec(
            select(Reminder).where(Reminder.interview_id == uuid.UUID(interview))
        )
        assert reminder.state is ReminderState.PENDING  # the kill rolled the claim back
    restarted = Scheduler(
        runtime, LocalPubSub(), Outbox(), sender="jt@example.com", clock=lambda: at(31.5)
    )
    assert await restarted.fire_reminders() == 1
    assert await restarted.fire_reminders() == 0
    async with db.admin() as session:
        rows = list(
            await session.exec(
                select(Notification).where(Notification.interview_id == uuid.UUID(interview))
            )
        )
    assert len(rows) == 1
