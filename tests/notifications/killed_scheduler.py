"""A scheduler process that is killed (SIGKILL) right after claiming a due reminder and adding
its notification, before its unit of work commits. Started by `test_killed.py`:

    DATABASE_URL=... DATA_DIR=... python -m tests.notifications.killed_scheduler <now, ISO 8601>
"""

import asyncio
import os
import signal
import sys
from datetime import datetime
from typing import Any

from subgraphs.kit import runtime_of
from subgraphs.notifications import store
from subgraphs.notifications.app import create_app
from subgraphs.notifications.mail import FolderMailer
from subgraphs.notifications.pubsub import pubsub_for
from subgraphs.notifications.scheduler import Scheduler
from subgraphs.notifications.settings import NotificationsSettings

real = store.add_notification


async def add_then_die(*args: Any, **kwargs: Any) -> Any:
    await real(*args, **kwargs)
    print("claimed", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


async def main(now: datetime) -> None:
    settings = NotificationsSettings(MIGRATE_ON_START=False)
    runtime = runtime_of(create_app(settings))
    store.add_notification = add_then_die
    scheduler = Scheduler(runtime, pubsub_for(settings), FolderMailer(settings.mail_dir),
                          sender="jt@example.com", clock=lambda: now)  # fmt: skip
    await scheduler.fire_reminders()
    print("committed", flush=True)  # never reached


if __name__ == "__main__":
    asyncio.run(main(datetime.fromisoformat(sys.argv[1])))
