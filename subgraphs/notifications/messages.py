"""What a notification says, made from what the events carried (fat events: nothing is asked of
another subgraph)."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

TYPES = {"PHONE": "phone", "ONSITE": "on-site", "ONLINE": "online"}


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    data: dict[str, Any] = field(default_factory=dict)


def _span(minutes: int) -> str:
    for unit, size in (("day", 1440), ("hour", 60), ("minute", 1)):
        if minutes >= size and (minutes % size == 0 or unit == "minute"):
            count = minutes // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return "a moment"


def _local(moment: datetime, zone: str | None) -> str:
    try:
        moment = moment.astimezone(ZoneInfo(zone or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        zone = "UTC"
    return f"{moment:%a %d %b %Y, %H:%M} ({zone or 'UTC'})"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def interview_reminder(
    interview: dict[str, Any],
    *,
    starts_at: datetime,
    due_at: datetime,
    offset_minutes: int,
    now: datetime,
) -> Message:
    """'Interview in 1 hour: Acme, Backend Engineer', with when, how and where."""
    company, position = interview.get("company"), interview.get("position")
    what = ", ".join(part for part in (company, position) if part) or "your application"
    left = max(1, round((starts_at - now).total_seconds() / 60))
    minutes = offset_minutes if left >= offset_minutes - 1 else left  # on time, or late (downtime)
    kind = TYPES.get(str(interview.get("type")), "")
    at = f" at {company}" if company else ""
    when = _local(starts_at, interview.get("time_zone"))
    lines = [
        f"Your {kind} interview for {position or 'the position'}{at} starts {when}"
        f" and lasts {interview.get('duration_minutes')} minutes.",
    ]
    if interview.get("location"):
        lines.append(f"Where: {interview['location']}")
    if interview.get("meeting_url"):
        lines.append(f"Meeting link: {interview['meeting_url']}")
    data = {
        "startsAt": starts_at.isoformat(),
        "dueAt": due_at.isoformat(),
        "timeZone": interview.get("time_zone"),
        "company": company,
        "position": position,
        "meetingUrl": interview.get("meeting_url"),
    }
    return Message(
        _clip(f"Interview in {_span(minutes)}: {what}", 300), _clip("\n".join(lines), 4000), data
    )


def contact_registered(contact: dict[str, Any]) -> Message:
    name = contact.get("name") or "One of your contacts"
    at = f" ({contact['company']})" if contact.get("company") else ""
    body = (
        f"Your contact {name}{at} now has a Job Tracker account: their profile is linked from "
        "the contact."
    )
    return Message(_clip(f"{name} joined Job Tracker", 300), _clip(body, 4000), {"name": name})
