"""Users store: accounts, profiles and interests. Profiles are public to read; a profile is
changed, and interests are kept, only by the owner the session was opened for (`owner_of`).
Writes happen in the caller's unit of work, which commits; nothing here commits."""

import asyncio
from collections.abc import Sequence
from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from pydantic import BaseModel
from sqlalchemy import bindparam, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit import (
    AppError,
    ErrorCode,
    Listing,
    apply_changes,
    bad_input,
    contains_param,
    contains_pattern,
    erase_owner,
    ids_in,
    ids_param,
    not_found,
    owner_of,
    utcnow,
)
from subgraphs.users import events
from subgraphs.users.models import Interest, ProfileBase, SignUp, User

hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so both failures take the same time.
_DUMMY_HASH = hasher.hash("not-a-real-password")


def _email_taken() -> AppError:
    return AppError(
        ErrorCode.EMAIL_TAKEN, "An account with this e-mail already exists", field="email"
    )


async def create_user(session: AsyncSession, *, sign_up: SignUp) -> User:
    if await session.scalar(select(User.id).where(User.email == sign_up.email)):
        raise _email_taken()
    password_hash = await asyncio.to_thread(hasher.hash, sign_up.password)
    user = User(email=sign_up.email, full_name=sign_up.full_name, password_hash=password_hash)
    session.add(user)
    try:
        await session.flush()
    except IntegrityError as error:  # a concurrent sign-up with the same e-mail won the race
        raise _email_taken() from error
    await events.user_changed(session, events.REGISTERED, user)
    return user


async def authenticate(session: AsyncSession, *, email: str, password: str) -> User:
    user = await session.scalar(select(User).where(User.email == email.strip().lower()))
    if not await _password_matches(user, password):
        raise AppError(ErrorCode.INVALID_CREDENTIALS, "E-mail or password is wrong")
    assert user is not None
    return user


async def _password_matches(user: User | None, password: str) -> bool:
    """Whether `password` is the user's; as slow for an unknown user as for a known one."""
    try:
        await asyncio.to_thread(
            hasher.verify, user.password_hash if user else _DUMMY_HASH, password
        )
    except (VerifyMismatchError, InvalidHashError):
        return False
    return user is not None


async def delete_account(session: AsyncSession, *, password: str) -> UUID:
    """Erase the session owner's account and everything of theirs in this store, and tell
    every other subgraph to erase theirs (`user.deleted`). The password must be given again."""
    owner = owner_of(session)
    user = await session.get(User, owner)
    if not await _password_matches(user, password):
        raise AppError(ErrorCode.INVALID_CREDENTIALS, "The password is wrong", field="password")
    assert user is not None
    await erase_account(session, user)
    return owner


async def erase_account(session: AsyncSession, user: User) -> None:
    """Erase `user` and everything of theirs here, and publish `user.deleted` (in an admin
    session: the admin CLI's `user delete`; or the owner's own, after the password)."""
    await erase_owner(session, user.id)
    await session.delete(user)
    await events.user_deleted(session, user.id)


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    return await session.scalar(select(User).where(User.email == email.strip().lower()))


_USERS_BY_ID = select(User).where(ids_in(col(User.id)))


async def users_by_id(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, User]:
    """Public profiles by id, in one query."""
    rows = await session.exec(_USERS_BY_ID, params=ids_param(ids))
    return {user.id: user for user in rows}


async def update_profile(session: AsyncSession, *, changes: BaseModel) -> User:
    """The session owner's own profile, changed where `changes` says."""
    user = await session.get(User, owner_of(session))
    if user is None:
        raise not_found("User")
    apply_changes(user, changes, fields=ProfileBase)
    user.updated_at = utcnow()
    await events.user_changed(session, events.UPDATED, user)
    return user


# Made once, the name and the viewer bound (kit.Listing says why).
_NAMED = select(User).where(
    contains_param(func.lower(col(User.full_name)), "name"),
    col(User.profile_public) | (col(User.id) == bindparam("viewer")),
)
_BY_NAME = (col(User.full_name), col(User.id))


def users_named(name: str, *, viewer: UUID | None) -> Listing[User]:
    """People whose full name contains `name`, by name: public profiles and the viewer's."""
    params = {"name": contains_pattern(name.strip().lower()), "viewer": viewer}
    return Listing(_NAMED, keys=_BY_NAME, descending=False, params=params)


async def add_interest(session: AsyncSession, *, target_id: UUID) -> User:
    if owner_of(session) == target_id:
        raise bad_input("userId", "You cannot add your own profile")
    target = await session.get(User, target_id)
    if target is None:
        raise not_found("User")
    exists = await session.scalar(select(Interest.id).where(Interest.target_id == target_id))
    if not exists:
        try:
            async with session.begin_nested():  # added twice at once: the first one stands
                session.add(Interest(target_id=target_id))
        except IntegrityError:
            pass
    return target


async def remove_interest(session: AsyncSession, *, target_id: UUID) -> bool:
    interest = await session.scalar(select(Interest).where(Interest.target_id == target_id))
    if interest is None:
        return False
    await session.delete(interest)
    await session.flush()
    return True


_INTERESTS = select(Interest)  # made once (kit.Listing says why)


def interests() -> Listing[Interest]:
    """The profiles the session's owner is interested in, most recent first."""
    return Listing(_INTERESTS, keys=(col(Interest.created_at), col(Interest.id)))
