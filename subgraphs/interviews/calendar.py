"""The calendar feed's content: a user's interviews as one iCalendar (RFC 5545) document.

Each interview is a VEVENT: its start and end in the time zone it was entered in (`TZID`, with
that zone's VTIMEZONE), the application's company and position in the summary, the location
or meeting link, `STATUS:CANCELLED` once cancelled (so calendars drop it), and a VALARM per
reminder offset. The document depends on the rows only (DTSTAMP is each row's last change), so
the same rows give the same bytes: what the feed's ETag relies on. An interview kept before
startsAt had its range (`kit.moments`), which some time zones cannot show, is left out (and
logged): never a failed feed."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from subgraphs.interviews.models import Interview, InterviewStatus, KnownApplication
from subgraphs.kit import moment_in_range

logger = logging.getLogger(__name__)

PRODID = "-//Job Tracker//Interviews//EN"
NAME = "Job Tracker: interviews"
REFRESH = timedelta(minutes=15)  # RFC 7986 REFRESH-INTERVAL: a hint to calendar clients
UID_DOMAIN = "interviews.job-tracker"
ZONES_UNTIL = date(2100, 1, 1)  # VTIMEZONE transitions written up to here
TYPE_WORDS = {
    "PHONE": "Phone interview",
    "ONSITE": "On-site interview",
    "ONLINE": "Video interview",
}


@dataclass(frozen=True)
class FeedEntry:
    interview: Interview
    application: KnownApplication | None

    @property
    def changed_at(self) -> datetime:
        changed = self.application.changed_at if self.application else None
        return max(self.interview.updated_at, changed or self.interview.updated_at)


def summary(entry: FeedEntry) -> str:
    """`Video interview: Programmer at Analytical Engines` (what is known of the application)."""
    kind = TYPE_WORDS[entry.interview.type]
    known = entry.application
    position, company = (known.position, known.company) if known else (None, None)
    if position and company:
        return f"{kind}: {position} at {company}"
    return f"{kind}: {position or company}" if position or company else kind


def _event(entry: FeedEntry) -> Event:
    interview = entry.interview
    zone = ZoneInfo(interview.time_zone)
    starts = interview.starts_at.astimezone(zone)
    event = Event()
    event.add("uid", f"{interview.id}@{UID_DOMAIN}")
    event.add("dtstamp", entry.changed_at.astimezone(UTC))
    event.add("last-modified", entry.changed_at.astimezone(UTC))
    event.add("created", interview.created_at.astimezone(UTC))
    event.add("dtstart", starts)
    event.add("dtend", (starts + timedelta(minutes=interview.duration_minutes)).astimezone(zone))
    event.add("summary", summary(entry))
    if interview.location or interview.meeting_url:
        event.add("location", interview.location or interview.meeting_url)
    if interview.meeting_url:
        event.add("url", interview.meeting_url)
    description = [text for text in (interview.details, interview.meeting_url) if text]
    if description:
        event.add("description", "\n\n".join(description))
    cancelled = interview.status is InterviewStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    if not cancelled:
        for minutes in interview.reminder_offsets_minutes:
            event.add_component(_alarm(entry, minutes))
    return event


def _alarm(entry: FeedEntry, minutes: int) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(minutes=-minutes))  # before DTSTART (RELATED=START)
    alarm.add("description", summary(entry))
    return alarm


def render(entries: Sequence[FeedEntry]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", NAME)  # RFC 7986
    calendar.add("x-wr-calname", NAME)  # what Apple and Google calendars show
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    for entry in entries:
        if not moment_in_range(entry.interview.starts_at):
            logger.warning(
                "interview %s starts out of range: left out of the feed", entry.interview.id
            )
            continue
        calendar.add_component(_event(entry))
    calendar.add_missing_timezones(last_date=ZONES_UNTIL)
    return calendar.to_ical()
