"""Interviews subgraph schema: the `Interview` entity, its mutations, `Application.interviews`
and `User.upcomingInterviews`."""

import logging
from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

import strawberry

from subgraphs.interviews import models, store
from subgraphs.interviews.feed import FeedKeys, token_hash
from subgraphs.interviews.models import InterviewStatus, InterviewType
from subgraphs.interviews.store import InterviewFilter
from subgraphs.kit import (
    Connection,
    Info,
    ServiceSchema,
    asks_for,
    from_row,
    given,
    id_of,
    lookup,
    moment_in_range,
    paginate,
    parse_id,
    partial_input,
    require_id,
    validate,
)

logger = logging.getLogger(__name__)
strawberry.enum(InterviewType, description="How the interview happens.")
strawberry.enum(InterviewStatus, description="Cancelled interviews stay, marked so.")


@strawberry.federation.type(keys=["id"], extend=False)
class Application:
    id: strawberry.ID
    # The applications subgraph's fields, which interviews keep from its events: served on the
    # path `Interview.application` (@provides), so the router need not ask applications.
    company: str = strawberry.federation.field(external=True, default="")
    position: str = strawberry.federation.field(external=True, default="")

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "Application | None":
        """The viewer's application, as far as interviews know it (from its events)."""
        return await lookup(info, id, store.known_applications, lambda _: cls(id=id))

    @strawberry.field(
        description="Its scheduled interviews, soonest first. Null for anyone but its owner, "
        "and for a moment after it is created (until interviews hear of it)."
    )
    async def interviews(self, info: Info) -> list["Interview"] | None:
        found = await info.context.loader(store.interviews_of_applications).load(UUID(self.id))
        return [Interview.from_row(row) for row in found or []]


@strawberry.federation.type(keys=["id"], description="A scheduled interview.")
class Interview:
    id: strawberry.ID
    starts_at: datetime = strawberry.field(description="In UTC.")
    time_zone: str = strawberry.field(description="The IANA time zone it was entered in.")
    duration_minutes: int
    type: InterviewType
    details: str | None
    location: str | None
    meeting_url: str | None
    reminder_offsets_minutes: list[int] = strawberry.field(
        description="Reminders, in minutes before it starts (latest first)."
    )
    status: InterviewStatus
    created_at: datetime
    updated_at: datetime
    application_id: strawberry.Private[UUID]

    @classmethod
    def from_row(cls, row: models.Interview) -> "Interview":
        return from_row(cls, row)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "Interview | None":
        return await lookup(info, id, store.interviews_by_id, cls.from_row)

    @strawberry.field(description="When it starts, in its own time zone (ISO 8601).")
    def local_starts_at(self) -> str:
        if not moment_in_range(self.starts_at):  # kept before startsAt had a range
            logger.warning("interview %s starts out of range: shown in UTC", self.id)
            return self.starts_at.isoformat()  # some zones cannot show it
        return self.starts_at.astimezone(ZoneInfo(self.time_zone)).isoformat()

    @strawberry.federation.field(
        provides=["company position"],
        description="The application it is for (company, position, ...).",
    )
    async def application(self, info: Info) -> Application:
        """Its company and position as interviews last heard of them (the application's
        events), read for every interview of the request at once, when asked."""
        known = None
        if asks_for(info, "company") or asks_for(info, "position"):
            loader = info.context.loader(store.known_applications)
            known = await loader.load(self.application_id)
        return Application(
            id=id_of(self.application_id),
            company=(known.company if known else None) or "",
            position=(known.position if known else None) or "",
        )


@strawberry.federation.type(keys=["id"], extend=False)
class User:
    id: strawberry.ID

    @strawberry.field(description="Your scheduled interviews from now on, soonest first.")
    async def upcoming_interviews(self, info: Info, first: int = 5) -> list[Interview] | None:
        if parse_id(self.id) != info.context.require_user():
            return None
        return await upcoming(info, first)


async def upcoming(info: Info, first: int) -> list[Interview]:
    connection = await paginate(
        info, store.upcoming(), first=first, after=None, node=Interview.from_row
    )
    return [edge.node for edge in connection.edges]


@strawberry.type(
    description="Your interviews as a calendar (iCalendar) that any calendar app "
    "can subscribe to. Its URL is the only credential: keep it secret."
)
class CalendarFeed:
    url: str = strawberry.field(
        description="Subscribe to this URL (no sign-in). rotateCalendarFeed replaces it."
    )
    created_at: datetime = strawberry.field(description="When this URL was made.")

    @classmethod
    def of(cls, info: Info, row: models.CalendarFeed) -> "CalendarFeed":
        return cls(url=info.context.get(FeedKeys).url(row), created_at=row.created_at)


