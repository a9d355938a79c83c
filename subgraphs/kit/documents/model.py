"""What a subgraph declares in its `models.py`: the shape of its documents, and each collection.

    class Contact(ContactFields, Document):              # a pydantic model: the shape
        email_hashes: list[str] = []

    CONTACTS = Collection("contacts", Contact, metadata=metadata,
                          text=("name", "company", "position"), keys=("email_hashes",))

A document is its id, its owner, two timestamps the port keeps, and a body: every other field,
stored as JSON. `text` fields can be searched (case-insensitive substring); `keys` can be matched
(`Where(equal=...)`, `Where(any_of=...)`; a list field matches when it holds the value) and are
indexed for it. In a SQL store a collection is a table of the subgraph's own metadata, so its
Alembic history creates it like any other table.
"""

import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from uuid import UUID, uuid4

from pydantic import BaseModel, Field
from sqlalchemy import JSON, Column, Index, MetaData, Table, Uuid
from sqlalchemy.dialects.postgresql import JSONB

from subgraphs.kit.db import UTCDateTime, utcnow

if TYPE_CHECKING:
    from subgraphs.kit.documents.port import DocumentQuery

COLLECTIONS = "documents.collections"  # metadata.info: the collections declared in it
BODY = JSON().with_variant(JSONB(), "postgresql")


def now() -> datetime:
    """Now in UTC, to the millisecond: what every backend keeps (MongoDB stores milliseconds)."""
    moment = utcnow()
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


class Document(BaseModel):
    """A stored document: subclass it with the body's fields. The port sets `owner_id` (from
    the handle it is put through) and `updated_at`; `id` and `created_at` are made with it."""

    id: UUID = Field(default_factory=uuid4)
    owner_id: UUID | None = None
    created_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)


RESERVED = frozenset(Document.model_fields)
D = TypeVar("D", bound=Document)
Value = str | bool | UUID | None  # what a key is matched against


@dataclass(frozen=True)
class Where:
    """Which documents: every condition given holds (nothing given: all of the handle's)."""

    equal: Mapping[str, Value] = field(default_factory=dict)  # key field is (or holds) the value
    any_of: Mapping[str, Sequence[Value]] = field(default_factory=dict)  # ... one of the values
    text: str | None = None  # a case-insensitive substring of one of `text_fields`
    text_fields: Sequence[str] | None = None  # default: every `text` field of the collection
    owners: Sequence[UUID] | None = None  # only these owners' (an admin handle's batch lookups)


class Collection(Generic[D]):
    """A kind of document of one subgraph: its name (table or MongoDB collection), its model,
    the fields searched as text and the key fields matched by value."""

    def __init__(
        self,
        name: str,
        model: type[D],
        *,
        metadata: MetaData,
        text: Sequence[str] = (),
        keys: Sequence[str] = (),
    ) -> None:
        for name_ in (*text, *keys):
            if name_ not in model.model_fields or name_ in RESERVED:
                raise ValueError(f"{model.__name__} has no body field {name_!r}")
        self.name = name
        self.model = model
        self.text = tuple(text)
        self.keys = tuple(keys)
        self.lists = frozenset(k for k in keys if _is_list(model.model_fields[k].annotation))
        self.table = _table(metadata, name)
        metadata.info.setdefault(COLLECTIONS, {})[name] = self

    def body(self, document: D) -> dict[str, Any]:
        """The fields stored as the body, JSON-ready."""
        return document.model_dump(mode="json", exclude=set(RESERVED))

    def load(self, body: Mapping[str, Any], **reserved: Any) -> D:
        """A document from its stored body and reserved fields (id, owner_id, timestamps)."""
        return self.model.model_validate({**body, **reserved})

    def check(self, where: Where) -> None:
        """Refuse conditions on fields that are not declared (and so not indexed) for it."""
        for name_ in (*where.equal, *where.any_of):
            if name_ not in self.keys:
                raise ValueError(f"{name_!r} is not a key of the {self.name} collection")
        for name_ in where.text_fields or ():
            if name_ not in self.text:
                raise ValueError(f"{name_!r} is not a text field of the {self.name} collection")

    def query(self, where: Where | None = None) -> "DocumentQuery[D]":
        """What a list field shows: for `paginate`, like a SQL `Listing` (newest first)."""
        from subgraphs.kit.documents.port import DocumentQuery

        return DocumentQuery(self, where or Where())


def collections_of(metadata: MetaData) -> list[Collection[Any]]:
    """The collections declared in a subgraph's metadata."""
    return list(metadata.info.get(COLLECTIONS, {}).values())


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_is_list(arg) for arg in typing.get_args(annotation))
    return typing.get_origin(annotation) in (list, tuple, set, frozenset)


def _table(metadata: MetaData, name: str) -> Table:
    """A collection's SQL table. PostgreSQL: a JSONB body with a GIN index (jsonb_path_ops)
    that key lookups use; SQLite: a JSON body (lookups scan, fine at an embedded scale)."""
    return Table(
        name,
        metadata,
        Column("id", Uuid, primary_key=True),
        Column("owner_id", Uuid, nullable=False),
        Column("body", BODY, nullable=False),
        Column("created_at", UTCDateTime, nullable=False),
        Column("updated_at", UTCDateTime, nullable=False),
        Index(f"ix_{name}_owner_created", "owner_id", "created_at", "id"),
        Index(
            f"ix_{name}_body",
            "body",
            postgresql_using="gin",
            postgresql_ops={"body": "jsonb_path_ops"},
        ).ddl_if(dialect="postgresql"),
    )
