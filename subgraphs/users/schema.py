"""Users subgraph schema: the public `User` entity, auth, profile and interests."""

from datetime import datetime

import strawberry

from subgraphs.kit import (
    Connection,
    Info,
    ServiceSchema,
    bad_input,
    from_row,
    lookup,
    paginate,
    parse_id,
    require_id,
    unauthenticated,
    validate,
)
from subgraphs.users import models, passwords, store, throttle
from subgraphs.users.keys import SigningKeys

MAX_NAME_QUERY = 120


@strawberry.type
class SocialLink:
    label: str
    url: str


@strawberry.type(
    description="Who may see the owner's e-mail and phone, and find the profile by searching. "
    "Shown to the owner only."
)
class ProfileVisibility:
    email_public: bool
    phone_public: bool
    profile_public: bool = strawberry.field(
        description="Others find the profile by searching (`search`, `searchUsers`) and by its "
        "e-mail in their contacts (`Contact.linkedUser`). Off: unlisted, found by its owner only "
        "(those who have its id still see its public fields)."
    )


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
        links = [SocialLink(**dict(link)) for link in row.social_links]
        return from_row(cls, row, skills=list(row.skills), social_links=links, row=row)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "User | None":
        return await lookup(info, id, store.users_by_id, cls.from_row)

    def _is_viewer(self, info: Info) -> bool:
        return info.context.user_id == self.row.id

    @strawberry.field(description="Shown to others only when the owner made it public.")
    def email(self, info: Info) -> str | None:
        return self.row.email if self._is_viewer(info) or self.row.email_public else None

    @strawberry.field(description="Shown to others only when the owner made it public.")
    def phone(self, info: Info) -> str | None:
        return self.row.phone if self._is_viewer(info) or self.row.phone_public else None

    @strawberry.field
    def visibility(self, info: Info) -> ProfileVisibility | None:
        if not self._is_viewer(info):
            return None
        return ProfileVisibility(
            email_public=self.row.email_public,
            phone_public=self.row.phone_public,
            profile_public=self.row.profile_public,
        )

    @strawberry.field(description="Profiles the owner is interested in. Null for anyone else.")
    async def interested_in(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection["User"] | None:
        if not self._is_viewer(info):
            return None

        async def profiles(interests: list[models.Interest]) -> list[User]:
            loader = info.context.loader(store.users_by_id)
            rows = await loader.load_many([interest.target_id for interest in interests])
            return [User.from_row(row) for row in rows if row is not None]

        return await paginate(info, store.interests(), first=first, after=after, nodes=profiles)


@strawberry.type
class AuthPayload:
    token: str = strawberry.field(description="Bearer token for the Authorization header.")
    user: User


@strawberry.input
class SignUpInput:
    email: str
    password: str = strawberry.field(
        description=f"At least {models.PASSWORD_MIN_LENGTH} characters, and not easy to guess "
        "(a few uncommon words will do); a refusal says why."
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
    profile_public: bool | None = strawberry.UNSET


async def _me(info: Info) -> models.User:
    row = await info.context.loader(store.users_by_id).load(info.context.require_user())
    if row is None:  # the account behind a still-valid token is gone
        raise unauthenticated()
    return row


def _signed_in(info: Info, row: models.User) -> AuthPayload:
    info.context.user_id = row.id  # from here on this request acts as the signed-in user
    token = info.context.get(SigningKeys).issue(row.id)
    return AuthPayload(token=token, user=User.from_row(row))


@strawberry.type
class Query:
    # Shareable: analytics and notifications answer `me` too (their User fields), so the
    # router asks each at once instead of users first, then them.
    @strawberry.federation.field(shareable=True, description="The signed-in user.")
    async def me(self, info: Info) -> User:
        return User.from_row(await _me(info))

    @strawberry.field
    async def user(self, info: Info, id: strawberry.ID) -> User | None:
        return await User.resolve_reference(info, id)

    @strawberry.field(
        description="People whose full name contains `name` (case-insensitive): public "
        "profiles, and your own."
    )
    async def search_users(
        self, info: Info, name: str, first: int | None = None, after: str | None = None
    ) -> Connection[User]:
        name = name.strip()
        if not 1 <= len(name) <= MAX_NAME_QUERY:
            raise bad_input("name", f"name must be 1 to {MAX_NAME_QUERY} characters")
        listing = store.users_named(name, viewer=info.context.user_id)
        return await paginate(info, listing, first=first, after=after, node=User.from_row)


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def sign_up(self, info: Info, input: SignUpInput) -> AuthPayload:
        sign_up = validate(models.SignUp, input)
        await throttle.signing_up(info, sign_up.email)
        await passwords.require_strong(
            sign_up.password, email=sign_up.email, full_name=sign_up.full_name
        )
        async with info.context.writer() as session:
            row = await store.create_user(session, sign_up=sign_up)
        return _signed_in(info, row)

    @strawberry.mutation
    async def log_in(self, info: Info, input: LogInInput) -> AuthPayload:
        email = input.email.strip().lower()
        async with throttle.password_checked(info, email, by_address=True):
            async with info.context.reader() as session:
                row = await store.authenticate(session, email=email, password=input.password)
        return _signed_in(info, row)

    @strawberry.mutation
    async def update_profile(self, info: Info, input: UpdateProfileInput) -> User:
        changes = validate(models.ProfileUpdate, input)
        async with info.context.writer() as session:
            row = await store.update_profile(session, changes=changes)
        return User.from_row(row)

    @strawberry.mutation(
        description="Delete your account and everything it holds, in every part of the "
        "tracker; tokens issued before stop working. Answers true."
    )
    async def delete_account(self, info: Info, password: str) -> bool:
        account = f"user:{info.context.require_user()}"
        async with throttle.password_checked(info, account, by_address=False):
            async with info.context.writer() as session:
                erased = await store.delete_account(session, password=password)
        info.context.runtime.erased.add(erased)
        return True

    @strawberry.mutation(description="Add a profile to the ones you are interested in.")
    async def add_profile_interest(self, info: Info, user_id: strawberry.ID) -> User:
        target = require_id(user_id, "User")
        async with info.context.writer() as session:
            row = await store.add_interest(session, target_id=target)
        return User.from_row(row)

    @strawberry.mutation(description="True when the profile was in the list.")
    async def remove_profile_interest(self, info: Info, user_id: strawberry.ID) -> bool:
        info.context.require_user()
        target = parse_id(user_id)  # an id that names nothing was never in the list
        if target is None:
            return False
        async with info.context.writer() as session:
            return await store.remove_interest(session, target_id=target)


schema = ServiceSchema(subgraph="users", query=Query, mutation=Mutation, types=[User])
