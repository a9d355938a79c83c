"""Users store schema: accounts with their public profile, and "profiles I'm interested in"."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, BaseModel, EmailStr, HttpUrl, StringConstraints
from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field

from subgraphs.kit.models import id_field, table_base, timestamp_field

Table = table_base()
metadata = Table.metadata

PASSWORD_MIN_LENGTH = 10
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=40, pattern=r"^\+?[0-9 ()./-]{3,40}$")
]
Skill = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
Password = Annotated[str, StringConstraints(min_length=PASSWORD_MIN_LENGTH, max_length=256)]


def _lower(email: str) -> str:
    return email.lower()


Email = Annotated[EmailStr, AfterValidator(_lower)]


class SocialLink(BaseModel):
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    url: HttpUrl


# Fields a user may edit on their profile (all optional: only what is given changes).
class ProfileUpdate(BaseModel):
    full_name: Name | None = None
    location: Short | None = None
    headline: Short | None = None
    phone: Phone | None = None
    skills: Annotated[list[Skill], Field(max_length=50)] | None = None
    social_links: Annotated[list[SocialLink], Field(max_length=10)] | None = None
    email_public: bool | None = None
    phone_public: bool | None = None


# What sign-up accepts.
class SignUp(BaseModel):
    email: Email
    password: Password
    full_name: Name


# An account and its profile, as stored.
class User(Table, table=True):
    __tablename__ = "users"

    id: UUID = id_field()
    email: str = Field(max_length=320, unique=True, index=True)
    password_hash: str
    full_name: str = Field(max_length=120, index=True)
    location: str | None = Field(default=None, max_length=200)
    headline: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=40)
    skills: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    social_links: list[dict[str, str]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    email_public: bool = False
    phone_public: bool = False
    created_at: datetime = timestamp_field(index=True)
    updated_at: datetime = timestamp_field()


# "I'm interested in this profile": one row per (owner, profile).
class Interest(Table, table=True):
    __tablename__ = "interests"
    __table_args__ = (UniqueConstraint("owner_id", "target_id"),)

    id: UUID = id_field()
    owner_id: UUID = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    target_id: UUID = Field(foreign_key="users.id", ondelete="CASCADE")
    created_at: datetime = timestamp_field()