@strawberry.input
class InterviewFilterInput:
    starts_from: datetime | None = strawberry.field(default=None, name="from")
    starts_to: datetime | None = strawberry.field(default=None, name="to")
    type: InterviewType | None = None
    application_id: strawberry.ID | None = None
    include_cancelled: bool = False


@strawberry.input
class ScheduleInterviewInput:
    application_id: strawberry.ID
    starts_at: datetime
    time_zone: str = strawberry.field(description="IANA name, e.g. Europe/Berlin.")
    duration_minutes: int
    type: InterviewType
    details: str | None = None
    location: str | None = None
    meeting_url: str | None = None
    reminder_offsets_minutes: list[int] | None = strawberry.field(
        default=strawberry.UNSET, description="Minutes before; default a day and an hour."
    )


UpdateInterviewInput = partial_input(
    ScheduleInterviewInput,
    name="UpdateInterviewInput",
    exclude={"application_id"},
    description="Only the fields given change.",
)


def _filter(given_filter: InterviewFilterInput | None) -> InterviewFilter:
    if given_filter is None:
        return InterviewFilter()
    application = given_filter.application_id
    return InterviewFilter(
        starts_from=given_filter.starts_from,
        starts_to=given_filter.starts_to,
        type=given_filter.type,
        application_id=require_id(application, "Application") if application else None,
        include_cancelled=given_filter.include_cancelled,
    )


@strawberry.type
class Query:
    @strawberry.field(description="Your interviews, soonest first (cancelled ones if asked).")
    async def interviews(
        self,
        info: Info,
        filter: InterviewFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Interview]:
        listing = store.interviews(_filter(filter))
        return await paginate(info, listing, first=first, after=after, node=Interview.from_row)

    @strawberry.field(description="One of your interviews; null when it is not yours.")
    async def interview(self, info: Info, id: strawberry.ID) -> Interview | None:
        return await Interview.resolve_reference(info, id)

    @strawberry.field(description="Your scheduled interviews from now on, soonest first.")
    async def upcoming_interviews(self, info: Info, first: int = 5) -> list[Interview]:
        return await upcoming(info, first)

    @strawberry.field(description="Your calendar feed; null until rotateCalendarFeed made one.")
    async def calendar_feed(self, info: Info) -> CalendarFeed | None:
        async with info.context.reader() as session:
            row = await store.calendar_feed(session)
        return CalendarFeed.of(info, row) if row else None


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def schedule_interview(self, info: Info, input: ScheduleInterviewInput) -> Interview:
        application = require_id(input.application_id, "Application")
        data = validate(models.InterviewCreate, given(input) | {"application_id": application})
        async with info.context.writer() as session:
            row = await store.schedule(session, data=data)
        return Interview.from_row(row)

    @strawberry.mutation
    async def update_interview(
        self,
        info: Info,
        id: strawberry.ID,
        input: UpdateInterviewInput,  # type: ignore[valid-type]
    ) -> Interview:
        changes = validate(models.InterviewUpdate, input)
        async with info.context.writer() as session:
            row = await store.update(
                session, interview_id=require_id(id, "Interview"), changes=changes
            )
        return Interview.from_row(row)

    @strawberry.mutation(description="Cancel an interview: it stays, marked cancelled.")
    async def cancel_interview(self, info: Info, id: strawberry.ID) -> Interview:
        async with info.context.writer() as session:
            row = await store.cancel(session, interview_id=require_id(id, "Interview"))
        return Interview.from_row(row)

    @strawberry.mutation(
        description="Make your calendar feed's URL, or a new one: the old URL stops at once."
    )
    async def rotate_calendar_feed(self, info: Info) -> CalendarFeed:
        keys, owner = info.context.get(FeedKeys), info.context.require_user()
        nonce = keys.new_nonce()
        hashed = token_hash(keys.token(owner, nonce))
        async with info.context.writer() as session:
            row = await store.rotate_calendar_feed(session, nonce=nonce, token_hash=hashed)
        return CalendarFeed.of(info, row)

    @strawberry.mutation(description="Turn your calendar feed off; false when it was off.")
    async def disable_calendar_feed(self, info: Info) -> bool:
        async with info.context.writer() as session:
            return await store.disable_calendar_feed(session)


schema = ServiceSchema(
    subgraph="interviews",
    query=Query,
    mutation=Mutation,
    types=[Interview, Application, User],
)
