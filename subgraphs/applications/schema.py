"""Applications subgraph schema: the `Application` entity, its mutations, `User.applications`."""

from datetime import datetime
from uuid import UUID

import strawberry

from subgraphs.applications import import_schema, models, store
from subgraphs.applications.models import ApplicationStatus
from subgraphs.applications.store import ApplicationFilter
from subgraphs.kit import (
    Connection,
    Info,
    ServiceSchema,
    bad_input,
    from_row,
    id_of,
    lookup,
    paginate,
    parse_id,
    partial_input,
    require_id,
    validate,
)

QUERY_MAX = 200
strawberry.enum(ApplicationStatus, description="Where an application stands.")


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
        info: Info,
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
        return from_row(cls, row)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "Application | None":
        return await lookup(info, id, store.applications_by_id, cls.from_row)

    @strawberry.field(description="The person who owns this application.")
    def owner(self) -> User:
        return User(id=id_of(self.owner_id))

    @strawberry.field(description="Every status the application went through, oldest first.")
    async def status_history(self, info: Info) -> list[StatusChange]:
        changes = await info.context.loader(store.status_histories).load(UUID(self.id))
        return [from_row(StatusChange, change) for change in changes or []]


@strawberry.input
class ApplicationFilterInput:
    status: ApplicationStatus | None = None
    statuses: list[ApplicationStatus] | None = strawberry.field(
        default=None, description="Any of these (APPLIED and INTERVIEW: in progress)."
    )
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
    status: ApplicationStatus = ApplicationStatus.SAVED
    notes: str | None = None
    applied_at: datetime | None = None


UpdateApplicationInput = partial_input(
    CreateApplicationInput,
    name="UpdateApplicationInput",
    exclude={"status"},
    description="Only the fields given change; status changes go through changeApplicationStatus.",
)


def _filter(given: ApplicationFilterInput | None) -> ApplicationFilter:
    if given is None:
        return ApplicationFilter()
    for name in ("query", "location"):
        value = getattr(given, name)
        if value is not None and len(value) > QUERY_MAX:
            raise bad_input(name, f"{name} must be at most {QUERY_MAX} characters")
    return ApplicationFilter(
        status=given.status,
        statuses=tuple(given.statuses or ()),
        query=(given.query or "").strip() or None,
        location=(given.location or "").strip() or None,
        applied_from=given.applied_from,
        applied_to=given.applied_to,
    )


async def list_applications(
    info: Info, filter: ApplicationFilterInput | None, first: int | None, after: str | None
) -> Connection[Application]:
    listing = store.applications(_filter(filter))
    return await paginate(info, listing, first=first, after=after, node=Application.from_row)


@strawberry.type
class Query:
    preview_import: import_schema.ImportReport = strawberry.field(
        resolver=import_schema.preview_import,
        description="What importApplications would do with this CSV, row by row (row number, "
        "column, code, message); nothing is written.",
    )

    @strawberry.field(description="The viewer's applications, newest first.")
    async def applications(
        self,
        info: Info,
        filter: ApplicationFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Application]:
        return await list_applications(info, filter, first, after)

    @strawberry.field(description="One of the viewer's applications; null when it is not theirs.")
    async def application(self, info: Info, id: strawberry.ID) -> Application | None:
        return await Application.resolve_reference(info, id)


@strawberry.type
class Mutation:
    import_applications: import_schema.ImportReport = strawberry.mutation(
        resolver=import_schema.import_applications,
        description="Import applications from CSV (preview it first with previewImport): new "
        "rows only, so the same file twice creates nothing; IMPORT_HAS_ERRORS and nothing "
        "written when a row is bad, unless allowPartial.",
    )

    @strawberry.mutation
    async def create_application(self, info: Info, input: CreateApplicationInput) -> Application:
        data = validate(models.ApplicationCreate, input)
        async with info.context.writer() as session:
            row = await store.create_application(session, data=data)
        return Application.from_row(row)

    @strawberry.mutation
    async def update_application(
        self,
        info: Info,
        id: strawberry.ID,
        input: UpdateApplicationInput,  # type: ignore[valid-type]
    ) -> Application:
        changes = validate(models.ApplicationUpdate, input)
        async with info.context.writer() as session:
            row = await store.update_application(
                session, application_id=require_id(id, "Application"), changes=changes
            )
        return Application.from_row(row)

    @strawberry.mutation(
        description="Move an application to another status; the step is kept in its history."
    )
    async def change_application_status(
        self,
        info: Info,
        id: strawberry.ID,
        status: ApplicationStatus,
    ) -> Application:
        async with info.context.writer() as session:
            row = await store.change_status(
                session,
                application_id=require_id(id, "Application"),
                status=status,
            )
        return Application.from_row(row)

    @strawberry.mutation(description="Delete an application; answers its id.")
    async def delete_application(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        async with info.context.writer() as session:
            await store.delete_application(session, application_id=require_id(id, "Application"))
        return id


schema = ServiceSchema(
    subgraph="applications", query=Query, mutation=Mutation, types=[Application, User]
)
