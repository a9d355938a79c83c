"""Events the users subgraph publishes. It consumes none (an account's own erasure happens in
`deleteAccount`'s unit of work). `snapshot` publishes every profile again (`user.updated`),
for consumers to rebuild from (`kit.events.replay users`).

    user.registered, user.updated
        {"user": {id, full_name, headline, location, skills, social_links, created_at,
         profile_public, email_hash, email (only when public), phone (only when public)}}
        `profile_public`: whether others may find the profile (by searching, or by an e-mail
        they hold).
        `email_hash` (SHA-256 of the lower-case address) lets the contacts subgraph recognise
        a registered user without any other subgraph holding the address; null while the
        profile is private, so a private person cannot be found by their e-mail.
    user.deleted  {"user_id"}: every subgraph erases that owner's rows.
    account.email_set  {"user_id", "email", "full_name"}: the account's own address, on sign-up
        and on every profile change, for the notifications subgraph's e-mails. Only that
        subgraph takes this type (so only its queue gets the address); no `user.*` pattern
        matches it.
"""

import hashlib
from datetime import datetime
from uuid import UUID

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit import Handlers, Message, Payload, publish
from subgraphs.users.models import User


class Link(Payload):
    label: str
    url: str


class Profile(Payload):
    """What other subgraphs may know of a user: the public profile, and a hash of the e-mail
    while the profile is public."""

    id: UUID
    full_name: str
    headline: str | None
    location: str | None
    skills: list[str]
    social_links: list[Link]
    created_at: datetime
    profile_public: bool
    email_hash: str | None
    email: str | None
    phone: str | None


class UserChanged(Payload):
    user: Profile


class UserDeleted(Payload):
    user_id: UUID


class EmailSet(Payload):
    user_id: UUID
    email: str
    full_name: str


REGISTERED = Message("user.registered", UserChanged, "An account was made.")
UPDATED = Message("user.updated", UserChanged, "A profile was edited (or published again).")
DELETED = Message("user.deleted", UserDeleted, "An account was deleted: erase its owner's data.")
EMAIL_SET = Message(
    "account.email_set", EmailSet, "The account's own address, for its e-mails (one consumer)."
)

handlers = Handlers(erase_on_user_deleted=False)


def email_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def profile(user: User) -> Profile:
    return Profile(
        id=user.id,
        full_name=user.full_name,
        headline=user.headline,
        location=user.location,
        skills=list(user.skills),
        social_links=[Link.model_validate(dict(link)) for link in user.social_links],
        created_at=user.created_at,
        profile_public=user.profile_public,
        email_hash=email_hash(user.email) if user.profile_public else None,
        email=user.email if user.email_public else None,
        phone=user.phone if user.phone_public else None,
    )


async def user_changed(session: AsyncSession, message: Message[UserChanged], user: User) -> None:
    await session.flush()
    payload = UserChanged(user=profile(user))
    await publish(session, message, aggregate_id=user.id, payload=payload, owner_id=user.id)
    address = EmailSet(user_id=user.id, email=user.email, full_name=user.full_name)
    await publish(session, EMAIL_SET, aggregate_id=user.id, payload=address, owner_id=user.id)


async def user_deleted(session: AsyncSession, user_id: UUID) -> None:
    payload = UserDeleted(user_id=user_id)
    await publish(session, DELETED, aggregate_id=user_id, payload=payload, owner_id=user_id)


async def snapshot(session: AsyncSession) -> int:
    """Every user's profile published again (`user.updated`), for `kit.events.replay`. Runs in
    an admin session: every account."""
    count = 0
    for user in list(await session.exec(select(User))):
        await user_changed(session, UPDATED, user)
        count += 1
    return count
