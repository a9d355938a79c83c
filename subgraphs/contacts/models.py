"""Contacts store schema: the people a job seeker keeps in touch with, as documents (their
lists of e-mails, phones and links are open-ended), and the e-mail hashes of registered users
that contacts are linked by."""

import hashlib
from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, BaseModel, EmailStr, StringConstraints, field_validator
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from subgraphs.kit import (
    Collection,
    Document,
    Stripped,
    WebUrl,
    partial,
    text_field,
    timestamp_field,
)


class Table(SQLModel, registry=registry()):
    """This subgraph's tables: a metadata of their own, migrated by their own history."""


metadata = Table.metadata

NOTES_MAX = 10_000
LIST_MAX = 20  # e-mails, phones, links: each


def _lower(email: str) -> str:
    return email.lower()


def email_hash(email: str) -> str:
    """How a registered user's e-mail is known here (the users subgraph's `email_hash`)."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


Email = Annotated[EmailStr, StringConstraints(max_length=320), AfterValidator(_lower)]
Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=40, pattern=r"^\+?[0-9 ()./-]{3,40}$")
]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class ContactLink(BaseModel):
    label: Label
    url: Annotated[WebUrl, StringConstraints(max_length=2000)]


# The fields a user writes: every write is checked whole.
class ContactFields(BaseModel):
    name: Stripped = text_field(required=True)
    position: Stripped | None = text_field()
    company: Stripped | None = text_field()
    emails: list[Email] = Field(default_factory=list, max_length=LIST_MAX)
    phones: list[Phone] = Field(default_factory=list, max_length=LIST_MAX)
    social_links: list[ContactLink] = Field(default_factory=list, max_length=LIST_MAX)
    notes: str | None = text_field(NOTES_MAX)

    @field_validator("emails")
    @classmethod
    def _once_each(cls, emails: list[str]) -> list[str]:
        return list(dict.fromkeys(emails))  # the same address twice is kept once


# What updateContact accepts: any subset; the merged result is checked as a whole.
ContactUpdate = partial(ContactFields)


# A contact, as stored: the fields, plus how it is linked to a registered user.
class Contact(ContactFields, Document):
    email_hashes: list[str] = Field(default_factory=list)  # of `emails`, in their order
    linked_user_id: UUID | None = None  # the registered user one of its e-mails belongs to


CONTACTS = Collection(
    "contacts",
    Contact,
    metadata=metadata,
    text=("name", "company", "position"),
    keys=("email_hashes", "linked_user_id"),
)


# A registered user's e-mail, as a hash, from user.registered / user.updated, while their
# profile is public (null while private: found by nobody). Not owned: any owner's contact may
# match it; nothing reads it but linking. After user.deleted only a tombstone (id, sequence)
# stays, so a late event cannot bring the hash back.
class RegisteredUser(Table, table=True):
    __tablename__ = "registered_users"

    user_id: UUID = Field(primary_key=True)
    email_hash: str | None = Field(default=None, max_length=64, index=True)
    sequence: int  # of the newest users event applied
    deleted: bool = False
    updated_at: datetime = timestamp_field()
