"""Applications subgraph schema: the `Application` entity, its mutations, `User.applications`."""

from datetime import datetime
from uuid import UUID

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from subgraphs.applications import models, store
from subgraphs.applications.store import ApplicationFilter
from subgraphs.kit.context import Context, parse_id
from subgraphs.kit.errors import bad_input, not_found
from subgraphs.kit.inputs import validate
from subgraphs.kit.pagination import Connection, asks_for_total, connection
from subgraphs.kit.schema import ServiceSchema

Ctx = Info[Context, None]
QUERY_MAX = 200
ApplicationStatus = strawberry.enum(
    models.ApplicationStatus, description="Where an application stands."
)


def applications_loader(info: Ctx) -> DataLoader[UUID, models.Application | None]:
    """The viewer's applications by id: one store query per batch, others' ids load as None."""
    ctx = info.context
    owner = ctx.require_user()

    async def load(ids: list[UUID]) -> list[models.Application | None]:
        async with ctx.db.reader() as session:
            found = await store.get_applications(session, owner_id=owner, ids=ids)
        return [found.get(application_id) for application_id in ids]

    return ctx.loader("applications.by_id", lambda: DataLoader(load))


def history_loader(info: Ctx) -> DataLoader[UUID, list[models.StatusChange]]:
    ctx = info.context
    owner = ctx.require_user()

    async def load(ids: list[UUID]) -> list[list[models.StatusChange]]:
        async with ctx.db.reader() as session:
            found = await store.status_histories(session, owner_id=owner, application_ids=ids)
        return [found.get(application_id, []) for application_id in ids]

    return ctx.loader("applications.history", lambda: DataLoader(load))


@strawberry.type
class StatusChange:
    from_status: ApplicationStatus | None
    to_status: ApplicationStatus
    changed_at: datetime


