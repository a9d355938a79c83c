"""Store round trips per operation do not grow with the rows returned (DEBUG_STORE_QUERIES):
`User.documents`, `Application.documents` and `_entities` of files."""

import io
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import insert

from subgraphs.files.models import FILES, KNOWN_APPLICATIONS, KnownApplication, StoredFile
from subgraphs.files.storage import storage_of
from subgraphs.kit import Collection, runtime_of, utcnow
from tests.clients import GraphQL, asgi_client
from tests.factories import sign_up
from tests.files.conftest import PDF_TYPE, pdf, sha256

USER_DOCUMENTS = """query($r: [_Any!]!) { _entities(representations: $r) { ... on User {
  resume { id } documents(first: 50) { totalCount edges { node { id fileName size downloadUrl application { id } } } } } } }"""
APPLICATION_DOCUMENTS = """query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Application { id documents { id kind fileName downloadUrl } } } }"""
FILES_QUERY = """query($r: [_Any!]!) { _entities(representations: $r) {
  ... on File { id fileName checksum application { id } } } }"""
CONTENT = pdf(1000)


async def import_files(app: Any, owner: uuid.UUID, applications: int, per_application: int):
    """Known applications and completed files, in bulk through the store's tables (SQL legs),
    all with the same contents (one object: a download link is handed out only for contents
    that have the recorded checksum); the applications' ids and the files' ids."""
    db, start = runtime_of(app).db, utcnow() - timedelta(days=1)
    key = f"{owner}/{uuid.uuid4()}"
    await storage_of(runtime_of(app)).put(key, io.BytesIO(CONTENT), content_type=PDF_TYPE)
    known = [KnownApplication(owner_id=owner, sequence=1) for _ in range(applications)]
    files = [
        StoredFile(
            owner_id=owner,
            kind="COVER_LETTER" if n % 2 else "RESUME",
            application_id=known[n % applications].id,
            file_name=f"file-{n}.pdf",
            content_type="application/pdf",
            size=len(CONTENT),
            object_key=key,
            ready=True,
            checksum=sha256(CONTENT),
            created_at=start + timedelta(seconds=n),
        )
        for n in range(applications * per_application)
    ]
    async with db.admin() as session:
        connection = await session.connection()
        await connection.execute(insert(KNOWN_APPLICATIONS.table), rows(KNOWN_APPLICATIONS, known))
        await connection.execute(insert(FILES.table), rows(FILES, files))
    return [str(k.id) for k in known], [str(f.id) for f in files]


def rows(collection: Collection[Any], documents: list[Any]) -> list[dict[str, Any]]:
    return [
        {"id": d.id, "owner_id": d.owner_id, "body": collection.body(d),
         "created_at": d.created_at, "updated_at": d.updated_at}
        for d in documents
    ]  # fmt: skip


@pytest.fixture(scope="module")
async def counting(files, users) -> AsyncIterator[dict[str, Any]]:
    """The leg's files subgraph again, on the same store, answering `extensions.storeQueries`."""
    from subgraphs.files.app import create_app

    runtime = runtime_of(files.app)
    debug = runtime.settings.model_copy(
        update={"DEBUG_STORE_QUERIES": True, "MIGRATE_ON_START": False}
    )
    app = create_app(debug, verifier=runtime.verifier)
    async with app.router.lifespan_context(app), asgi_client(app) as client:
        seeded = {}
        for applications in (5, 500):
            account = await sign_up(users, full_name=f"Owner of {applications}")
            owner = uuid.UUID(account.id)
            seeded[applications] = (account, *await import_files(app, owner, applications, 2))
        yield {"api": GraphQL(client, "/graphql"), "seeded": seeded}


async def store_queries(api: GraphQL, query: str, variables, *, token: str) -> int:
    result = await api(query, variables, token=token)
    assert result.data is not None
    return result.body["extensions"]["storeQueries"]


async def test_user_documents_cost_the_same_for_10_and_1000_files(counting):
    per_size = {}
    for size, (account, _, _) in counting["seeded"].items():
        reps = {"r": [{"__typename": "User", "id": account.id}]}
        per_size[size] = await store_queries(
            counting["api"], USER_DOCUMENTS, reps, token=account.token
        )
    # the current resume, the page, its total
    assert per_size == {5: 3, 500: 3}


async def test_application_documents_cost_the_same_for_5_and_500_applications(counting):
    per_size = {}
    for size, (account, applications, _) in counting["seeded"].items():
        reps = {"r": [{"__typename": "Application", "id": i} for i in applications]}
        result = await counting["api"](APPLICATION_DOCUMENTS, reps, token=account.token)
        assert all(len(entity["documents"]) == 2 for entity in result.data["_entities"])
        per_size[size] = result.body["extensions"]["storeQueries"]
    # the applications known to be the viewer's, then every one's documents
    assert per_size == {5: 2, 500: 2}


async def test_a_batch_of_file_references_is_one_query(counting):
    per_size = {}
    for size, (account, _, files) in counting["seeded"].items():
        reps = {"r": [{"__typename": "File", "id": i} for i in files]}
        per_size[size] = await store_queries(
            counting["api"], FILES_QUERY, reps, token=account.token
        )
    assert per_size == {5: 1, 500: 1}
