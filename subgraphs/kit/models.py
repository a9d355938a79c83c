"""What every subgraph's `models.py` starts from: its own table registry and common columns."""

from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from subgraphs.kit.db import UTCDateTime, utcnow


def table_base() -> type[SQLModel]:
    """A base class whose tables go to a metadata of their own (one per subgraph)."""

    class Table(SQLModel, registry=registry()):
        pass

    return Table


def id_field() -> UUID:
    return Field(default_factory=uuid4, primary_key=True)


def timestamp_field(*, index: bool = False) -> datetime:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=index)
