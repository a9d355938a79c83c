"""What the analytics read model holds for an owner (its facts, deleted ones left out)."""

import uuid

from sqlmodel import col, select

from subgraphs.analytics.models import ApplicationFact
from subgraphs.kit.db import Database


async def facts_of(db: Database, owner: uuid.UUID) -> list[ApplicationFact]:
    async with db.reader(owner=owner) as session:
        statement = select(ApplicationFact).where(col(ApplicationFact.deleted).is_(False))
        return list(await session.exec(statement))
