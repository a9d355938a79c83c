"""The search index port: what the search subgraph needs of a full-text engine, and the types
both backends (SQLite FTS5, Meilisearch) speak. `tests/search/test_contract.py` holds them to
the same promises.

An `Entry` is one searchable thing (an application, a contact, a profile): its key, its owner,
whether everyone may find it, its text fields by the owning entity's GraphQL field names, and
the ids of entities it links to (`refs`, kept but never searched). A search is always for a
viewer: it finds the viewer's own entries and public ones, never another owner's private ones
(the backend applies that filter on every query). Each hit comes back with the entry's fields
and refs as indexed, so the search subgraph can answer them itself (`@provides`).
"""

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, runtime_checkable
from uuid import UUID


class Kind(StrEnum):
    APPLICATION = "application"
    CONTACT = "contact"
    USER = "user"


# Every text field an entry may have: the owning entity's GraphQL field name.
FIELDS = (
    "company", "position", "location", "notes", "status", "name", "fullName", "headline",
    "skills",
)  # fmt: skip
# Every link an entry may keep: the owning entity's GraphQL field name, the linked entity's id.
REFS = ("linkedUser",)

# Marks around a match in the text a backend answers; taken out of indexed text first, so
# nothing a user writes can fake a match.
MARK_START, MARK_END = "\ue000", "\ue001"
ELLIPSIS = "…"
SNIPPET_WORDS = 24  # a highlight shows this many words around its matches
MAX_TERMS = 10  # words of a query that are searched for


@dataclass(frozen=True)
class Entry:
    kind: Kind
    id: UUID
    owner_id: UUID
    public: bool
    fields: Mapping[str, str]  # by FIELDS name; empty or missing ones are left out
    refs: Mapping[str, str] = field(default_factory=dict)  # by REFS name: an id, or left out

    @property
    def key(self) -> str:
        """Unique across kinds, and a valid Meilisearch document id."""
        return f"{self.kind.value}-{self.id}"


@dataclass(frozen=True)
class Fragment:
    text: str
    matched: bool


@dataclass(frozen=True)
class Highlight:
    field: str
    fragments: tuple[Fragment, ...]

    @property
    def snippet(self) -> str:
        return "".join(fragment.text for fragment in self.fragments)


@dataclass(frozen=True)
class Hit:
    kind: Kind
    id: UUID
    highlights: tuple[Highlight, ...]
    fields: Mapping[str, str] = field(default_factory=dict)  # as indexed; empty ones left out
    refs: Mapping[str, str] = field(default_factory=dict)


@runtime_checkable
class SearchIndex(Protocol):
    """A full-text index of entries. Writes are idempotent (a put replaces, a delete of what
    is not there is fine); each returns once what it did is visible to searches."""

    name: str  # how /health/ready names it

    async def migrate(self) -> None: ...
    async def ping(self) -> None: ...
    async def dispose(self) -> None: ...

    async def put(self, entry: Entry) -> None:
        """Add or replace the entry with this kind and id."""

    async def delete(self, kind: Kind, id: UUID) -> None: ...

    async def delete_owner(self, owner_id: UUID) -> None:
        """Every entry of this owner (an erased account)."""

    async def clear(self) -> None:
        """Every entry (before a reindex)."""

    async def search(
        self, query: str, *, viewer: UUID, kinds: Sequence[Kind], limit: int
    ) -> list[Hit]:
        """The best `limit` entries of `kinds` matching every word of `query` (the last ones
        as prefixes), that are the viewer's or public; each with its matched fields."""


_MARKS = re.compile(f"[{MARK_START}{MARK_END}]")
_WORD = re.compile(r"\w+")


def clean(text: str | None) -> str:
    """Text as indexed: NFC, no match marks."""
    return _MARKS.sub("", unicodedata.normalize("NFC", text or ""))


def kept(values: Mapping[str, object], names: Sequence[str]) -> dict[str, str]:
    """The non-empty ones of `names` in what a backend read back (a hit's fields or refs)."""
    return {name: str(values[name]) for name in names if values.get(name)}


def terms(query: str) -> list[str]:
    """The words of a query (letters and digits; everything else separates them)."""
    return _WORD.findall(unicodedata.normalize("NFC", query).lower())[:MAX_TERMS]


def highlight(field: str, marked: str) -> Highlight | None:
    """A field's text with match marks as a highlight; None when nothing in it matched."""
    if MARK_START not in marked:
        return None
    fragments: list[Fragment] = []
    for index, part in enumerate(re.split(f"({MARK_START}[^{MARK_END}]*{MARK_END})", marked)):
        if not part:
            continue
        matched = index % 2 == 1
        text = part.strip(MARK_START + MARK_END) if matched else part
        if fragments and fragments[-1].matched == matched:
            text = fragments.pop().text + text
        fragments.append(Fragment(text, matched))
    return Highlight(field, tuple(fragments))
