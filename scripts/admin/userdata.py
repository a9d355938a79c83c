"""One user's data across every subgraph: the full JSON export, and finding or erasing them.

The export is written as it is read (each subgraph's `kit.export.owner_rows`, batch by batch),
so its memory does not grow with the data:

    {"format": "job-tracker-export", "version": 1, "user_id": ..., "exported_at": ...,
     "subgraphs": {"users": {"users": [...], "interests": [...]}, "applications": {...}, ...}}
"""

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import IO
from uuid import UUID

import orjson

from subgraphs.kit import Settings
from subgraphs.kit.db import Database
from subgraphs.kit.export import owner_rows
from subgraphs.kit.registry import subgraph_names
from subgraphs.users import store as users
from subgraphs.users.models import User

FORMAT, VERSION = "job-tracker-export", 1


def _json(value: object) -> bytes:
    return orjson.dumps(value, default=str)


async def find_user(settings: Settings, email: str) -> User | None:
    db = Database.for_subgraph(settings, "users")
    try:
        async with db.admin() as session:
            return await users.user_by_email(session, email)
    finally:
        await db.dispose()


async def chunks(settings: Settings, owner_id: UUID) -> AsyncIterator[bytes]:
    """The owner's full export, as pieces of one JSON document."""
    head = {
        "format": FORMAT,
        "version": VERSION,
        "user_id": str(owner_id),
        "exported_at": datetime.now(UTC).isoformat(),
    }
    yield _json(head)[:-1] + b',"subgraphs":{'
    for n, name in enumerate(subgraph_names()):
        yield (b"," if n else b"") + _json(name) + b":{"
        db, table = Database.for_subgraph(settings, name), None
        try:
            async for kind, row in owner_rows(db, owner_id):
                if kind != table:
                    yield (b"]," if table else b"") + _json(kind) + b":["
                    table = kind
                    yield _json(row)
                else:
                    yield b"," + _json(row)
        finally:
            await db.dispose()
        yield (b"]}" if table else b"}")
    yield b"}}\n"


async def write_export(settings: Settings, owner_id: UUID, output: IO[bytes]) -> int:
    """Write the owner's export to `output`; its size in bytes."""
    size = 0
    async for chunk in chunks(settings, owner_id):
        output.write(chunk)
        size += len(chunk)
    return size


async def erase(settings: Settings, email: str) -> UUID | None:
    """Erase the account (users store) and publish `user.deleted`: the running system's relay
    delivers it, and every subgraph erases the owner's rows."""
    db = Database.for_subgraph(settings, "users")
    try:
        async with db.admin() as session:
            user = await users.user_by_email(session, email)
            if user is None:
                return None
            await users.erase_account(session, user)
            return user.id
    finally:
        await db.dispose()
