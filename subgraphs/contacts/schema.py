"""Contacts subgraph schema: the `Contact` entity, its mutations, `User.contacts`."""

from datetime import datetime
from uuid import UUID

import strawberry

from subgraphs.contacts import models, store
from subgraphs.contacts.settings import ContactsSettings
from subgraphs.contacts.store import ContactFilter
from subgraphs.kit import (
    Connection,
    Info,
    RateLimits,
    Rule,
    ServiceSchema,
    bad_input,
    from_row,
    id_of,
    paginate,
    parse_id,
    partial_input,
    require_id,
    validate,
)

QUERY_MAX = 200


@strawberry.type(description="A link to one of the contact's profiles elsewhere.")
class ContactLink:
    label: str
    url: str


@strawberry.federation.type(keys=["id"], extend=False)
class User:
    id: strawberry.ID

    @strawberry.field(
        description="The user's contacts, newest first. Null for anyone but the viewer."
    )
    async def contacts(
        self,
        info: Info,
        filter: "ContactFilterInput | None" = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection["Contact"] | None:
        if parse_id(self.id) != info.context.require_user():
            return None
        return await list_contacts(info, filter, first, after)


@strawberry.federation.type(keys=["id"], description="Someone you keep in touch with.")
class Contact:
    id: strawberry.ID
    name: str
    position: str | None
    company: str | None
    emails: list[str]
    phones: list[str]
    social_links: list[ContactLink]
    notes: str | None
    created_at: datetime
    updated_at: datetime
    linked_user_id: strawberry.Private[UUID | None]

    @classmethod
    def from_document(cls, contact: models.Contact) -> "Contact":
        links = [ContactLink(label=link.label, url=link.url) for link in contact.social_links]
        return from_row(
            cls,
            contact,
            emails=list(contact.emails),
            phones=list(contact.phones),
            social_links=links,
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "Contact | None":
        contact_id = parse_id(id)
        if contact_id is None:
            return None
        found = await info.context.loader(store.contacts_by_id).load(contact_id)
        return cls.from_document(found) if found else None

    @strawberry.field(
        description="The registered user one of its e-mails belongs to, if their profile is "
        "public (`profilePublic`): their public profile, as the users subgraph shows it to you. "
        "Null for a private profile, as for an address nobody registered."
    )
    def linked_user(self) -> User | None:
        return User(id=id_of(self.linked_user_id)) if self.linked_user_id else None


@strawberry.input
class ContactFilterInput:
    query: str | None = strawberry.field(
        default=None, description="In name, company or position, any case."
    )


@strawberry.input
class ContactLinkInput:
    label: str
    url: str = strawberry.field(description="An http(s) URL.")


@strawberry.input
class CreateContactInput:
    name: str
    position: str | None = None
    company: str | None = None
    emails: list[str] = strawberry.field(
        default_factory=list, description=f"At most {models.LIST_MAX}; each kept once."
    )
    phones: list[str] = strawberry.field(
        default_factory=list, description=f"At most {models.LIST_MAX}."
    )
    social_links: list[ContactLinkInput] = strawberry.field(
        default_factory=list, description=f"At most {models.LIST_MAX}."
    )
    notes: str | None = None


UpdateContactInput = partial_input(
    CreateContactInput,
    name="UpdateContactInput",
    description="Only the fields given change; a list given replaces the whole list.",
)


def _filter(given: ContactFilterInput | None) -> ContactFilter:
    query = given.query if given is not None else None
    if query is not None and len(query) > QUERY_MAX:
        raise bad_input("query", f"query must be at most {QUERY_MAX} characters")
    return ContactFilter(query=(query or "").strip() or None)


async def list_contacts(
    info: Info, filter: ContactFilterInput | None, first: int | None, after: str | None
) -> Connection[Contact]:
    query = store.contacts(_filter(filter))
    return await paginate(info, query, first=first, after=after, node=Contact.from_document)


def _lookups(info: Info) -> store.Lookups:
    """Spends the viewer's budget of e-mails looked up among registered users, as any lookup by
    e-mail is limited (RATE_LIMIT_CONTACT_EMAILS)."""
    user = str(info.context.require_user())
    settings = ContactsSettings.of(info.context.settings)
    rule = Rule("contact-emails/user", settings.RATE_LIMIT_CONTACT_EMAILS)
    limits = info.context.get(RateLimits)

    async def spend(count: int) -> None:
        if count:
            await limits.hit(rule, user, cost=count)

    return spend


@strawberry.type
class Query:
    @strawberry.field(description="The viewer's contacts, newest first.")
    async def contacts(
        self,
        info: Info,
        filter: ContactFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Contact]:
        return await list_contacts(info, filter, first, after)

    @strawberry.field(description="One of the viewer's contacts; null when it is not theirs.")
    async def contact(self, info: Info, id: strawberry.ID) -> Contact | None:
        return await Contact.resolve_reference(info, id)


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def create_contact(self, info: Info, input: CreateContactInput) -> Contact:
        data = validate(models.ContactFields, input)
        async with info.context.writer() as session:
            contact = await store.create_contact(session, data=data, lookups=_lookups(info))
        return Contact.from_document(contact)

    @strawberry.mutation
    async def update_contact(
        self,
        info: Info,
        id: strawberry.ID,
        input: UpdateContactInput,  # type: ignore[valid-type]
    ) -> Contact:
        changes = validate(models.ContactUpdate, input)
        async with info.context.writer() as session:
            contact = await store.update_contact(
                session,
                contact_id=require_id(id, "Contact"),
                changes=changes,
                lookups=_lookups(info),
            )
        return Contact.from_document(contact)

    @strawberry.mutation(description="Delete a contact; answers its id.")
    async def delete_contact(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        async with info.context.writer() as session:
            await store.delete_contact(session, contact_id=require_id(id, "Contact"))
        return id


schema = ServiceSchema(subgraph="contacts", query=Query, mutation=Mutation, types=[Contact, User])
