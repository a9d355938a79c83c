"""Users subgraph schema: the public `User` entity, auth, profile and interests."""

from datetime import datetime
from uuid import UUID

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from subgraphs.kit.context import Context, parse_id
from subgraphs.kit.errors import bad_input, unauthenticated
from subgraphs.kit.inputs import validate
from subgraphs.kit.pagination import Connection, connection
from subgraphs.kit.schema import ServiceSchema
from subgraphs.users import models, store

Ctx = Info[Context, None]
MAX_NAME_QUERY = 120


def users_loader(info: Ctx) -> DataLoader[UUID, models.User | None]:
    ctx = info.context

    async def load(ids: list[UUID]) -> list[models.User | None]:
        async with ctx.db.reader() as session:
            found = await store.get_users(session, ids)
        return [found.get(user_id) for user_id in ids]

    return ctx.loader("users.by_id", lambda: DataLoader(load))


@strawberry.type
class SocialLink:
    label: str
    url: str


@strawberry.type(description="Who may see the owner's e-mail and phone. Shown to the owner only.")
class ProfileVisibility:
    email_public: bool
    phone_public: bool


@strawberry.federation.type(keys=["id"], description="A person's public profile.")
class User:
    id: strawberry.ID
    full_name: str
    location: str | None
    headline: str | None
    skills: list[str]
    social_links: list[SocialLink]
    created_at: datetime
    row: strawberry.Private[models.User]

    @classmethod
    def from_row(cls, row: models.User) -> "User":
        return cls(
            id=strawberry.ID(str(row.id)),
            full_name=row.full_name,
            location=row.location,
            headline=row.headline,
            skills=list(row.skills),
            social_links=[SocialLink(**link) for link in row.social_links],
            created_at=row.created_at,
            row=row,
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> "User | None":
        user_id = parse_id(id)
        row = await users_loader(info).load(user_id) if user_id else None
        return cls.from_row(row) if row else None

    def _is_viewer(self, info: Ctx) -> bool:
        return info.context.user_id == self.row.id

    @strawberry.field(description="Shown to others only when the owner made it public.")
    def email(self, info: Ctx) -> str | None:
        return self.row.email if self._is_viewer(info) or self.row.email_public else None

    @strawberry.field(description="Shown to others only when the owner made it public.")
    def phone(self, info: Ctx) -> str | None:
        return self.row.phone if self._is_viewer(info) or self.row.phone_public else None

    @strawberry.field
    def visibility(self, info: Ctx) -> ProfileVisibility | None:
        if not self._is_viewer(info):
            return None
        return ProfileVisibility(
            email_public=self.row.email_public, phone_public=self.row.phone_public
        )

    @strawberry.field(description="Profiles the owner is interested in. Null for anyone else.")
    async def interested_in(
        self, info: Ctx, first: int | None = None, after: str | None = None
    ) -> Connection["User"] | None:
        if not self._is_viewer(info):
            return None
        ctx = info.context
        size = ctx.page_size(first)
        async with ctx.db.reader() as session:
            page = await store.list_interests(
                session, owner_id=self.row.id, first=size, after=after
            )
        targets = await users_loader(info).load_many([i.target_id for i in page.rows])
        by_id = {row.id: row for row in targets if row is not None}
        page.rows = [by_id[i.target_id] for i in page.rows]

        async def count() -> int:
            async with ctx.db.reader() as session:
                return await store.count_interests(session, owner_id=self.row.id)

        return connection(page, User.from_row, count)


@strawberry.type
class AuthPayload:
    token: str = strawberry.field(description="Bearer token for the Authorization header.")
    user: User


@strawberry.input
class SignUpInput:
    email: str
    password: str = strawberry.field(
        description=f"At least {models.PASSWORD_MIN_LENGTH} characters."
    )
    full_name: str


@strawberry.input
class LogInInput:
    email: str
    password: str


@strawberry.input
class SocialLinkInput:
    label: str
    url: str


@strawberry.input(description="Only the fields given change.")
class UpdateProfileInput:
    full_name: str | None = strawberry.UNSET
    location: str | None = strawberry.UNSET
    headline: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    skills: list[str] | None = strawberry.UNSET
    social_links: list[SocialLinkInput] | None = strawberry.UNSET
    email_public: bool | None = strawberry.UNSET
    phone_public: bool | None = strawberry.UNSET


async def _me(info: Ctx) -> models.User:
    row = await users_loader(info).load(info.context.require_user())
    if row is None:  # the account behind a still-valid token is gone
        raise unauthenticated()
    return row


def _target(user_id: strawberry.ID) -> UUID:
    target = parse_id(user_id)
    if target is None:
        raise bad_input("userId", "userId is not a user id")
    return target


@strawberry.type
class Query:
    @strawberry.field(description="The signed-in user.")
    async def me(self, info: Ctx) -> User:
        return User.from_row(await _me(info))

    @strawberry.field
    async def user(self, info: Ctx, id: strawberry.ID) -> User | None:
        return await User.resolve_reference(info, id)

    @strawberry.field(description="People whose full name contains `name` (case-insensitive).")
    async def search_users(
        self, info: Ctx, name: str, first: int | None = None, after: str | None = None
    ) -> Connection[User]:
        ctx = info.context
        name = name.strip()
        if not 1 <= len(name) <= MAX_NAME_QUERY:
            raise bad_input("name", f"name must be 1 to {MAX_NAME_QUERY} characters")
        size = ctx.page_size(first)
        async with ctx.db.reader() as session:
            page = await store.search_users(session, name=name, first=size, after=after)

        async def count() -> int:
            async with ctx.db.reader() as session:
                return await store.count_users(session, name=name)

        return connection(page, User.from_row, count)


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def sign_up(self, info: Ctx, input: SignUpInput) -> AuthPayload:
        sign_up = validate(models.SignUp, input)
        async with info.context.db.session() as session:
            row = await store.create_user(session, sign_up=sign_up)
        info.context.user_id = row.id  # from here on this request acts as the new user
        return AuthPayload(token=info.context.state.keys.issue(row.id), user=User.from_row(row))

    @strawberry.mutation
    async def log_in(self, info: Ctx, input: LogInInput) -> AuthPayload:
        async with info.context.db.session() as session:
            row = await store.authenticate(session, email=input.email, password=input.password)
        info.context.user_id = row.id
        return AuthPayload(token=info.context.state.keys.issue(row.id), user=User.from_row(row))

    @strawberry.mutation
    async def update_profile(self, info: Ctx, input: UpdateProfileInput) -> User:
        changes = validate(models.ProfileUpdate, input)
        async with info.context.db.session() as session:
            row = await store.update_profile(
                session, user_id=info.context.require_user(), changes=changes
            )
        return User.from_row(row)

    @strawberry.mutation(description="Add a profile to the ones you are interested in.")
    async def add_profile_interest(self, info: Ctx, user_id: strawberry.ID) -> User:
        owner = info.context.require_user()
        async with info.context.db.session() as session:
            row = await store.add_interest(session, owner_id=owner, target_id=_target(user_id))
        return User.from_row(row)

    @strawberry.mutation(description="True when the profile was in the list.")
    async def remove_profile_interest(self, info: Ctx, user_id: strawberry.ID) -> bool:
        owner = info.context.require_user()
        async with info.context.db.session() as session:
            return await store.remove_interest(session, owner_id=owner, target_id=_target(user_id))


schema = ServiceSchema(subgraph="users", query=Query, mutation=Mutation, types=[User])
