"""Files subgraph schema: the `File` entity, the two-step upload, `User.resume`,
`User.documents` and `Application.documents`."""

from datetime import datetime
from uuid import UUID

import strawberry

from subgraphs.files import export_jobs, grants, keys, models, store, uploads
from subgraphs.files.exports import CONTENT_TYPES, ExportQueue
from subgraphs.files.models import ExportFormat, ExportStatus, FileKind, UploadCreate
from subgraphs.files.settings import FilesSettings
from subgraphs.files.storage import storage_of
from subgraphs.kit import (
    Connection,
    Info,
    ServiceSchema,
    from_row,
    id_of,
    paginate,
    parse_id,
    require_id,
    validate,
)

strawberry.enum(FileKind, description="What a file is for.")
strawberry.enum(
    ExportFormat,
    description="CSV_ZIP: a CSV file per kind (applications, status history, interviews, "
    "contacts), zipped. XLSX: one workbook, a sheet per kind. JSON: everything you own in "
    "every part of the tracker.",
)
strawberry.enum(ExportStatus, description="PENDING, RUNNING, then DONE or FAILED; EXPIRED later.")


@strawberry.federation.type(keys=["id"], description="A resume or another document, uploaded.")
class File:
    id: strawberry.ID
    kind: FileKind
    file_name: str = strawberry.field(description="As uploaded, sanitised: no path, no controls.")
    content_type: str = strawberry.field(description="application/pdf, or DOCX's.")
    size: int = strawberry.field(description="In bytes.")
    checksum: str = strawberry.field(description="SHA-256 of the contents, hex.")
    uploaded_at: datetime
    application_id: strawberry.Private[UUID | None]
    object_key: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: models.StoredFile) -> "File":
        return from_row(cls, row, uploaded_at=row.created_at)

    @classmethod
    def from_public(cls, row: models.PublicResume) -> "File":
        """From the copy of a resume its owner made public."""
        assert row.file_id is not None
        return from_row(cls, row, id=id_of(row.file_id), kind=FileKind.RESUME, application_id=None)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "File | None":
        file_id = parse_id(id)
        if file_id is None:
            return None
        row = await info.context.loader(store.files_by_id).load(file_id)
        return cls.from_row(row) if row else None

    @strawberry.field(description="The application it was sent with, if any.")
    def application(self) -> "Application | None":
        return Application(id=id_of(self.application_id)) if self.application_id else None

    @strawberry.field(
        description="A signed link to download it, valid for FILES_DOWNLOAD_URL_SECONDS."
    )
    async def download_url(self, info: Info) -> str:
        await grants.check_served(info.context, self.object_key, self.checksum)
        return await storage_of(info.context).download_url(
            self.object_key,
            file_name=self.file_name,
            content_type=self.content_type,
            expires_in=FilesSettings.of(info.context.settings).FILES_DOWNLOAD_URL_SECONDS,
            checksum=self.checksum,
        )


@strawberry.federation.type(keys=["id"], extend=False)
class Application:
    id: strawberry.ID

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "Application | None":
        """The viewer's application, once this subgraph has been told of it (its events)."""
        application_id = parse_id(id)
        if application_id is None:
            return None
        known = await info.context.loader(store.known_applications).load(application_id)
        return cls(id=id) if known else None

    @strawberry.field(
        description="The documents sent with it (tailored resume, cover letter), newest first. "
        "Null for a few milliseconds after the application is created, until this subgraph has "
        "heard of it (from its events)."
    )
    async def documents(self, info: Info) -> list[File] | None:
        rows = await info.context.loader(store.documents_by_application).load(UUID(self.id))
        return [File.from_row(row) for row in rows or []]


