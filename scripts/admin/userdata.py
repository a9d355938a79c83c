"""One user's data across every subgraph: the full JSON export, and finding or erasing them.

The export is written as it is read (each subgraph's `kit.export.owner_rows`, batch by batch),
so its memory does not grow with the data (`kit.export.json_chunks`, which the files subgraph's
export job writes too):

    {"format": "job-tracker-export", "version": 1, "user_id": ..., "exported_at": ...,
     "subgraphs": {"users": {"users": [...], "interests": [...]}, "applications": {...}, ...}}
"""

from typing import IO
from uuid import UUID

from subgraphs.kit import Settings
from subgraphs.kit.db import Database
from subgraphs.kit.export import json_chunks
from subgraphs.users import store as users
from subgraphs.users.models import User


async def find_user(settings: Settings, email: str) -> User | None:
    db = Database.for_subgraph(settings, "users")
    try:
        async with db.admin() as session:
            return await users.user_by_email(session, email)
    finally:
        await db.dispose()


async def write_export(settings: Settings, owner_id: UUID, output: IO[bytes]) -> int:
    """Write the owner's export to `output`; its size in bytes."""
    size = 0
    async for chunk in json_chunks(settings, owner_id):
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
