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

from typing import Any
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.contacts import store
from subgraphs.contacts.models import Contact
from subgraphs.kit import Event, Handlers, publish

SAVED = "contact.saved"
DELETED = "contact.deleted"

handlers = Handlers()

_STATE = [
    "name", "position", "company", "emails", "phones", "linked_user_id", "created_at",
    "updated_at",
]  # fmt: skip


def state(contact: Contact) -> dict[str, Any]:
    """The contact as consumers see it (not its notes)."""
    fields = {name: getattr(contact, name) for name in _STATE}
    links = [link.model_dump() for link in contact.social_links]
    return {"id": contact.id, **fields, "social_links": links}


async def contact_saved(session: AsyncSession, contact: Contact) -> None:
    await publish(
        session,
        SAVED,
        aggregate_id=contact.id,
        payload={"contact": state(contact)},
        owner_id=contact.owner_id,
    )


async def contact_deleted(session: AsyncSession, contact_id: UUID) -> None:
    await publish(
        session, DELETED, aggregate_id=contact_id, payload={"contact_id": str(contact_id)}
    )


@handlers.on("user.registered", "user.updated")
async def user_changed(session: AsyncSession, event: Event) -> None:
    assert event.sequence is not None
    user = event.payload["user"]
    # Private: no hash is published (users' events.py); one from an older producer is ignored.
    hash = user.get("email_hash") if user.get("profile_public", True) else None
    await store.user_changed(session, user_id=UUID(user["id"]), hash=hash, sequence=event.sequence)


@handlers.on("user.deleted")
async def user_left(session: AsyncSession, event: Event) -> None:
    assert event.sequence is not None
    user_id = UUID(event.payload["user_id"])
    await store.user_left(session, user_id=user_id, sequence=event.sequence)


async def snapshot(session: AsyncSession) -> int:
    """Every contact's state published again, for `kit.events.replay` (an admin session)."""
    return await store.snapshot(session)
