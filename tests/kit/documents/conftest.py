"""The document port's contract runs on every backend: SQLite and PostgreSQL (which fails,
never skips, when the server is down)."""

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import MetaData

from subgraphs.kit import Collection, Document
from subgraphs.kit.db import Database, ensure_database
from tests.conftest import POSTGRES_URL, RUN_ID

BACKENDS = ["sqlite", "postgres"]

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
    f"contract_notes_{RUN_ID}",
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
    if request.param == "postgres":
        url = f"{POSTGRES_URL}/jt_{RUN_ID}_documents"
        await ensure_database(url)
    else:
        path: Path = tmp_path_factory.mktemp("documents") / "contract.db"
        url = f"sqlite+aiosqlite:///{path}"
    database = Database(url, subgraph="contract")
    async with database.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield database
    await database.dispose()
