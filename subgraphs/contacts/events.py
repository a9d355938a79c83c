"""Events the contacts subgraph publishes, and what it consumes.

Published (fat: the contact's whole state but its notes, which stay private to this subgraph):
    contact.saved    {"contact": {id, name, position, company, emails, phones,
                      social_links: [{label, url}], linked_user_id, created_at, updated_at}}
                     on create, on update, and when the contact is linked to or unlinked from a
                     registered user
    contact.deleted  {"contact_id"}
Consumed:
    user.registered, user.updated  while the profile is public (`profile_public`), the
                     user's `email_hash` (never the address) is kept, and every owner's contacts
                     with that e-mail are linked to the user; contacts linked by an address the
                     user no longer has, or to a profile made private, are unlinked (a private
                     profile is known by its id only, like an address nobody registered)
    user.deleted     kit erases the leaving user's own contacts; every other owner's contacts
                     linked to them are unlinked, and their hash is forgotten (a tombstone keeps
                     the id and the event's sequence, so a late event cannot bring it back)
"""

from datetime import datetime
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.contacts import store
from subgraphs.contacts.models import Contact
from subgraphs.kit import Event, Handlers, Message, Payload, Reads, publish


class Link(Payload):
    label: str
    url: str


class ContactState(Payload):
    """The contact as consumers see it (not its notes)."""

    id: UUID
    name: str
    position: str | None
    company: str | None
    emails: list[str]
    phones: list[str]
    social_links: list[Link]
    linked_user_id: UUID | None
    created_at: datetime
    updated_at: datetime


class ContactSaved(Payload):
    contact: ContactState


class ContactDeleted(Payload):
    contact_id: UUID


SAVED = Message(
    "contact.saved",
    ContactSaved,
    "A contact was added or edited, or linked to or unlinked from a registered user.",
)
DELETED = Message("contact.deleted", ContactDeleted, "A contact was deleted.")

handlers = Handlers()

_STATE = [
    "name", "position", "company", "emails", "phones", "linked_user_id", "created_at",
    "updated_at",
]  # fmt: skip


def state(contact: Contact) -> ContactState:
    fields = {name: getattr(contact, name) for name in _STATE}
    links = [Link(label=link.label, url=link.url) for link in contact.social_links]
    return ContactState(id=contact.id, **fields, social_links=links)


async def contact_saved(session: AsyncSession, contact: Contact) -> None:
    await publish(
        session,
        SAVED,
        aggregate_id=contact.id,
        payload=ContactSaved(contact=state(contact)),
        owner_id=contact.owner_id,
    )


async def contact_deleted(session: AsyncSession, contact_id: UUID) -> None:
    payload = ContactDeleted(contact_id=contact_id)
    await publish(session, DELETED, aggregate_id=contact_id, payload=payload)


class Person(Reads):
    id: UUID
    profile_public: bool = True  # an older producer's events had no such field
    email_hash: str | None = None


class PersonChanged(Reads):
    user: Person


class PersonLeft(Reads):
    user_id: UUID


@handlers.on("user.registered", "user.updated", reads=PersonChanged)
async def user_changed(session: AsyncSession, event: Event, payload: PersonChanged) -> None:
    assert event.sequence is not None
    user = payload.user
    # Private: no hash is published (users' events.py); one from an older producer is ignored.
    hash = user.email_hash if user.profile_public else None
    await store.user_changed(session, user_id=user.id, hash=hash, sequence=event.sequence)


@handlers.on("user.deleted", reads=PersonLeft)
async def user_left(session: AsyncSession, event: Event, payload: PersonLeft) -> None:
    assert event.sequence is not None
    await store.user_left(session, user_id=payload.user_id, sequence=event.sequence)


async def snapshot(session: AsyncSession) -> int:
    """Every contact's state published again, for `kit.events.replay` (an admin session)."""
    return await store.snapshot(session)
