"""Notifications learn of interviews, contacts and addresses from events: these helpers hand
events to its consumer directly, as the broker would."""

import uuid
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

import pytest

from subgraphs.kit import Event, runtime_of
from subgraphs.kit.events.consumer import consume
from subgraphs.notifications.events import handlers
from tests.factories import Account, sign_up

SEQUENCE = count(10**6)
NOW = datetime(2030, 5, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
def db(notifications_app: Any) -> Any:
    return runtime_of(notifications_app).db


@pytest.fixture
def runtime(notifications_app: Any) -> Any:
    return runtime_of(notifications_app)


@pytest.fixture
async def account(users: Any) -> Account:
    return await sign_up(users)


async def deliver(db: Any, type_: str, owner: str, aggregate: str, **payload: Any) -> bool:
    event = Event(type=type_, owner_id=uuid.UUID(owner), aggregate_id=aggregate,
                  sequence=next(SEQUENCE), payload=payload)  # fmt: skip
    return await consume(db, handlers, event)


def interview_state(
    interview_id: str, starts_at: datetime, *, offsets: list[int] | None = None, **fields: Any
) -> dict[str, Any]:
    return {
        "id": interview_id, "application_id": str(uuid.uuid4()), "company": "Initech",
        "position": "SRE", "starts_at": starts_at.isoformat(), "time_zone": "Europe/Berlin",
        "duration_minutes": 45, "type": "ONLINE", "location": None,
        "meeting_url": "https://meet.example.com/abc", "status": "SCHEDULED",
        "reminder_offsets_minutes": offsets if offsets is not None else [1440, 60], **fields,
    }  # fmt: skip


async def schedule(
    db: Any, account: Account, starts_at: datetime, *, type_: str = "interview.scheduled",
    interview_id: str | None = None, **fields: Any,
) -> str:  # fmt: skip
    interview_id = interview_id or str(uuid.uuid4())
    state = interview_state(interview_id, starts_at, **fields)
    await deliver(db, type_, account.id, interview_id, interview=state)
    return interview_id


async def address(db: Any, account: Account) -> None:
    await deliver(db, "account.email_set", account.id, account.id,
                  user_id=account.id, email=account.email, full_name="Ada Lovelace")  # fmt: skip


def at(minutes: float) -> datetime:
    return NOW + timedelta(minutes=minutes)
