"""Interviews need to have heard of an application (from its events) before one is scheduled
for it: `known_application` tells the interviews store directly, as its consumer would."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from subgraphs.interviews import store
from subgraphs.kit import runtime_of
from tests.factories import Account, operation, sign_up

SCHEDULE = operation("ScheduleInterview")
SEQUENCE = iter(range(1, 10**9))


async def known_application(
    interviews_app: Any, account: Account, *, company: str = "Acme", position: str = "Engineer"
) -> str:
    """An application of `account` that the interviews subgraph knows of; its id."""
    application_id = uuid.uuid4()
    db = runtime_of(interviews_app).db
    async with db.session(owner=uuid.UUID(account.id)) as session:
        await store.know_application(
            session, application_id=application_id, sequence=next(SEQUENCE),
            company=company, position=position,
        )  # fmt: skip
    return str(application_id)


def in_days(days: float, hour: int = 10) -> str:
    moment = datetime.now(UTC).replace(hour=hour, minute=0, second=0, microsecond=0)
    return (moment + timedelta(days=days)).isoformat()


async def schedule(api, account: Account, application_id: str, **fields: Any) -> dict[str, Any]:
    values = {"applicationId": application_id, "startsAt": in_days(2), "timeZone": "Europe/Berlin",
              "durationMinutes": 45, "type": "ONLINE", **fields}  # fmt: skip
    result = await api(SCHEDULE, {"input": values}, token=account.token)
    return result.data["scheduleInterview"]


@pytest.fixture
async def account(users):
    return await sign_up(users)
