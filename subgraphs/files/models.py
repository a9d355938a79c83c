"""Files store schema: file records (contents live in object storage), the applications this
subgraph has been told about, resumes their owners made public, and objects to delete."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Self
from uuid import UUID

from pydantic import AfterValidator, model_validator
from sqlalchemy import BigInteger, Enum, Index
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from subgraphs.files.content import (
    FILE_NAME_MAX,
    check_extension,
    file_type,
    sanitize_file_name,
)
from subgraphs.kit import Owned, id_field, moment_field, owner_field, timestamp_field


class Table(SQLModel, registry=registry()):
    """This subgraph's tables: a metadata of their own, migrated by their own history."""


metadata = Table.metadata
CONTENT_TYPE_MAX = 100
KEY_MAX = 200


class FileKind(StrEnum):
    RESUME = "RESUME"
    COVER_LETTER = "COVER_LETTER"
    DOCUMENT = "DOCUMENT"


KIND = Enum(FileKind, native_enum=False, length=16, create_constraint=False)
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


# A file: its contents at `object_key`; pending (an upload under way) until completed.
class File(Table, Owned, table=True):
    __tablename__ = "files"
    __table_args__ = (
        Index("ix_files_owner_completed", "owner_id", "completed_at", "id"),
        Index("ix_files_expires", "expires_at"),
    )

    id: UUID = id_field()
    owner_id: UUID = owner_field()
    kind: FileKind = Field(sa_type=KIND)
    application_id: UUID | None = Field(default=None, index=True)
    file_name: str = Field(max_length=FILE_NAME_MAX)
    content_type: str = Field(max_length=CONTENT_TYPE_MAX)
    size: int  # declared by createUpload; completeUpload checks the object has exactly this
    checksum: str | None = Field(default=None, max_length=64)  # SHA-256, hex; once completed
    object_key: str = Field(max_length=KEY_MAX)
    created_at: datetime = timestamp_field()
    expires_at: datetime | None = moment_field()  # an unfinished upload is removed after this
    completed_at: datetime | None = moment_field()


# An application the applications subgraph told us about (its events), so an upload for it
# can be checked to be the uploader's. `deleted` keeps a late event from bringing it back.
class KnownApplication(Table, Owned, table=True):
    __tablename__ = "known_applications"

    application_id: UUID = Field(primary_key=True)
    owner_id: UUID = owner_field(index=True)
    sequence: int = Field(sa_type=BigInteger)  # of the applications event last applied
    deleted: bool = False


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
