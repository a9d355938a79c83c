"""Applications store schema: job applications and their status history."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Self
from uuid import UUID

from pydantic import StringConstraints, model_validator
from sqlalchemy import Enum, Index, Text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from subgraphs.kit import (
    Aware,
    Owned,
    Stripped,
    WebUrl,
    id_field,
    moment_field,
    owner_field,
    partial,
    text_field,
    timestamp_field,
)


class Table(SQLModel, registry=registry()):
    """This subgraph's tables: a metadata of their own, migrated by their own history."""


metadata = Table.metadata

NOTES_MAX = 10_000
DESCRIPTION_MAX = 20_000
AMOUNT_MAX = 1_000_000_000


class ApplicationStatus(StrEnum):
    SAVED = "SAVED"
    APPLIED = "APPLIED"
    INTERVIEW = "INTERVIEW"
    OFFER = "OFFER"
    REJECTED = "REJECTED"


Currency = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{3}$")
]
STATUS = Enum(ApplicationStatus, native_enum=False, length=16, create_constraint=False)


# The fields a user writes: validation rules and columns at once. Every write is checked whole.
class ApplicationBase(SQLModel):
    company: Stripped = text_field(required=True)
    position: Stripped = text_field(required=True)
    location: Stripped | None = text_field()
    salary_min: int | None = Field(default=None, ge=0, le=AMOUNT_MAX)
    salary_max: int | None = Field(default=None, ge=0, le=AMOUNT_MAX)
    salary_currency: Currency | None = text_field(3)
    job_description: str | None = text_field(DESCRIPTION_MAX, sa_type=Text)
    job_url: WebUrl | None = text_field(2000)
    notes: str | None = text_field(NOTES_MAX, sa_type=Text)
    applied_at: Aware | None = moment_field()

    @model_validator(mode="after")
    def _salary_range(self) -> Self:
        low, high = self.salary_min, self.salary_max
        if low is not None and high is not None and low > high:
            raise ValueError("salaryMin must not be above salaryMax")
        if (low is not None or high is not None) and self.salary_currency is None:
            raise ValueError("salaryCurrency is required with a salary")
        return self


# What createApplication accepts.
class ApplicationCreate(ApplicationBase):
    status: ApplicationStatus = ApplicationStatus.SAVED


# What updateApplication accepts: any subset; the merged result is checked as a whole.
ApplicationUpdate = partial(ApplicationBase)


# A job application, as stored.
class Application(ApplicationBase, Table, Owned, table=True):
    __tablename__ = "applications"
    __table_args__ = (Index("ix_applications_owner_created", "owner_id", "created_at", "id"),)

    id: UUID = id_field()
    owner_id: UUID = owner_field()
    status: ApplicationStatus = Field(default=ApplicationStatus.SAVED, sa_type=STATUS)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


# One step of an application's status history (the first has no `from_status`).
class StatusChange(Table, Owned, table=True):
    __tablename__ = "status_changes"

    id: UUID = id_field()
    owner_id: UUID = owner_field(index=True)
    application_id: UUID = Field(foreign_key="applications.id", ondelete="CASCADE", index=True)
    from_status: ApplicationStatus | None = Field(default=None, sa_type=STATUS)
    to_status: ApplicationStatus = Field(sa_type=STATUS)
    changed_at: datetime = timestamp_field()


# A row already imported (importApplications): the same file, or the same row in another
# file, imports nothing the second time. `key`: the exported id (`id:<uuid>`) when the file
# has one, else the SHA-256 of the row's normalised fields.
class ImportedRow(Table, Owned, table=True):
    __tablename__ = "imported_rows"

    owner_id: UUID = owner_field(primary_key=True)
    key: str = Field(primary_key=True, max_length=80)
    application_id: UUID
    imported_at: datetime = timestamp_field()
