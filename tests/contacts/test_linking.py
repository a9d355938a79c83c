"""Contacts are linked to registered users by their e-mail, from the users subgraph's events:
a contact saved before its person registers is linked when they do, unlinked when they leave;
late and repeated events change nothing; no address ever leaves the users subgraph."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import dramatiq
import pytest
from sqlalchemy import select

from subgraphs.contacts.events import handlers
from subgraphs.contacts.models import CONTACTS, RegisteredUser, email_hash
from subgraphs.kit import Event, admin_documents, runtime_of
from subgraphs.kit.db import Database
from subgraphs.kit.events.broker import make_broker
from subgraphs.kit.events.consumer import Databases, consume, consumer_actor
from subgraphs.kit.events.relay import BrokerSender, Relay
from subgraphs.kit.events.replay import replay
from tests.factories import PASSWORD, create_contact, operation, sign_up, unique_email

LINKED = "query($id: ID!) { contact(id: $id) { linkedUser { id } } }"


async def linked_user(contacts, account, contact_id: str) -> str | None:
    result = await contacts(LINKED, {"id": contact_id}, token=account.token)
    user = result.data["contact"]["linkedUser"]
    return user["id"] if user else None


@pytest.fixture
async def users_db(users_app) -> Database:
    """The users store with an empty outbox (other tests leave their sign-ups behind)."""
    db = runtime_of(users_app).db
    async with db.admin() as session:
        await (await session.connection()).execute(db.event_tables.outbox.delete())
    return db


@pytest.fixture
async def deliver(settings, users_db, contacts_app) -> AsyncIterator[Any]:
    """`await deliver()`: the users outbox relayed through an in-process broker to the contacts
    consumer (kit's, on Dramatiq worker threads), and handled."""
    broker = make_broker(settings.model_copy(update={"EVENTS_MAX_RETRIES": 0}))
    databases = Databases(settings)
    consumer_actor(broker, "contacts", handlers, databases)
    worker = dramatiq.Worker(broker, worker_threads=1)
    worker.start()
    sender = BrokerSender(broker)

    async def deliver() -> int:
        sent = await Relay(users_db, sender).drain()
        await asyncio.to_thread(broker.join, "events.contacts")
        return sent

    yield deliver
    worker.stop()
    broker.close()


async def saved_events(db: Database, contact_id: str) -> list[dict[str, Any]]:
    """The contact.saved payloads of a contact still in the contacts outbox, oldest first."""
    outbox = db.event_tables.outbox
    statement = (
        select(outbox.c.body)
        .where(outbox.c.aggregate_id == contact_id, outbox.c.type == "contact.saved")
        .order_by(outbox.c.position)
    )
    async with db.admin() as session:
        rows = (await (await session.connection()).execute(statement)).scalars()
        return [row["payload"]["contact"] for row in rows]


async def test_contacts_link_when_their_person_registers_and_unlink_when_they_leave(
    users, contacts, contacts_app, deliver
):
    db = runtime_of(contacts_app).db
    ada, bob = await sign_up(users), await sign_up(users)
    address = unique_email("grace")
    before = await create_contact(contacts, ada, emails=[address])
    also = await create_contact(contacts, bob, emails=["other@example.com", address.upper()])
    assert before["linkedUser"] is None

    grace = await sign_up(users, full_name="Grace Hopper", email=address)
    await deliver()
    assert await linked_user(contacts, ada, before["id"]) == grace.id
    assert await linked_user(contacts, bob, also["id"]) == grace.id
    after = await create_contact(contacts, ada, emails=[address])  # linked at once
    assert after["linkedUser"] == {"id": grace.id}
    own = await create_contact(contacts, grace, name="Grace's own contact")
    # consumers (search) hear of the link; the contacts store knows a hash, not the address
    assert [e["linked_user_id"] for e in await saved_events(db, before["id"])] == [None, grace.id]
    async with db.admin() as session:
        row = await session.get(RegisteredUser, uuid.UUID(grace.id))
        assert row is not None and row.email_hash == email_hash(address)

    deleted = await users(operation("DeleteAccount"), {"password": PASSWORD}, token=grace.token)
    assert deleted.data == {"deleteAccount": True}
    await deliver()
    for account, contact in [(ada, before), (bob, also), (ada, after)]:
        assert await linked_user(contacts, account, contact["id"]) is None
    async with db.admin() as session:
        assert await admin_documents(session, CONTACTS).get(uuid.UUID(own["id"])) is None
        row = await session.get(RegisteredUser, uuid.UUID(grace.id))
        assert row is not None and (row.email_hash, row.deleted) == (None, True)


def user_event(
    type_: str, user_id: uuid.UUID, sequence: int, address: str | None = None, public: bool = True
) -> Event:
    if type_ == "user.deleted":
        payload: dict[str, Any] = {"user_id": str(user_id)}
    else:
        payload = {"user": {"id": str(user_id), "full_name": "Someone", "email": None,
                            "profile_public": public,
                            "email_hash": email_hash(address or "")}}  # fmt: skip
    return Event(type=type_, owner_id=user_id, aggregate_id=str(user_id), sequence=sequence,
                 payload=payload)  # fmt: skip


@pytest.fixture
async def contacts_db(contacts_app, settings) -> AsyncIterator[Database]:
    databases = Databases(settings)
    yield databases.get("contacts")
    await databases.dispose()


async def test_late_and_repeated_events_change_nothing(users, contacts, contacts_db):
    ada = await sign_up(users)
    old, new = unique_email("old"), unique_email("new")
    by_old = await create_contact(contacts, ada, emails=[old])
    by_new = await create_contact(contacts, ada, emails=[new])
    user = uuid.uuid4()
    registered = user_event("user.registered", user, 10, old)
    moved = user_event("user.updated", user, 11, new)  # their address changed
    left = user_event("user.deleted", user, 12)

    for event in (registered, registered, moved):  # a duplicate
        await consume(contacts_db, handlers, event)
    assert await linked_user(contacts, ada, by_old["id"]) is None
    assert await linked_user(contacts, ada, by_new["id"]) == str(user)
    late = user_event("user.updated", user, 9, old)  # older than what was applied
    await consume(contacts_db, handlers, late)
    assert await linked_user(contacts, ada, by_new["id"]) == str(user)

    await consume(contacts_db, handlers, left)
    assert await linked_user(contacts, ada, by_new["id"]) is None
    too_late = user_event("user.updated", user, 13, new)  # sent before the deletion was seen
    await consume(contacts_db, handlers, too_late)
    assert await linked_user(contacts, ada, by_new["id"]) is None


async def test_a_replay_publishes_every_contact_again(users, contacts, contacts_app, settings):
    """What repairs consumers after a lost event (MongoDB's window, docs/architecture/kit.md: Documents)."""
    db = runtime_of(contacts_app).db
    ada = await sign_up(users)
    made = await create_contact(contacts, ada, name="Replayed")
    count = await replay(settings, "contacts")
    assert count >= 1
    assert len(await saved_events(db, made["id"])) == 2  # created, then replayed


UPDATE_PROFILE = "mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }"


async def published_hashes(db: Database, user_id: str) -> list[str | None]:
    """The `email_hash` of each user.* profile event of a user still in the users outbox."""
    outbox = db.event_tables.outbox
    statement = (
        select(outbox.c.body)
        .where(outbox.c.aggregate_id == user_id, outbox.c.type.like("user.%"))
        .order_by(outbox.c.position)
    )
    async with db.admin() as session:
        rows = (await (await session.connection()).execute(statement)).scalars()
        return [row["payload"]["user"].get("email_hash") for row in rows]


async def test_a_private_profile_is_like_an_unregistered_address(
    users, contacts, contacts_app, users_db, deliver
):
    """Private means private: no link, the same answer as for an address nobody registered,
    and while the profile is private no hash of its e-mail leaves the users subgraph."""
    db = runtime_of(contacts_app).db
    ada = await sign_up(users)
    address, nobody = unique_email("hidden"), unique_email("nobody")
    before = await create_contact(contacts, ada, emails=[address])
    hidden = await sign_up(users, full_name="Hidden Person", email=address)
    await users(UPDATE_PROFILE, {"i": {"profilePublic": False}}, token=hidden.token)
    assert (await published_hashes(users_db, hidden.id))[-1] is None
    await deliver()

    assert await linked_user(contacts, ada, before["id"]) is None
    after = await create_contact(contacts, ada, name="Same", emails=[address])
    unregistered = await create_contact(contacts, ada, name="Same", emails=[nobody])
    assert {**after, "id": None, "emails": None} == {**unregistered, "id": None, "emails": None}
    assert after["linkedUser"] is None
    assert [e["linked_user_id"] for e in await saved_events(db, after["id"])] == [None]
    async with db.admin() as session:
        row = await session.get(RegisteredUser, uuid.UUID(hidden.id))
        assert row is None or (row.email_hash, row.deleted) == (None, False)


async def test_making_a_profile_private_unlinks_and_public_again_links(users, contacts, deliver):
    ada = await sign_up(users)
    address = unique_email("grace")
    grace = await sign_up(users, full_name="Grace Hopper", email=address)
    await deliver()
    contact = await create_contact(contacts, ada, emails=[address])
    assert contact["linkedUser"] == {"id": grace.id}  # public (the default): linked

    await users(UPDATE_PROFILE, {"i": {"profilePublic": False}}, token=grace.token)
    await deliver()
    assert await linked_user(contacts, ada, contact["id"]) is None
    await users(UPDATE_PROFILE, {"i": {"profilePublic": True}}, token=grace.token)
    await deliver()
    assert await linked_user(contacts, ada, contact["id"]) == grace.id


async def test_an_event_of_a_private_profile_links_nothing_even_with_a_hash(
    users, contacts, contacts_db
):
    """A user.* event published before hashes were withheld for private profiles."""
    ada = await sign_up(users)
    address = unique_email("old")
    contact = await create_contact(contacts, ada, emails=[address])
    user = uuid.uuid4()
    public = user_event("user.registered", user, 20, address)
    private = user_event("user.updated", user, 21, address, public=False)
    await consume(contacts_db, handlers, public)
    assert await linked_user(contacts, ada, contact["id"]) == str(user)
    await consume(contacts_db, handlers, private)
    assert await linked_user(contacts, ada, contact["id"]) is None
