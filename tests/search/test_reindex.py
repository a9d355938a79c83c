"""`scripts/task search:reindex`: the index emptied, then rebuilt from what the applications,
contacts and users stores hold now (their aggregates published again through the outbox)."""

import uuid

from sqlalchemy import select

from subgraphs.kit import Event, runtime_of
from subgraphs.kit.events.consumer import consume
from subgraphs.kit.events.replay import replay, reset
from subgraphs.search.events import handlers
from tests.factories import create_application, create_contact, sign_up
from tests.search.test_search import found


async def feed(producer_app, search_db, owner: str) -> None:
    """What the relay and the consumer would do: the producer's outbox events of `owner`, in
    outbox order, handled by the search consumer (each once)."""
    db = runtime_of(producer_app).db
    outbox = db.event_tables.outbox
    async with db.admin() as session:
        rows = await (await session.connection()).execute(
            select(outbox).where(outbox.c.owner_id == uuid.UUID(owner)).order_by(outbox.c.position)
        )
        events = [Event.decode(r.body).model_copy(update={"sequence": r.position}) for r in rows]
    for event in events:
        await consume(search_db, handlers, event)


async def test_reindex_rebuilds_from_the_owning_stores(
    users, users_app, applications, applications_app, contacts, contacts_app, search, search_app,
    settings,
):  # fmt: skip
    me = await sign_up(users, full_name="Rebecca Reindexer")
    made = await create_application(applications, me, company="Reindex Ltd")
    contact = await create_contact(contacts, me, name="Reindex Contact")
    search_db = runtime_of(search_app).db
    producers = (applications_app, contacts_app, users_app)
    for producer in producers:
        await feed(producer, search_db, me.id)
    everything = {made["id"], contact["id"], me.id}
    assert set(await found(search, me, "reindex")) == everything

    assert await reset(runtime_of(search_app).settings, "search") >= 3  # `indexed` rows
    assert await found(search, me, "reindex") == []
    for producer in ("applications", "contacts", "users"):
        assert await replay(settings, producer) >= 1
    for producer in producers:
        await feed(producer, search_db, me.id)
    assert set(await found(search, me, "reindex")) == everything
