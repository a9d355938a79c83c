"""Applications store schema: job applications and their status history."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Self
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    HttpUrl,
    StringConstraints,
    model_validator,
)
from pydantic import (
    Field as Check,
)
from sqlalchemy import Index, Text
from sqlmodel import Field

from subgraphs.kit.db import UTCDateTime
from subgraphs.kit.models import id_field, table_base, timestamp_field

Table = table_base()
metadata = Table.metadata

NOTES_MAX = 10_000
DESCRIPTION_MAX = 20_000


class ApplicationStatus(StrEnum):
    SAVED = "SAVED"
    APPLIED = "APPLIED"
    INTERVIEW = "INTERVIEW"
    OFFER = "OFFER"
    REJECTED = "REJECTED"


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("must include a time zone offset")
    return value


Required = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Optional200 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Amount = Annotated[int, Check(ge=0, le=1_000_000_000)]
Currency = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{3}$")
]
Aware = Annotated[datetime, AfterValidator(_aware)]


# The fields a user writes, validated at the edge; every write goes through it whole.
class ApplicationFields(BaseModel):
    company: Required
    position: Required
    location: Optional200 | None = None
    salary_min: Amount | None = None
    salary_max: Amount | None = None
    salary_currency: Currency | None = None
    job_description: Annotated[str, StringConstraints(max_length=DESCRIPTION_MAX)] | None = None
    job_url: Annotated[HttpUrl, Check(max_length=2000)] | None = None
    notes: Annotated[str, StringConstraints(max_length=NOTES_MAX)] | None = None
    applied_at: Aware | None = None

    @model_validator(mode="after")
    def _salary_range(self) -> Self:
        low, high = self.salary_min, self.salary_max
        if low is not None and high is not None and low > high:
            raise ValueError("salaryMin must not be above salaryMax")
        if (low is not None or high is not None) and self.salary_currency is None:
            raise ValueError("salaryCurrency is required with a salary")
        return self


# What createApplication accepts.
class ApplicationCreate(ApplicationFields):
    status: ApplicationStatus = ApplicationStatus.SAVED


# What updateApplication accepts: any subset; the merged result is checked as a whole.
class ApplicationUpdate(BaseModel):
    company: Required | None = None
    position: Required | None = None
    location: Optional200 | None = None
    salary_min: Amount | None = None
    salary_max: Amount | None = None
    salary_currency: Currency | None = None
    job_description: str | None = None
    job_url: str | None = None
    notes: str | None = None
    applied_at: Aware | None = None


# A job application, as stored.
class Application(Table, table=True):
    __tablename__ = "applications"
    __table_args__ = (Index("ix_applications_owner_created", "owner_id", "created_at", "id"),)

    id: UUID = id_field()
    owner_id: UUID
    company: str = Field(max_length=200)
    position: str = Field(max_length=200)
    location: str | None = Field(default=None, max_length=200)
    salary_min: int | None = None
    salary_max: int | None = None
    salary_currency: str | None = Field(default=None, max_length=3)
    job_description: str | None = Field(default=None, sa_type=Text)
    job_url: str | None = Field(default=None, max_length=2000)
    status: str = Field(max_length=16, default=ApplicationStatus.SAVED.value)
    notes: str | None = Field(default=None, sa_type=Text)
    applied_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


# One step of an application's status history (the first has no `from_status`).
class StatusChange(Table, table=True):
    __tablename__ = "status_changes"

    id: UUID = id_field()
    application_id: UUID = Field(foreign_key="applications.id", ondelete="CASCADE", index=True)
    from_status: str | None = Field(default=None, max_length=16)
    to_status: str = Field(max_length=16)
    changed_at: datetime = timestamp_field()
