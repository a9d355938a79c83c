"""Users store: accounts, profiles and interests. Writes are scoped to the acting user."""

import asyncio
from collections.abc import Iterable
from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit.db import utcnow
from subgraphs.kit.errors import AppError, ErrorCode, bad_input, camel_case, not_found
from subgraphs.kit.pagination import Page, fetch_page
from subgraphs.users.models import Interest, ProfileUpdate, SignUp, User

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
        await session.commit()
    except IntegrityError as error:  # a concurrent sign-up with the same e-mail won the race
        await session.rollback()
        raise _email_taken() from error
    return user


async def authenticate(session: AsyncSession, *, email: str, password: str) -> User:
    user = await session.scalar(select(User).where(User.email == email.strip().lower()))
    try:
        await asyncio.to_thread(
            hasher.verify, user.password_hash if user else _DUMMY_HASH, password
        )
    except (VerifyMismatchError, InvalidHashError):
        user = None
    if user is None:
        raise AppError(ErrorCode.INVALID_CREDENTIALS, "E-mail or password is wrong")
    return user


async def get_users(session: AsyncSession, ids: Iterable[UUID]) -> dict[UUID, User]:
    """Public profiles by id, in one query."""
    rows = await session.exec(select(User).where(User.id.in_(set(ids))))
    return {user.id: user for user in rows}


async def update_profile(session: AsyncSession, *, user_id: UUID, changes: ProfileUpdate) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise not_found("User")
    for name, value in changes.model_dump(exclude_unset=True, mode="json").items():
        if value is None and name in {
            "full_name",
            "skills",
            "social_links",
            "email_public",
            "phone_public",
        }:
            raise bad_input(camel_case(name), f"{camel_case(name)} cannot be null")
        setattr(user, name, value)
    user.updated_at = utcnow()
    await session.commit()
    return user


def _name_filter(name: str):
    return func.lower(User.full_name).contains(name.strip().lower(), autoescape=True)


async def search_users(
    session: AsyncSession, *, name: str, first: int, after: str | None
) -> Page[User]:
    statement = select(User).where(_name_filter(name))
    return await fetch_page(
        session,
        statement,
        keys=(User.full_name, User.id),
        first=first,
        after=after,
        descending=False,
    )


async def count_users(session: AsyncSession, *, name: str) -> int:
    return (
        await session.scalar(select(func.count()).select_from(User).where(_name_filter(name))) or 0
    )


async def add_interest(session: AsyncSession, *, owner_id: UUID, target_id: UUID) -> User:
    if owner_id == target_id:
        raise bad_input("userId", "You cannot add your own profile")
    target = await session.get(User, target_id)
    if target is None:
        raise not_found("User")
    exists = await session.scalar(
        select(Interest.id).where(Interest.owner_id == owner_id, Interest.target_id == target_id)
    )
    if not exists:
        session.add(Interest(owner_id=owner_id, target_id=target_id))
        try:
            await session.commit()
        except IntegrityError:  # added twice at once: the first one stands
            await session.rollback()
    return target


async def remove_interest(session: AsyncSession, *, owner_id: UUID, target_id: UUID) -> bool:
    interest = await session.scalar(
        select(Interest).where(Interest.owner_id == owner_id, Interest.target_id == target_id)
    )
    if interest is None:
        return False
    await session.delete(interest)
    await session.commit()
    return True


async def list_interests(
    session: AsyncSession, *, owner_id: UUID, first: int, after: str | None
) -> Page[Interest]:
    statement = select(Interest).where(Interest.owner_id == owner_id)
    return await fetch_page(
        session, statement, keys=(Interest.created_at, Interest.id), first=first, after=after
    )


async def count_interests(session: AsyncSession, *, owner_id: UUID) -> int:
    statement = select(func.count()).select_from(Interest).where(Interest.owner_id == owner_id)
    return await session.scalar(statement) or 0
