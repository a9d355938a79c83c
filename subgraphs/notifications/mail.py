"""E-mail delivery: a port with two transports, and the message (text and HTML) made from a
notification.

    SmtpMailer     aiosmtplib to SMTP_URL (smtp://user:pass@host:port; STARTTLS when the server
                   offers it; smtps:// for TLS from the first byte)
    FolderMailer   no SMTP_URL (embedded profile): each message written as <id>.eml under
                   MAIL_DIR (DATA_DIR/mail), private to this user (0600), to open in any mail app
"""

import asyncio
import html
import os
from abc import ABC, abstractmethod
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

import aiosmtplib

from subgraphs.kit import private_file
from subgraphs.notifications.models import Notification, Recipient
from subgraphs.notifications.settings import NotificationsSettings


class Mailer(ABC):
    @abstractmethod
    async def send(self, message: EmailMessage) -> None:
        """Deliver `message`, or raise `Undeliverable` (do not try again) or anything else
        (try again later)."""


class Undeliverable(Exception):
    """Refused for good (a 5xx answer): trying again would not help."""


class SmtpMailer(Mailer):
    def __init__(self, url: str, *, timeout: float) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("SMTP_URL must look like smtp://user:password@host:587 (or smtps://)")
        self.tls = parts.scheme == "smtps"
        self.host = parts.hostname
        self.port = parts.port or (465 if self.tls else 25)
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.timeout = timeout

    async def send(self, message: EmailMessage) -> None:
        try:
            await aiosmtplib.send(
                message,
                hostname=self.host,
                port=self.port,
                username=self.username,
                password=self.password,
                use_tls=self.tls,
                timeout=self.timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as refused:
            raise Undeliverable(str(refused)) from refused
        except aiosmtplib.SMTPResponseException as error:
            if 500 <= error.code < 600:
                raise Undeliverable(f"{error.code} {error.message}") from error
            raise


class FolderMailer(Mailer):
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def send(self, message: EmailMessage) -> None:
        name = message["X-Notification-Id"] or make_msgid().strip("<>")
        await asyncio.to_thread(self._write, self.folder / f"{name}.eml", bytes(message))

    @staticmethod
    def _write(path: Path, content: bytes) -> None:
        partial = private_file(path.with_suffix(".eml.partial"))
        partial.write_bytes(content)
        os.replace(partial, path)  # whole or not at all


def mailer_for(settings: NotificationsSettings) -> Mailer:
    if settings.SMTP_URL is not None:
        return SmtpMailer(
            settings.SMTP_URL.get_secret_value(), timeout=settings.SMTP_TIMEOUT_SECONDS
        )
    return FolderMailer(settings.mail_dir)


def compose(notification: Notification, recipient: Recipient, *, sender: str) -> EmailMessage:
    """The notification as an e-mail: plain text, and the same as HTML."""
    message = EmailMessage()
    message["Subject"] = notification.title
    message["From"] = sender
    to = recipient.email
    message["To"] = f"{recipient.full_name} <{to}>" if recipient.full_name else to
    message["Date"] = formatdate(notification.created_at.timestamp(), usegmt=True)
    domain = sender.rpartition("@")[2].rstrip(">") or "job-tracker.localhost"
    message["Message-ID"] = f"<{notification.id}@{domain}>"  # the same on any retry
    message["X-Notification-Id"] = str(notification.id)
    footer = "You get this because e-mail is on for this kind of notification in Job Tracker."
    message.set_content(f"{notification.body}\n\n-- \n{footer}\n")
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in notification.body.splitlines())
    message.add_alternative(
        "<!doctype html><html><body>"
        f'<h1 style="font-size:1.2em">{html.escape(notification.title)}</h1>{paragraphs}'
        f'<hr><p style="color:#666;font-size:.9em">{html.escape(footer)}</p></body></html>',
        subtype="html",
    )
    return message
