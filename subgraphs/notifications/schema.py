"""Notifications subgraph schema: the `Notification` inbox, e-mail preferences,
`User.unreadNotificationCount` and `Subscription.notificationReceived`."""

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Any
from uuid import UUID

import strawberry
from strawberry.scalars import JSON

from subgraphs.kit import (
    Connection,
    Info,
    ServiceSchema,
    from_row,
    id_of,
    lookup,
    paginate,
    parse_id,
    require_id,
)
from subgraphs.notifications import models, store
from subgraphs.notifications.models import EmailState, NotificationKind
from subgraphs.notifications.pubsub import PubSub
from subgraphs.notifications.scheduler import channel

strawberry.enum(NotificationKind, description="What a notification is about.")
strawberry.enum(
    EmailState,
    name="NotificationEmailState",
    description="Where its e-mail is: SKIPPED when e-mail is off for its kind (or no address).",
)


@strawberry.federation.type(keys=["id"], extend=False)
class Interview:
    id: strawberry.ID

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "Interview | None":
        """The viewer's interview, as far as notifications know it (from its events)."""
        return await lookup(info, id, store.tracked_interviews, lambda _: cls(id=id))


@strawberry.federation.type(keys=["id"], extend=False)
class Contact:
    id: strawberry.ID

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "Contact | None":
        """The viewer's contact, as far as notifications know it (from its events)."""
        return await lookup(info, id, store.tracked_contacts, lambda _: cls(id=id))


@strawberry.federation.type(keys=["id"], description="A message in your inbox.")
class Notification:
    id: strawberry.ID
    kind: NotificationKind
    title: str
    body: str
    data: JSON = strawberry.field(description="What it is about, by kind (start time, company…).")
    created_at: datetime
    read_at: datetime | None
    email_state: EmailState
    interview_id: strawberry.Private[UUID | None]
    contact_id: strawberry.Private[UUID | None]

    @classmethod
    def from_row(cls, row: models.Notification) -> "Notification":
        return from_row(cls, row)

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> "Notification":
        """A notification as the scheduler published it (`store.public`)."""
        read_at, interview, contact = (
            message.get(k) for k in ("read_at", "interview_id", "contact_id")
        )
        return cls(
            id=strawberry.ID(message["id"]),
            kind=NotificationKind(message["kind"]),
            title=message["title"],
            body=message["body"],
            data=message["data"],
            created_at=datetime.fromisoformat(message["created_at"]),
            read_at=datetime.fromisoformat(read_at) if read_at else None,
            email_state=EmailState(message["email_state"]),
            interview_id=UUID(interview) if interview else None,
            contact_id=UUID(contact) if contact else None,
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "Notification | None":
        return await lookup(info, id, store.notifications_by_id, cls.from_row)

    @strawberry.field
    def read(self) -> bool:
        return self.read_at is not None

    @strawberry.field(description="The interview a reminder is for.")
    def interview(self) -> Interview | None:
        return Interview(id=id_of(self.interview_id)) if self.interview_id else None

    @strawberry.field(description="The contact who registered.")
    def contact(self) -> Contact | None:
        return Contact(id=id_of(self.contact_id)) if self.contact_id else None


@strawberry.federation.type(keys=["id"], extend=False)
class User:
    id: strawberry.ID

    @strawberry.field(description="How many of your notifications are unread. Yours only.")
    async def unread_notification_count(self, info: Info) -> int | None:
        owner = parse_id(self.id)
        if owner is None or owner != info.context.require_user():
            return None
        return await info.context.loader(store.unread_counts).load(owner)


@strawberry.type(description="Whether a kind of notification also comes by e-mail.")
class NotificationPreference:
    kind: NotificationKind
    email: bool
    in_app: bool = strawberry.field(
        default=True, description="Always: every notification is in the inbox."
    )


@strawberry.type
class Query:
    # Shareable with users' `me`: the router asks for `me { unreadNotificationCount }` here at
    # once, not after users answered `me { id }`.
    @strawberry.federation.field(shareable=True, description="The signed-in user.")
    def me(self, info: Info) -> User:
        return User(id=id_of(info.context.require_user()))

    @strawberry.field(description="Your notifications, newest first (unread ones only if asked).")
    async def notifications(
        self,
        info: Info,
        unread_only: bool = False,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Notification]:
        listing = store.inbox(unread_only=unread_only)
        return await paginate(info, listing, first=first, after=after, node=Notification.from_row)

    @strawberry.field(description="Which kinds of notification also come by e-mail.")
    async def notification_preferences(self, info: Info) -> list[NotificationPreference]:
        async with info.context.reader() as session:
            chosen = await store.preferences(session)
        return [NotificationPreference(kind=kind, email=email) for kind, email in chosen.items()]


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Mark one of your notifications read.")
    async def mark_notification_read(self, info: Info, id: strawberry.ID) -> Notification:
        async with info.context.writer() as session:
            row = await store.mark_read(session, notification_id=require_id(id, "Notification"))
        return Notification.from_row(row)

    @strawberry.mutation(description="Mark all your notifications read; how many were unread.")
    async def mark_all_notifications_read(self, info: Info) -> int:
        async with info.context.writer() as session:
            return await store.mark_all_read(session)

    @strawberry.mutation(description="Turn e-mail on or off for one kind (in-app stays on).")
    async def set_notification_preference(
        self, info: Info, kind: NotificationKind, email: bool
    ) -> NotificationPreference:
        async with info.context.writer() as session:
            await store.set_preference(session, kind=kind, email=email)
        return NotificationPreference(kind=kind, email=email)


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Each new notification of yours as it arrives (interview reminders too). "
        "Over graphql-transport-ws, with the token in the Authorization header or in "
        'connectionParams: {"authorization": "Bearer <token>"}.'
    )
    async def notification_received(self, info: Info) -> AsyncGenerator[Notification, None]:
        async with info.context.subscription() as owner:
            async for message in info.context.get(PubSub).subscribe(channel(owner)):
                yield Notification.from_message(message)


schema = ServiceSchema(
    subgraph="notifications",
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    types=[Notification, Interview, Contact, User],
)
