"""The document port's contract runs on every backend available: SQLite and PostgreSQL always
(the PostgreSQL one fails, never skips, when the server is down), MongoDB only when MONGODB_URL
is set (no MongoDB server can run on this machine, so CI does not run that leg)."""

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import MetaData

from subgraphs.kit import Collection, Document
from subgraphs.kit.db import Database
from subgraphs.kit.documents.mongo import MongoBackend
from subgraphs.kit.postgres import ensure_database
from tests.conftest import POSTGRES_URL, RUN_ID

MONGODB_URL = os.environ.get("MONGODB_URL")
BACKENDS = ["sqlite", "postgres", "mongodb"]

metadata = MetaData()


class Note(Document):
    """A document with one field of each kind the port handles."""

    title: str
    company: str | None = None
    tags: list[str] = []
    kind: str = "note"
    ref: uuid.UUID | None = None
    pinned: bool = False
    extra: dict[str, list[int]] = {}


NOTES = Collection(
    f"contract_notes_{RUN_ID}",  # MongoDB: a collection of this run's own, dropped after
    Note,
    metadata=metadata,
    text=("title", "company"),
    keys=("tags", "kind", "ref", "pinned"),
)


@pytest.fixture(scope="module", params=BACKENDS)
async def db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, _postgres_cleanup
) -> AsyncIterator[Database]:
    """A fresh store with the notes collection, on each backend."""
    backend = request.param
    if backend == "mongodb" and not MONGODB_URL:
        pytest.skip("MongoDB leg: set MONGODB_URL (no MongoDB server runs in CI)")
    if backend == "postgres":
        url = f"{POSTGRES_URL}/jt_{RUN_ID}_documents"
        await ensure_database(url)
    else:  # SQLite: the embedded profile's store (MongoDB keeps its SQL store there too)
        path: Path = tmp_path_factory.mktemp("documents") / "contract.db"
        url = f"sqlite+aiosqlite:///{path}"
    database = Database(url, subgraph="contract")
    async with database.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    if backend == "mongodb":
        assert MONGODB_URL is not None
        mongo = MongoBackend(
            MONGODB_URL, subgraph=f"contract_{RUN_ID}", collections=lambda: [NOTES]
        )
        database.documents = mongo
        await mongo.migrate()
    yield database
    if backend == "mongodb":
        await mongo.database.drop_collection(NOTES.name)
    await database.dispose()