@strawberry.federation.type(keys=["id"], extend=False)
class User:
    id: strawberry.ID

    def _is_viewer(self, info: Info) -> bool:
        return info.context.user_id is not None and parse_id(self.id) == info.context.user_id

    @strawberry.field(
        description="The current resume: the newest one uploaded without an application. "
        "Others see it only when its owner made it public (setResumePublic)."
    )
    async def resume(self, info: Info) -> File | None:
        user_id = parse_id(self.id)
        if user_id is None:
            return None
        if self._is_viewer(info):
            own = await info.context.loader(store.current_resumes).load(user_id)
            return File.from_row(own) if own else None
        public = await info.context.loader(store.public_resumes).load(user_id)
        return File.from_public(public) if public and public.file_id else None

    @strawberry.field(description="Whether others see the resume. Null for anyone but the owner.")
    async def resume_public(self, info: Info) -> bool | None:
        if not self._is_viewer(info):
            return None
        user_id = UUID(self.id)
        return await info.context.loader(store.public_resumes).load(user_id) is not None

    @strawberry.field(description="The user's files, newest first. Null for anyone but the owner.")
    async def documents(
        self,
        info: Info,
        kind: FileKind | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[File] | None:
        if not self._is_viewer(info):
            return None
        return await list_documents(info, kind, first, after)


@strawberry.federation.type(
    keys=["id"], description="An export of your data, made outside the request: poll exportJob."
)
class ExportJob:
    id: strawberry.ID
    format: ExportFormat
    status: ExportStatus
    progress: float = strawberry.field(description="From 0 to 1.")
    error: str | None
    created_at: datetime
    expires_at: datetime | None = strawberry.field(description="When DONE: the file is kept until.")
    object_key: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: models.ExportJob) -> "ExportJob":
        return from_row(cls, row)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "ExportJob | None":
        job_id = parse_id(id)
        if job_id is None:
            return None
        row = await info.context.loader(export_jobs.export_jobs_by_id).load(job_id)
        return cls.from_row(row) if row else None

    @strawberry.field(
        description="When DONE: a signed link to the file, valid for FILES_DOWNLOAD_URL_SECONDS."
    )
    async def download_url(self, info: Info) -> str | None:
        if self.status is not ExportStatus.DONE or self.object_key is None:
            return None
        extension = keys.EXPORT_EXTENSIONS[self.format]
        return await storage_of(info.context).download_url(
            self.object_key,
            file_name=f"job-tracker-export-{self.created_at:%Y-%m-%d}.{extension}",
            content_type=CONTENT_TYPES[self.format],
            expires_in=FilesSettings.of(info.context.settings).FILES_DOWNLOAD_URL_SECONDS,
        )


@strawberry.type(description="One form field of a presigned upload.")
class UploadField:
    name: str
    value: str


@strawberry.type(
    description="A presigned upload: POST the fields, then the file (the last part, named "
    "`file`), as multipart/form-data to `url` before `expiresAt`; then completeUpload(id)."
)
class PresignedUpload:
    id: strawberry.ID = strawberry.field(description="The file's id, for completeUpload.")
    url: str
    fields: list[UploadField]
    expires_at: datetime


@strawberry.input
class CreateUploadInput:
    kind: FileKind
    file_name: str
    content_type: str = strawberry.field(description="application/pdf, or DOCX's content type.")
    size: int = strawberry.field(description="In bytes; at most FILES_MAX_BYTES (10 MiB).")
    application_id: strawberry.ID | None = strawberry.field(
        default=None, description="One of yours, to keep the file beside it."
    )


async def list_documents(
    info: Info, kind: FileKind | None, first: int | None, after: str | None
) -> Connection[File]:
    return await paginate(
        info, store.user_documents(kind), first=first, after=after, node=File.from_row
    )


def _upload_input(given: CreateUploadInput) -> UploadCreate:
    if given.application_id is not None:  # an id not one of ours names nothing: NOT_FOUND
        require_id(given.application_id, "Application")
    return validate(UploadCreate, given)


@strawberry.type
class Query:
    @strawberry.field(description="One of the viewer's files; null when it is not theirs.")
    async def file(self, info: Info, id: strawberry.ID) -> File | None:
        return await File.resolve_reference(info, id)

    @strawberry.field(description="One of your exports; null when it is not yours.")
    async def export_job(self, info: Info, id: strawberry.ID) -> ExportJob | None:
        return await ExportJob.resolve_reference(info, id)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Start an upload: answers where to send the file.")
    async def create_upload(self, info: Info, input: CreateUploadInput) -> PresignedUpload:
        started = await uploads.create_upload(info.context, _upload_input(input))
        fields = [UploadField(name=k, value=v) for k, v in started.form.fields.items()]
        return PresignedUpload(
            id=id_of(started.file.id),
            url=started.form.url,
            fields=fields,
            expires_at=started.form.expires_at,
        )

    @strawberry.mutation(
        description="Finish an upload: checks the file (size, type by its content) and keeps it."
    )
    async def complete_upload(self, info: Info, id: strawberry.ID) -> File:
        row = await uploads.complete_upload(info.context, require_id(id, "File"))
        return File.from_row(row)

    @strawberry.mutation(description="Delete a file, contents included; answers its id.")
    async def delete_file(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        await uploads.delete_file(info.context, require_id(id, "File"))
        return id

    @strawberry.mutation(
        description="Export your data: answers a PENDING job to poll (exportJob) until DONE."
    )
    async def start_export(self, info: Info, format: ExportFormat) -> ExportJob:
        async with info.context.writer() as session:
            row = await export_jobs.create_export(session, format=format)
        info.context.get(ExportQueue).kick()
        return ExportJob.from_row(row)

    @strawberry.mutation(description="Show your current resume to others, or stop showing it.")
    async def set_resume_public(self, info: Info, public: bool) -> User:
        async with info.context.writer() as session:
            await store.set_resume_public(session, public=public)
        return User(id=id_of(info.context.require_user()))


schema = ServiceSchema(
    subgraph="files", query=Query, mutation=Mutation, types=[File, ExportJob, Application, User]
)
