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
from typing import Any
from uuid import UUID

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit import Handlers, publish
from subgraphs.users.models import User

REGISTERED = "user.registered"
UPDATED = "user.updated"
DELETED = "user.deleted"
EMAIL_SET = "account.email_set"

handlers = Handlers(erase_on_user_deleted=False)


def email_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def profile(user: User) -> dict[str, Any]:
    """What other subgraphs may know of a user: the public profile, and a hash of the e-mail
    while the profile is public."""
    return {
        "id": user.id,
        "full_name": user.full_name,
        "headline": user.headline,
        "location": user.location,
        "skills": list(user.skills),
        "social_links": [dict(link) for link in user.social_links],
        "created_at": user.created_at,
        "profile_public": user.profile_public,
        "email_hash": email_hash(user.email) if user.profile_public else None,
        "email": user.email if user.email_public else None,
        "phone": user.phone if user.phone_public else None,
    }


async def user_changed(session: AsyncSession, type: str, user: User) -> None:
    await session.flush()
    await publish(
        session, type, aggregate_id=user.id, payload={"user": profile(user)}, owner_id=user.id
    )
    address = {"user_id": str(user.id), "email": user.email, "full_name": user.full_name}
    await publish(session, EMAIL_SET, aggregate_id=user.id, payload=address, owner_id=user.id)


async def user_deleted(session: AsyncSession, user_id: UUID) -> None:
    payload = {"user_id": str(user_id)}
    await publish(session, DELETED, aggregate_id=user_id, payload=payload, owner_id=user_id)


async def snapshot(session: AsyncSession) -> int:
    """Every user's profile published again (`user.updated`), for `kit.events.replay`. Runs in
    an admin session: every account."""
    count = 0
    for user in list(await session.exec(select(User))):
        await user_changed(session, UPDATED, user)
        count += 1
    return count
