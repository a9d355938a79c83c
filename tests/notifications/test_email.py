"""Notification e-mail: to an SMTP server (aiosmtpd on loopback), text and HTML, once; to .eml
files without one; per-kind opt-out; retries that never send twice."""

import email
import email.policy
import os
import stat
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from scripts.stack import free_port
from subgraphs.notifications.mail import FolderMailer, SmtpMailer
from subgraphs.notifications.pubsub import LocalPubSub
from subgraphs.notifications.scheduler import Scheduler
from tests.notifications.conftest import address, at, schedule

STATES = "{ notifications { edges { node { id title emailState } } } }"
PREFER = "mutation($k: NotificationKind!, $e: Boolean!) { setNotificationPreference(kind: $k, email: $e) { kind email inApp } }"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 OK"


@pytest.fixture
def smtp() -> Any:
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


async def states(notifications, account) -> list[dict[str, Any]]:
    result = await notifications(STATES, token=account.token)
    return [edge["node"] for edge in result.data["notifications"]["edges"]]


def scheduler_with(runtime, mailer, now) -> Scheduler:
    return Scheduler(
        runtime, LocalPubSub(), mailer, sender="Job Tracker <jt@example.com>", clock=lambda: now
    )


async def test_the_reminder_email_reaches_an_smtp_server(db, runtime, notifications, account, smtp):
    controller, received = smtp
    await address(db, account)
    await schedule(db, account, at(90), offsets=[60])
    mailer = SmtpMailer(f"smtp://127.0.0.1:{controller.port}", timeout=10)
    scheduler = scheduler_with(runtime, mailer, at(31))
    await scheduler.tick()
    await scheduler.tick()  # nothing twice
    [(sender, recipients, message)] = received.messages
    assert sender == "jt@example.com" and recipients == [account.email]
    assert message["Subject"] == "Interview in 1 hour: Initech, SRE"
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and "meet.example.com/abc" in text.get_content()
    assert html is not None and "<h1" in html.get_content() and "Initech" in html.get_content()
    [node] = await states(notifications, account)
    assert node["emailState"] == "SENT"
    assert message["Message-ID"] == f"<{node['id']}@example.com>"


async def test_an_opted_out_kind_is_not_emailed(db, runtime, notifications, account, smtp):
    controller, received = smtp
    await address(db, account)
    result = await notifications(
        PREFER, {"k": "INTERVIEW_REMINDER", "e": False}, token=account.token
    )
    assert result.data["setNotificationPreference"] == {
        "kind": "INTERVIEW_REMINDER",
        "email": False,
        "inApp": True,
    }
    await schedule(db, account, at(90), offsets=[60])
    await scheduler_with(
        runtime, SmtpMailer(f"smtp://127.0.0.1:{controller.port}", timeout=10), at(31)
    ).tick()
    assert received.messages == []
    assert [node["emailState"] for node in await states(notifications, account)] == ["SKIPPED"]


async def test_no_address_known_no_email(db, runtime, notifications, account, smtp):
    controller, received = smtp
    await schedule(db, account, at(90), offsets=[60])
    await scheduler_with(
        runtime, SmtpMailer(f"smtp://127.0.0.1:{controller.port}", timeout=10), at(31)
    ).tick()
    assert received.messages == []
    assert [node["emailState"] for node in await states(notifications, account)] == ["SKIPPED"]


async def test_a_server_down_is_tried_again_later_and_sends_once(
    db, runtime, notifications, account, smtp
):
    controller, received = smtp
    await address(db, account)
    await schedule(db, account, at(90), offsets=[60])
    down = SmtpMailer(f"smtp://127.0.0.1:{free_port()}", timeout=2)
    await scheduler_with(runtime, down, at(31)).tick()
    assert [node["emailState"] for node in await states(notifications, account)] == ["PENDING"]
    up = SmtpMailer(f"smtp://127.0.0.1:{controller.port}", timeout=10)
    await scheduler_with(runtime, up, at(31.2)).tick()  # before its retry time: not yet
    assert received.messages == []
    await scheduler_with(runtime, up, at(32)).tick()
    await scheduler_with(runtime, up, at(40)).tick()
    assert len(received.messages) == 1
    assert [node["emailState"] for node in await states(notifications, account)] == ["SENT"]


async def test_without_smtp_it_is_an_eml_file_only_its_user_reads(
    db, runtime, notifications, account, tmp_path
):
    await address(db, account)
    await schedule(db, account, at(90), offsets=[60])
    folder = tmp_path / "mail"
    await scheduler_with(runtime, FolderMailer(folder), at(31)).tick()
    [node] = await states(notifications, account)
    path = folder / f"{node['id']}.eml"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["To"] == f"Ada Lovelace <{account.email}>"
    assert message.get_body(("html",)) is not None
    assert [p.name for p in folder.iterdir()] == [path.name]  # no partial file left
