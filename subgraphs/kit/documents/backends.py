"""Which document store a subgraph's database goes with: MongoDB when MONGODB_URL is set, else
the database itself (its tables, its unit of work)."""

from typing import TYPE_CHECKING, Any

from subgraphs.kit.documents.model import Collection, collections_of
from subgraphs.kit.documents.port import Backend
from subgraphs.kit.documents.sql import SqlBackend

if TYPE_CHECKING:
    from subgraphs.kit.db import Database


def subgraph_collections(subgraph: str) -> list[Collection[Any]]:
    """The collections a subgraph's `models.py` declares."""
    from subgraphs.kit.migrations import metadata_of  # the CLI module: not at import time

    return collections_of(metadata_of(subgraph))


def backend_for(db: "Database") -> Backend:
    if db.documents_url:
        from subgraphs.kit.documents.mongo import MongoBackend  # PyMongo only when used

        return MongoBackend(
            db.documents_url,
            subgraph=db.subgraph,
            collections=lambda: subgraph_collections(db.subgraph),
        )
    return SqlBackend(is_sqlite=db.is_sqlite)
