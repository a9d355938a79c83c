"""Where contacts are kept: the subgraph's own SQL store by default; with MONGODB_URL, MongoDB,
a store of its own that /health/ready reports (no MongoDB server runs here: it is down). The
rate limits of e-mail lookups are a store too."""

from subgraphs.contacts.app import create_app
from subgraphs.kit import runtime_of

NOWHERE = "mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=200"  # nothing listens on port 9


async def test_by_default_contacts_live_in_the_subgraphs_database(contacts_app):
    runtime = runtime_of(contacts_app)
    assert [store.name for store in runtime.stores] == ["database", "rate limits"]
    assert runtime.db.documents.own_server is False


async def test_with_mongodb_url_readiness_reports_the_document_store(settings):
    app = create_app(settings.model_copy(update={"MONGODB_URL": NOWHERE}))
    runtime = runtime_of(app)
    assert [store.name for store in runtime.stores] == ["database", "documents", "rate limits"]
    assert runtime.stores[1] is runtime.db.documents
    readiness = await runtime.readiness()
    assert readiness == {"database": "up", "documents": "down", "rate limits": "up"}
    await runtime.db.dispose()  # the MongoDB client with it
    await runtime.db.documents.dispose()  # twice is fine
