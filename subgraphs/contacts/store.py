"""Contacts store. Contacts are documents (`kit.documents`): every function reads and writes
them through a handle opened from its session, for the session's owner; nothing here commits.
Linking to registered users reads `registered_users` (hashes only, of public profiles), and the
event consumers' functions at the end look across owners, explicitly (`admin_documents`).

A contact saved while its person's registration is handled must not miss the link: on
PostgreSQL both hold a transaction lock on each e-mail hash they read or write (`_hold`), so
whichever comes second sees what the first committed. SQLite's single writer orders them."""

from collections.abc import Awaitable, Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.contacts import events
from subgraphs.contacts.models import (
    CONTACTS,
    Contact,
    ContactFields,
    RegisteredUser,
    email_hash,
)
from subgraphs.kit import (
    DocumentQuery,
    Where,
    admin_documents,
    apply_changes,
    documents,
    not_found,
    supersedes,
    utcnow,
)


@dataclass(frozen=True)
class ContactFilter:
    query: str | None = None  # in name, company or position, any case

    def where(self) -> Where:
        return Where(text=self.query)


def contacts(where: ContactFilter) -> DocumentQuery[Contact]:
    """The owner's contacts matching `where`, newest first."""
    return CONTACTS.query(where.where())


async def contacts_by_id(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, Contact]:
    """The owner's contacts among `ids`, in one query; others' ids are simply absent."""
    return await documents(session, CONTACTS).get_many(ids)


async def _owned(session: AsyncSession, contact_id: UUID) -> Contact:
    contact = await documents(session, CONTACTS).get(contact_id)
    if contact is None:  # absent, or someone else's: the handle cannot see it
        raise not_found("Contact")
    return contact


# Spends `count` of the owner's e-mail lookups; RATE_LIMITED when their budget is spent.
Lookups = Callable[[int], Awaitable[None]]


async def unlimited(count: int) -> None:
    """The Lookups of admin tasks (the demo seed): no budget to spend."""


async def create_contact(
    session: AsyncSession, *, data: ContactFields, lookups: Lookups
) -> Contact:
    contact = Contact(**data.model_dump())
    return await _save(session, contact, lookups=lookups)


async def update_contact(
    session: AsyncSession, *, contact_id: UUID, changes: BaseModel, lookups: Lookups
) -> Contact:
    contact = await _owned(session, contact_id)
    looked_up = set(contact.email_hashes)
    apply_changes(contact, changes, fields=ContactFields)
    return await _save(session, contact, lookups=lookups, looked_up=looked_up)


async def delete_contact(session: AsyncSession, *, contact_id: UUID) -> None:
    if not await documents(session, CONTACTS).delete(contact_id):
        raise not_found("Contact")
    await events.contact_deleted(session, contact_id)


async def _save(
    session: AsyncSession,
    contact: Contact,
    *,
    lookups: Lookups,
    looked_up: AbstractSet[str] = frozenset(),
) -> Contact:
    """Saved, linked by its e-mails: those it did not have before (`looked_up`) are spent from
    the owner's lookups, whoever they belong to, so a refusal says nothing about them."""
    handle = documents(session, CONTACTS)  # UNAUTHENTICATED before anything is read
    contact.email_hashes = [email_hash(email) for email in contact.emails]
    await lookups(len(set(contact.email_hashes) - looked_up))
    await _hold(session, contact.email_hashes)
    registered = await _registered(session, contact.email_hashes)
    contact.linked_user_id = _link(contact, registered)
    saved = await handle.put(contact)
    await events.contact_saved(session, saved)
    return saved


# --- linking ---------------------------------------------------------------------------


async def _hold(session: AsyncSession, hashes: Iterable[str]) -> None:
    """PostgreSQL: this transaction's lock on each e-mail hash, in one order (no deadlock)."""
    if (await session.connection()).dialect.name != "postgresql":
        return
    for hash in sorted(set(hashes)):
        key = int(hash[:16], 16) - (1 << 63)  # a signed 64-bit key from the hash's first half
        await session.exec(select(func.pg_advisory_xact_lock(key)))


async def _registered(session: AsyncSession, hashes: Iterable[str]) -> dict[str, UUID]:
    """Which of these e-mail hashes belong to registered users (one query)."""
    wanted = set(hashes)
    if not wanted:
        return {}
    statement = (
        select(RegisteredUser)
        .where(col(RegisteredUser.email_hash).in_(wanted), RegisteredUser.deleted == False)  # noqa: E712
        .order_by(col(RegisteredUser.sequence))
    )
    # The newest wins should two users hold one address for a moment (events out of order).
    return {row.email_hash: row.user_id for row in await session.exec(statement) if row.email_hash}


def _link(contact: Contact, registered: dict[str, UUID]) -> UUID | None:
    """The user the contact's first registered e-mail belongs to."""
    return next((registered[h] for h in contact.email_hashes if h in registered), None)


async def user_changed(
    session: AsyncSession, *, user_id: UUID, hash: str | None, sequence: int
) -> int:
    """A user registered or changed: keep the hash of their e-mail while their profile is
    public (`hash`; None while private), then link or unlink every owner's contacts it
    concerns. The contacts changed."""
    return await _user_known(session, user_id, hash, sequence, left=False)


async def user_left(session: AsyncSession, *, user_id: UUID, sequence: int) -> int:
    """A user left: only a tombstone of them stays; every contact linked to them is unlinked."""
    return await _user_known(session, user_id, None, sequence, left=True)


async def _user_known(
    session: AsyncSession, user_id: UUID, hash: str | None, sequence: int, *, left: bool
) -> int:
    row = await session.get(RegisteredUser, user_id)
    if row is None:
        row = RegisteredUser(user_id=user_id, sequence=sequence)
        session.add(row)
    elif not supersedes(sequence, row):
        # A newer event about this user was applied already, or they are gone for good: no
        # late event brings the address back.
        return 0
    await _hold(session, [h for h in (hash, row.email_hash) if h is not None])
    row.email_hash, row.deleted = hash, left
    row.sequence, row.updated_at = sequence, utcnow()
    await session.flush()
    return await _relink(session, user_id, hash)


async def _relink(session: AsyncSession, user_id: UUID, hash: str | None) -> int:
    everyone = admin_documents(session, CONTACTS)
    concerned = {c.id: c for c in await everyone.find(Where(equal={"linked_user_id": user_id}))}
    if hash is not None:
        concerned |= {c.id: c for c in await everyone.find(Where(equal={"email_hashes": hash}))}
    registered = await _registered(session, (h for c in concerned.values() for h in c.email_hashes))
    changed = 0
    for contact in concerned.values():
        linked = _link(contact, registered)
        if linked != contact.linked_user_id:
            contact.linked_user_id = linked
            await events.contact_saved(session, await everyone.put(contact))
            changed += 1
    return changed


async def snapshot(session: AsyncSession) -> int:
    """Every owner's contacts published again (`contact.saved`), for consumers to rebuild from
    (`kit.events.replay`). Runs in an admin session."""
    found = await admin_documents(session, CONTACTS).find(Where())
    for contact in found:
        await events.contact_saved(session, contact)
    return len(found)
