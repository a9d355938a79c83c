"""What the search subgraph consumes (it publishes nothing): the owning subgraphs' events,
whose fat payloads carry every indexed field, so it never asks them anything.

    application.created, .updated, .status_changed   company, position, location, notes,
                                                     status (the owner's only)
    application.deleted                              removed
    contact.saved                                    name, company, position (the owner's only);
                                                     its linked user's id kept, not searched
    contact.deleted                                  removed
    user.registered, user.updated                    full name, headline, skills, location;
                                                     found by everyone while `profile_public`,
                                                     by its owner only otherwise
    user.deleted                                     every entry of that owner removed, and
                                                     kit erases their rows

Each event applies only if it is the newest of its entity (`store.claim`). Rebuilding:
`scripts/task search:reindex` empties the index (`reset`, called by kit's replay tool with
`--reset search`) and publishes the three producers' aggregates again.
"""

from typing import Any
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit import Event, Handlers, Reads, Settings
from subgraphs.search import store
from subgraphs.search.index import Entry, Kind, ready_index
from subgraphs.search.settings import SearchSettings

handlers = Handlers(erase_on_user_deleted=False)  # user.deleted below: the index too
REBUILDABLE = True  # its tables hold only what events brought (`subgraphs.search.reindex`)


def _entry(kind: Kind, event: Event, id: UUID, public: bool,
           refs: dict[str, Any] | None = None, **fields: Any) -> Entry:  # fmt: skip
    assert event.owner_id is not None
    texts = {name: ", ".join(value) if isinstance(value, list) else value
             for name, value in fields.items() if value}  # fmt: skip
    links = {name: str(value) for name, value in (refs or {}).items() if value}
    return Entry(kind, id, event.owner_id, public, texts, links)


class Application(Reads):
    id: UUID
    company: str
    position: str
    location: str | None = None
    notes: str | None = None
    status: str | None = None


class ApplicationChanged(Reads):
    application: Application


class ApplicationDeleted(Reads):
    application_id: UUID


class Contact(Reads):
    id: UUID
    name: str
    company: str | None = None
    position: str | None = None
    linked_user_id: UUID | None = None


class ContactSaved(Reads):
    contact: Contact


class ContactDeleted(Reads):
    contact_id: UUID


class Profile(Reads):
    id: UUID
    full_name: str
    headline: str | None = None
    skills: list[str] | None = None
    location: str | None = None
    profile_public: bool = True


class UserChanged(Reads):
    user: Profile


@handlers.on(
    "application.created", "application.updated", "application.status_changed",
    reads=ApplicationChanged,
)  # fmt: skip
async def application_changed(
    session: AsyncSession, event: Event, payload: ApplicationChanged
) -> None:
    assert event.sequence is not None
    a = payload.application
    entry = _entry(Kind.APPLICATION, event, a.id, False, company=a.company,
                   position=a.position, location=a.location, notes=a.notes,
                   status=a.status)  # fmt: skip
    await store.keep(session, entry, event.sequence)


@handlers.on("application.deleted", reads=ApplicationDeleted)
async def application_deleted(
    session: AsyncSession, event: Event, payload: ApplicationDeleted
) -> None:
    assert event.sequence is not None
    await store.remove(session, Kind.APPLICATION, payload.application_id, event.sequence)


@handlers.on("contact.saved", reads=ContactSaved)
async def contact_saved(session: AsyncSession, event: Event, payload: ContactSaved) -> None:
    assert event.sequence is not None
    c = payload.contact
    links = {"linkedUser": c.linked_user_id}
    entry = _entry(Kind.CONTACT, event, c.id, False, links, name=c.name,
                   company=c.company, position=c.position)  # fmt: skip
    await store.keep(session, entry, event.sequence)


@handlers.on("contact.deleted", reads=ContactDeleted)
async def contact_deleted(session: AsyncSession, event: Event, payload: ContactDeleted) -> None:
    assert event.sequence is not None
    await store.remove(session, Kind.CONTACT, payload.contact_id, event.sequence)


@handlers.on("user.registered", "user.updated", reads=UserChanged)
async def user_changed(session: AsyncSession, event: Event, payload: UserChanged) -> None:
    assert event.sequence is not None
    u = payload.user
    entry = _entry(Kind.USER, event, u.id, u.profile_public, fullName=u.full_name,
                   headline=u.headline, skills=u.skills, location=u.location)  # fmt: skip
    await store.keep(session, entry, event.sequence)


@handlers.on("user.deleted")
async def user_deleted(session: AsyncSession, event: Event) -> None:
    if event.owner_id is not None:
        await store.erase(session, event.owner_id)


async def reset(settings: Settings) -> int:
    """Empty the index (before a replay fills it again); kit empties `indexed`."""
    await (await ready_index(SearchSettings.of(settings))).clear()
    return 0
