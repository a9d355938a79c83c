"""The notifications subgraph's own variables (kit's `Settings` plus these; see
`kit.settings`)."""

from pathlib import Path

from pydantic import SecretStr, field_validator

from subgraphs.kit import Settings


class NotificationsSettings(Settings):
    """Delivery (docs/architecture/notifications.md). E-mail goes to SMTP_URL
    (smtp://user:pass@host:587, STARTTLS when offered; smtps:// for TLS from the start); unset,
    each e-mail is written as an .eml file under MAIL_DIR (default DATA_DIR/mail) for the user
    to open."""

    SMTP_URL: SecretStr | None = None
    MAIL_FROM: str = "Job Tracker <notifications@job-tracker.localhost>"
    MAIL_DIR: Path | None = None
    SMTP_TIMEOUT_SECONDS: float = 30.0
    # How often the reminder scheduler looks for due reminders and undelivered notifications.
    REMINDER_SCAN_SECONDS: float = 10.0
    # Whether this process runs the scheduler (the notifications subgraph, the embedded host and
    # the worker do by default; several at once are safe).
    NOTIFICATIONS_SCHEDULER: bool = True

    @field_validator("SMTP_URL", mode="after")
    @classmethod
    def _smtp_url(cls, value: SecretStr | None) -> SecretStr | None:
        url = value.get_secret_value() if value is not None else None
        if url is not None and not url.startswith(("smtp://", "smtps://")):
            raise ValueError("SMTP_URL must look like smtp://user:password@host:587 (or smtps://)")
        return value

    @field_validator("REMINDER_SCAN_SECONDS", mode="after")
    @classmethod
    def _scan_interval(cls, value: float) -> float:
        if not 0 < value <= 50:  # reminders are promised within 60 s of their time
            raise ValueError("REMINDER_SCAN_SECONDS must be above 0 and at most 50")
        return value

    @property
    def mail_dir(self) -> Path:
        return self.MAIL_DIR or self.DATA_DIR / "mail"