@strawberry.federation.type(keys=["id"], extend=False)
class User:
    id: strawberry.ID

    @strawberry.field(
        description="The user's applications, newest first. Null for anyone but the viewer."
    )
    async def applications(
        self,
        info: Ctx,
        filter: "ApplicationFilterInput | None" = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection["Application"] | None:
        if parse_id(self.id) != info.context.require_user():
            return None
        return await list_applications(info, filter, first, after)


@strawberry.federation.type(keys=["id"], description="A job application and where it stands.")
class Application:
    id: strawberry.ID
    company: str
    position: str
    location: str | None
    salary_min: int | None
    salary_max: int | None
    salary_currency: str | None = strawberry.field(description="ISO 4217 code, e.g. EUR.")
    job_description: str | None
    job_url: str | None
    status: ApplicationStatus
    notes: str | None
    applied_at: datetime | None
    created_at: datetime
    updated_at: datetime
    owner_id: strawberry.Private[UUID]

    @classmethod
    def from_row(cls, row: models.Application) -> "Application":
        return cls(
            id=strawberry.ID(str(row.id)),
            owner_id=row.owner_id,
            status=models.ApplicationStatus(row.status),
            **{name: getattr(row, name) for name in _PLAIN_FIELDS},
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> "Application | None":
        application_id = parse_id(id)
        row = await applications_loader(info).load(application_id) if application_id else None
        return cls.from_row(row) if row else None

    @strawberry.field(description="The person who owns this application.")
    def owner(self) -> User:
        return User(id=strawberry.ID(str(self.owner_id)))

    @strawberry.field(description="Every status the application went through, oldest first.")
    async def status_history(self, info: Ctx) -> list[StatusChange]:
        changes = await history_loader(info).load(UUID(self.id))
        return [
            StatusChange(
                from_status=models.ApplicationStatus(c.from_status) if c.from_status else None,
                to_status=models.ApplicationStatus(c.to_status),
                changed_at=c.changed_at,
            )
            for c in changes
        ]


_PLAIN_FIELDS = [
    "company", "position", "location", "salary_min", "salary_max", "salary_currency",
    "job_description", "job_url", "notes", "applied_at", "created_at", "updated_at",
]  # fmt: skip


@strawberry.input
class ApplicationFilterInput:
    status: ApplicationStatus | None = None
    query: str | None = strawberry.field(
        default=None, description="In company or position, any case."
    )
    location: str | None = None
    applied_from: datetime | None = None
    applied_to: datetime | None = None


@strawberry.input
class CreateApplicationInput:
    company: str
    position: str
    location: str | None = None
    salary_min: int | None = None
    salary_max: int | None = None
    salary_currency: str | None = None
    job_description: str | None = None
    job_url: str | None = None
    status: ApplicationStatus = models.ApplicationStatus.SAVED
    notes: str | None = None
    applied_at: datetime | None = None


@strawberry.input(
    description="Only the fields given change; status changes go through changeApplicationStatus."
)
class UpdateApplicationInput:
    company: str | None = strawberry.UNSET
    position: str | None = strawberry.UNSET
    location: str | None = strawberry.UNSET
    salary_min: int | None = strawberry.UNSET
    salary_max: int | None = strawberry.UNSET
    salary_currency: str | None = strawberry.UNSET
    job_description: str | None = strawberry.UNSET
    job_url: str | None = strawberry.UNSET
    notes: str | None = strawberry.UNSET
    applied_at: datetime | None = strawberry.UNSET


def _filter(given: ApplicationFilterInput | None) -> ApplicationFilter:
    if given is None:
        return ApplicationFilter()
    for name in ("query", "location"):
        value = getattr(given, name)
        if value is not None and len(value) > QUERY_MAX:
            raise bad_input(name, f"{name} must be at most {QUERY_MAX} characters")
    return ApplicationFilter(
        status=models.ApplicationStatus(given.status) if given.status else None,
        query=(given.query or "").strip() or None,
        location=(given.location or "").strip() or None,
        applied_from=given.applied_from,
        applied_to=given.applied_to,
    )


async def list_applications(
    info: Ctx, filter: ApplicationFilterInput | None, first: int | None, after: str | None
) -> Connection[Application]:
    ctx = info.context
    owner = ctx.require_user()
    where = _filter(filter)
    size = ctx.page_size(first)
    async with ctx.db.reader() as session:  # the page and its total: one session
        page = await store.list_applications(
            session, owner_id=owner, where=where, first=size, after=after
        )
        total = (
            await store.count_applications(session, owner_id=owner, where=where)
            if asks_for_total(info)
            else None
        )

    async def count() -> int:
        if total is not None:
            return total
        async with ctx.db.reader() as session:
            return await store.count_applications(session, owner_id=owner, where=where)

    return connection(page, Application.from_row, count)


def _application_id(id: strawberry.ID) -> UUID:
    application_id = parse_id(id)
    if application_id is None:
        raise not_found("Application")
    return application_id


@strawberry.type
class Query:
    @strawberry.field(description="The viewer's applications, newest first.")
    async def applications(
        self,
        info: Ctx,
        filter: ApplicationFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Application]:
        return await list_applications(info, filter, first, after)

    @strawberry.field(description="One of the viewer's applications; null when it is not theirs.")
    async def application(self, info: Ctx, id: strawberry.ID) -> Application | None:
        return await Application.resolve_reference(info, id)


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def create_application(self, info: Ctx, input: CreateApplicationInput) -> Application:
        owner = info.context.require_user()
        data = validate(models.ApplicationCreate, input)
        async with info.context.db.session() as session:
            row = await store.create_application(session, owner_id=owner, data=data)
        return Application.from_row(row)

    @strawberry.mutation
    async def update_application(
        self, info: Ctx, id: strawberry.ID, input: UpdateApplicationInput
    ) -> Application:
        owner = info.context.require_user()
        changes = validate(models.ApplicationUpdate, input)
        async with info.context.db.session() as session:
            row = await store.update_application(
                session, owner_id=owner, application_id=_application_id(id), changes=changes
            )
        return Application.from_row(row)

    @strawberry.mutation(
        description="Move an application to another status; the step is kept in its history."
    )
    async def change_application_status(
        self, info: Ctx, id: strawberry.ID, status: ApplicationStatus
    ) -> Application:
        owner = info.context.require_user()
        async with info.context.db.session() as session:
            row = await store.change_status(
                session, owner_id=owner, application_id=_application_id(id), status=status
            )
        return Application.from_row(row)

    @strawberry.mutation(description="Delete an application; answers its id.")
    async def delete_application(self, info: Ctx, id: strawberry.ID) -> strawberry.ID:
        owner = info.context.require_user()
        async with info.context.db.session() as session:
            await store.delete_application(
                session, owner_id=owner, application_id=_application_id(id)
            )
        return id


schema = ServiceSchema(
    subgraph="applications", query=Query, mutation=Mutation, types=[Application, User]
)
