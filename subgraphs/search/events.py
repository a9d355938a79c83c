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

from subgraphs.kit import Event, Handlers, Settings
from subgraphs.search import store
from subgraphs.search.index import Entry, Kind, ready_index

handlers = Handlers(erase_on_user_deleted=False)  # user.deleted below: the index too
REBUILDABLE = True  # its tables hold only what events brought (`subgraphs.search.reindex`)


def _entry(kind: Kind, event: Event, state: dict[str, Any], public: bool,
           refs: dict[str, Any] | None = None, **fields: Any) -> Entry:  # fmt: skip
    assert event.owner_id is not None
    texts = {name: ", ".join(value) if isinstance(value, list) else value
             for name, value in fields.items() if value}  # fmt: skip
    links = {name: str(value) for name, value in (refs or {}).items() if value}
    return Entry(kind, UUID(state["id"]), event.owner_id, public, texts, links)


@handlers.on("application.created", "application.updated", "application.status_changed")
async def application_changed(session: AsyncSession, event: Event) -> None:
    assert event.sequence is not None
    a = event.payload["application"]
    entry = _entry(Kind.APPLICATION, event, a, False, company=a["company"],
                   position=a["position"], location=a.get("location"), notes=a.get("notes"),
                   status=a.get("status"))  # fmt: skip
    await store.keep(session, entry, event.sequence)


@handlers.on("application.deleted")
async def application_deleted(session: AsyncSession, event: Event) -> None:
    assert event.sequence is not None
    entity = UUID(event.payload["application_id"])
    await store.remove(session, Kind.APPLICATION, entity, event.sequence)


@handlers.on("contact.saved")
async def contact_saved(session: AsyncSession, event: Event) -> None:
    assert event.sequence is not None
    c = event.payload["contact"]
    links = {"linkedUser": c.get("linked_user_id")}
    entry = _entry(Kind.CONTACT, event, c, False, links, name=c["name"],
                   company=c.get("company"), position=c.get("position"))  # fmt: skip
    await store.keep(session, entry, event.sequence)


@handlers.on("contact.deleted")
async def contact_deleted(session: AsyncSession, event: Event) -> None:
    assert event.sequence is not None
    entity = UUID(event.payload["contact_id"])
    await store.remove(session, Kind.CONTACT, entity, event.sequence)


@handlers.on("user.registered", "user.updated")
async def user_changed(session: AsyncSession, event: Event) -> None:
    assert event.sequence is not None
    u = event.payload["user"]
    public = bool(u.get("profile_public", True))
    entry = _entry(Kind.USER, event, u, public, fullName=u["full_name"],
                   headline=u.get("headline"), skills=u.get("skills"),
                   location=u.get("location"))  # fmt: skip
    await store.keep(session, entry, event.sequence)


@handlers.on("user.deleted")
async def user_deleted(session: AsyncSession, event: Event) -> None:
    if event.owner_id is not None:
        await store.erase(session, event.owner_id)


async def reset(settings: Settings) -> int:
    """Empty the index (before a replay fills it again); kit empties `indexed`."""
    await (await ready_index(settings)).clear()
    return 0
