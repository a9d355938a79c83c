"""The notifications subgraph service, with its scheduler (reminders, live pushes, e-mail)."""

from fastapi import FastAPI

from subgraphs.kit import (
    Runtime,
    Settings,
    TokenVerifier,
    create_service,
    default_settings,
)
from subgraphs.notifications.mail import mailer_for
from subgraphs.notifications.pubsub import PubSub, pubsub_for
from subgraphs.notifications.scheduler import Scheduler
from subgraphs.notifications.schema import schema
from subgraphs.notifications.settings import NotificationsSettings


def scheduler_of(runtime: Runtime) -> Scheduler:
    settings = NotificationsSettings.of(runtime.settings)
    return Scheduler(runtime, runtime.get(PubSub), mailer_for(settings), sender=settings.MAIL_FROM)


async def run_scheduler(runtime: Runtime) -> None:
    every = NotificationsSettings.of(runtime.settings).REMINDER_SCAN_SECONDS
    await scheduler_of(runtime).run(every=every)


def create_app(
    settings: Settings = default_settings, *, verifier: TokenVerifier | None = None
) -> FastAPI:
    settings = NotificationsSettings.of(settings)
    return create_service(
        name="notifications",
        schema=schema,
        settings=settings,
        verifier=verifier,
        stores=[pubsub_for(settings)],
        background=[run_scheduler] if settings.NOTIFICATIONS_SCHEDULER else [],
    )
