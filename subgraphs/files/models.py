"""Files store schema. In the document store (`kit.documents`: SQL tables, or MongoDB with
MONGODB_URL), owned by their user: file records (contents live in object storage) and the
applications this subgraph has been told about. In the subgraph's SQL store: resumes their
owners made public (readable by anyone) and objects to delete (a queue of no one's)."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Self
from uuid import UUID

from pydantic import AfterValidator, model_validator
from sqlalchemy import Enum
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from subgraphs.files.content import (
    FILE_NAME_MAX,
    check_extension,
    file_type,
    sanitize_file_name,
)
from subgraphs.kit import (
    Collection,
    Document,
    Owned,
    id_field,
    moment_field,
    owner_field,
    timestamp_field,
)


class Table(SQLModel, registry=registry()):
    """This subgraph's tables: a metadata of their own, migrated by their own history."""


metadata = Table.metadata
CONTENT_TYPE_MAX = 100
KEY_MAX = 200


class FileKind(StrEnum):
    RESUME = "RESUME"
    COVER_LETTER = "COVER_LETTER"
    DOCUMENT = "DOCUMENT"


FileName = Annotated[str, AfterValidator(sanitize_file_name)]
ContentType = Annotated[str, AfterValidator(lambda value: file_type(value).content_type)]


# What createUpload accepts; the size limit (FILES_MAX_BYTES) is checked by the upload flow.
class UploadCreate(SQLModel):
    kind: FileKind
    file_name: FileName = Field(max_length=1000)
    content_type: ContentType
    size: int = Field(ge=1)
    application_id: UUID | None = None

    @model_validator(mode="after")
    def _extension_matches_type(self) -> Self:
        check_extension(self.file_name, file_type(self.content_type))
        return self


# A file: its contents at `object_key`; pending (an upload under way) until completed, when
# `created_at` becomes the moment it was completed (lists are newest first by it).
class StoredFile(Document):
    kind: FileKind
    application_id: UUID | None = None
    file_name: str
    content_type: str
    size: int  # declared by createUpload; completeUpload checks the object has exactly this
    object_key: str
    ready: bool = False  # completed
    checksum: str | None = None  # SHA-256, hex; once completed
    expires_at: datetime | None = None  # pending: the upload is removed after this


FILES = Collection("files", StoredFile, metadata=metadata, keys=("kind", "application_id", "ready"))


# An application the applications subgraph told us about (its events), so an upload for it
# can be checked to be the uploader's; its id is the application's. `deleted` keeps a late
# event from bringing it back.
class KnownApplication(Document):
    sequence: int  # of the applications outbox event last applied
    deleted: bool = False


KNOWN_APPLICATIONS = Collection("known_applications", KnownApplication, metadata=metadata)


# A resume its owner made public: readable by anyone, so not an owned table (a session sees
# every row). Written only by the owner's own writes (`owner_of(session)`); erased with them.
# The current resume's record is copied here, since another viewer cannot read `files`.
class PublicResume(Table, table=True):
    __tablename__ = "public_resumes"

    owner_id: UUID = Field(primary_key=True)
    file_id: UUID | None = None  # None: public, but no resume uploaded yet
    file_name: str | None = Field(default=None, max_length=FILE_NAME_MAX)
    content_type: str | None = Field(default=None, max_length=CONTENT_TYPE_MAX)
    size: int | None = None
    checksum: str | None = Field(default=None, max_length=64)
    object_key: str | None = Field(default=None, max_length=KEY_MAX)
    uploaded_at: datetime | None = moment_field()


# An object (or every object under a prefix) to remove from storage: written in the unit of
# work that drops its record, removed by the sweeper once storage has deleted it.
class DoomedObject(Table, table=True):
    __tablename__ = "doomed_objects"

    id: UUID = id_field()
    key: str = Field(max_length=KEY_MAX)
    is_prefix: bool = False
    doomed_at: datetime = timestamp_field()


class ExportFormat(StrEnum):
    CSV_ZIP = "CSV_ZIP"
    XLSX = "XLSX"
    JSON = "JSON"


class ExportStatus(StrEnum):
    PENDING = "PENDING"
    RUNNING = "RUNNING"
    DONE = "DONE"
    FAILED = "FAILED"
    EXPIRED = "EXPIRED"


EXPORT_FORMAT = Enum(ExportFormat, native_enum=False, length=16, create_constraint=False)
EXPORT_STATUS = Enum(ExportStatus, native_enum=False, length=16, create_constraint=False)


# An export of everything the owner has, made by the export job (`exports.py`) outside any
# request; its file is kept at `object_key` until `expires_at`, then removed.
class ExportJob(Table, Owned, table=True):
    __tablename__ = "export_jobs"

    id: UUID = id_field()
    owner_id: UUID = owner_field(index=True)
    format: ExportFormat = Field(sa_type=EXPORT_FORMAT)
    status: ExportStatus = Field(default=ExportStatus.PENDING, sa_type=EXPORT_STATUS, index=True)
    progress: float = 0.0
    error: str | None = Field(default=None, max_length=500)
    object_key: str | None = Field(default=None, max_length=KEY_MAX)
    size: int | None = None
    created_at: datetime = timestamp_field()
    started_at: datetime | None = moment_field()  # claimed by an export loop
    finished_at: datetime | None = moment_field()
    expires_at: datetime | None = moment_field()
