"""Notifications store schema: the inbox, e-mail preferences, and what the subgraph learns from
other subgraphs' events (interviews and their reminders, contacts, each user's own address).

Nothing here is asked of another subgraph: reminders are kept from `interview.*` events, the
contacts' links from `contact.saved`, the address to write to from `account.email_set`."""

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Enum, Index, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field as Column
from sqlmodel import SQLModel

from subgraphs.kit import (
    Owned,
    id_field,
    moment_field,
    owner_field,
    text_field,
    timestamp_field,
)


class Table(SQLModel, registry=registry()):
    """This subgraph's tables: a metadata of their own, migrated by their own history."""


metadata = Table.metadata


class NotificationKind(StrEnum):
    INTERVIEW_REMINDER = "INTERVIEW_REMINDER"
    CONTACT_REGISTERED = "CONTACT_REGISTERED"


class EmailState(StrEnum):
    PENDING = "PENDING"  # to be sent
    SENDING = "SENDING"  # claimed by a sender; never sent twice, even if it was interrupted
    SENT = "SENT"
    SKIPPED = "SKIPPED"  # the user opted out of e-mail for this kind, or has no known address
    FAILED = "FAILED"  # refused by the server, or still failing after the last attempt


class ReminderState(StrEnum):
    PENDING = "PENDING"
    SENT = "SENT"
    CANCELLED = "CANCELLED"  # the interview was cancelled, or the offset removed
    MISSED = "MISSED"  # due only once the interview had begun, or superseded by a later one


def _enum(kind: type[StrEnum], length: int) -> Enum:
    return Enum(kind, native_enum=False, length=length, create_constraint=False)


# One message in a user's inbox.
class Notification(Table, Owned, table=True):
    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("owner_id", "key", name="uq_notifications_owner_key"),
        Index("ix_notifications_owner_created", "owner_id", "created_at", "id"),
        Index("ix_notifications_email", "email_state", "email_next_at"),
        Index("ix_notifications_unpushed", "pushed"),
    )

    id: UUID = id_field()
    owner_id: UUID = owner_field()
    kind: NotificationKind = Column(sa_type=_enum(NotificationKind, 24))
    key: str = text_field(300)  # what it is about, once: "reminder:<interview>:<offset>:<due>"
    title: str = text_field(300)
    body: str = text_field(4000)
    data: dict[str, Any] = Column(default_factory=dict, sa_type=JSON, nullable=False)
    interview_id: UUID | None = None
    contact_id: UUID | None = None
    created_at: datetime = timestamp_field()
    read_at: datetime | None = moment_field()
    pushed: bool = False  # published to live subscriptions
    email_state: EmailState = Column(sa_type=_enum(EmailState, 8))
    email_attempts: int = 0
    email_next_at: datetime | None = moment_field()


# A user's choice for one kind: in-app always, e-mail unless turned off.
class Preference(Table, Owned, table=True):
    __tablename__ = "preferences"

    owner_id: UUID = owner_field(primary_key=True)
    kind: NotificationKind = Column(sa_type=_enum(NotificationKind, 24), primary_key=True)
    email: bool = True


# The address a user's e-mails go to (from `account.email_set`, the users subgraph's event).
class Recipient(Table, Owned, table=True):
    __tablename__ = "recipients"

    owner_id: UUID = owner_field(primary_key=True)
    email: str = text_field(320)
    full_name: str | None = text_field()
    sequence: int  # of the event this came from: newer events win


# An interview as far as notifications know it (from its latest event).
class TrackedInterview(Table, Owned, table=True):
    __tablename__ = "tracked_interviews"

    interview_id: UUID = Column(primary_key=True)
    owner_id: UUID = owner_field(index=True)
    sequence: int
    cancelled: bool = False
    starts_at: datetime = moment_field(required=True)
    state: dict[str, Any] = Column(default_factory=dict, sa_type=JSON, nullable=False)


# One reminder of one interview: fires once, at `due_at`, unless the interview has begun.
class Reminder(Table, Owned, table=True):
    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("interview_id", "offset_minutes", name="uq_reminders_interview_offset"),
        Index("ix_reminders_due", "state", "due_at"),
    )

    id: UUID = id_field()
    owner_id: UUID = owner_field(index=True)
    interview_id: UUID
    offset_minutes: int
    due_at: datetime = moment_field(required=True)
    state: ReminderState = Column(default=ReminderState.PENDING, sa_type=_enum(ReminderState, 10))
    sent_at: datetime | None = moment_field()


# A contact as far as notifications know it: whom it is linked to (from `contact.saved`).
class TrackedContact(Table, Owned, table=True):
    __tablename__ = "tracked_contacts"

    contact_id: UUID = Column(primary_key=True)
    owner_id: UUID = owner_field(index=True)
    sequence: int
    linked_user_id: UUID | None = None
