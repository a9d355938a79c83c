"""Discovering openings in the schema: followed boards, targets, the review inbox."""

from datetime import datetime
from uuid import UUID

import strawberry

from subgraphs.kit import Connection, Info, from_row, id_of, lookup, paginate, require_id
from subgraphs.postings import inbox, models
from subgraphs.postings.boards import Provider
from subgraphs.postings.entity import Application
from subgraphs.postings.models import DiscoveredStatus

strawberry.enum(Provider, name="BoardProvider", description="An applicant-tracking system "
                "whose public job-board API is polled.")  # fmt: skip
strawberry.enum(DiscoveredStatus, description="NEW ones are in the inbox.")


@strawberry.federation.type(
    keys=["id"], description="A job board you follow: its new openings come to your inbox."
)
class FollowedBoard:
    id: strawberry.ID
    provider: Provider
    board: str = strawberry.field(description="Its name in the public URL (e.g. `acme`).")
    created_at: datetime

    @classmethod
    def from_row(cls, row: models.FollowedBoard) -> "FollowedBoard":
        return from_row(cls, row)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "FollowedBoard | None":
        return await lookup(info, id, inbox.followed_by_id, cls.from_row)


@strawberry.type(description="What discovered openings are ranked against.")
class JobTargets:
    roles: list[str]
    locations: list[str]
    remote: bool


@strawberry.federation.type(keys=["id"], description="An opening found on a board you follow.")
class DiscoveredJob:
    id: strawberry.ID
    provider: Provider
    board: str
    company: str
    position: str
    location: str | None
    remote: bool
    job_url: str | None
    description: str
    rank: int = strawberry.field(description="0-100: target roles, locations and resume.")
    status: DiscoveredStatus
    discovered_at: datetime
    application_id: strawberry.Private[UUID | None]

    @classmethod
    def from_row(cls, row: models.DiscoveredJob) -> "DiscoveredJob":
        return from_row(cls, row)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "DiscoveredJob | None":
        return await lookup(info, id, inbox.discovered_by_id, cls.from_row)

    @strawberry.field(description="The application it became, once saved.")
    def application(self) -> Application | None:
        return Application(id=id_of(self.application_id)) if self.application_id else None


@strawberry.input
class FollowBoardInput:
    provider: Provider
    board: str


@strawberry.input
class JobTargetsInput:
    roles: list[str]
    locations: list[str]
    remote: bool = False


@strawberry.type
class DiscoveryQuery:
    @strawberry.field(description="Your review inbox: new openings, best ranked first.")
    async def discovered_jobs(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[DiscoveredJob]:
        return await paginate(info, inbox.inbox(), first=first, after=after,
                              node=DiscoveredJob.from_row)  # fmt: skip

    @strawberry.field(description="The job boards you follow, newest first.")
    async def followed_boards(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[FollowedBoard]:
        return await paginate(info, inbox.followed_boards(), first=first, after=after,
                              node=FollowedBoard.from_row)  # fmt: skip

    @strawberry.field
    async def job_targets(self, info: Info) -> JobTargets:
        async with info.context.reader() as session:
            row = await inbox.targets(session)
        return JobTargets(roles=row.roles, locations=row.locations, remote=row.remote)


@strawberry.type
class DiscoveryMutation:
    @strawberry.mutation(description="Follow a job board; its openings arrive on its next poll.")
    async def follow_board(self, info: Info, input: FollowBoardInput) -> FollowedBoard:
        async with info.context.writer() as session:
            row = await inbox.follow(session, provider=input.provider, board=input.board.strip())
        return FollowedBoard.from_row(row)

    @strawberry.mutation
    async def unfollow_board(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        async with info.context.writer() as session:
            await inbox.unfollow(session, board_id=require_id(id, "Followed board"))
        return id

    @strawberry.mutation
    async def set_job_targets(self, info: Info, input: JobTargetsInput) -> JobTargets:
        async with info.context.writer() as session:
            row = await inbox.set_targets(
                session, roles=input.roles, locations=input.locations, remote=input.remote
            )
        return JobTargets(roles=row.roles, locations=row.locations, remote=row.remote)

    @strawberry.mutation(description="Make it an application (SAVED); it appears in your "
                         "applications a moment later, as `application`.")  # fmt: skip
    async def save_discovered_job(self, info: Info, id: strawberry.ID) -> DiscoveredJob:
        async with info.context.writer() as session:
            row = await inbox.save(session, job_id=require_id(id, "Discovered job"))
        return DiscoveredJob.from_row(row)

    @strawberry.mutation(description="Take it out of the inbox.")
    async def dismiss_discovered_job(self, info: Info, id: strawberry.ID) -> DiscoveredJob:
        async with info.context.writer() as session:
            row = await inbox.dismiss(session, job_id=require_id(id, "Discovered job"))
        return DiscoveredJob.from_row(row)
