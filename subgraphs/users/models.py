"""Users store schema: accounts with their public profile, and "profiles I'm interested in"."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, BaseModel, EmailStr, StringConstraints
from sqlalchemy import JSON, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from subgraphs.kit import (
    Owned,
    Stripped,
    WebUrl,
    id_field,
    owner_field,
    partial,
    secret_field,
    text_field,
    timestamp_field,
)


class Table(SQLModel, registry=registry()):
    """This subgraph's tables: a metadata of their own, migrated by their own history."""


metadata = Table.metadata

PASSWORD_MIN_LENGTH = 10
NAME_MAX = 120
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
    url: WebUrl


# The profile a user edits: validation rules and columns at once; every edit is checked whole.
class ProfileBase(SQLModel):
    full_name: Stripped = text_field(NAME_MAX, required=True, index=True)
    location: Stripped | None = text_field()
    headline: Stripped | None = text_field()
    phone: Phone | None = text_field(40)
    skills: list[Skill] = Field(default_factory=list, max_length=50, sa_type=JSON, nullable=False)
    social_links: list[SocialLink] = Field(
        default_factory=list, max_length=10, sa_type=JSON, nullable=False
    )
    email_public: bool = False
    phone_public: bool = False
    # Whether others find the profile, by searching (`search`, `searchUsers`) or by an e-mail
    # of theirs (a contact's `linkedUser`); off, it is unlisted: only its owner finds it, and
    # those who have its id still see its public fields.
    profile_public: bool = True


# What updateProfile accepts: only the fields given change.
ProfileUpdate = partial(ProfileBase)


# What sign-up accepts.
class SignUp(BaseModel):
    email: Email
    password: Password
    full_name: Annotated[Stripped, StringConstraints(min_length=1, max_length=NAME_MAX)]


# An account and its profile, as stored. Public: anyone may read a profile (the schema hides
# what its owner keeps private); only its owner changes it.
class User(ProfileBase, Table, table=True):
    __tablename__ = "users"
    __table_args__ = {"info": {"owner_column": "id"}}  # a user's own row (kit's export)

    id: UUID = id_field()
    email: str = Field(max_length=320, unique=True, index=True)
    password_hash: str = secret_field()
    created_at: datetime = timestamp_field(index=True)
    updated_at: datetime = timestamp_field()


# "I'm interested in this profile": one row per (owner, profile).
class Interest(Table, Owned, table=True):
    __tablename__ = "interests"
    __table_args__ = (UniqueConstraint("owner_id", "target_id"),)

    id: UUID = id_field()
    owner_id: UUID = owner_field(foreign_key="users.id", ondelete="CASCADE", index=True)
    target_id: UUID = Field(foreign_key="users.id", ondelete="CASCADE")
    created_at: datetime = timestamp_field()
