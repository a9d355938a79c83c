"""Relay-style cursor connections with keyset pagination.

A cursor is the opaque, URL-safe encoding of the sort key of the row it points at, so
pages stay stable while rows are added, and each page is one indexed range query.
"""

import base64
import json
import operator
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, Protocol, TypeVar
from uuid import UUID
from weakref import WeakKeyDictionary

import orjson
import strawberry
from sqlalchemy import BigInteger, Select, bindparam, func, tuple_
from sqlalchemy.orm import InstrumentedAttribute
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from subgraphs.kit.errors import bad_input

T = TypeVar("T")
Row = TypeVar("Row")
S = TypeVar("S")


@strawberry.federation.type(shareable=True, description="Where a page ends.")
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="Rows matching the filter, on every page together.")  # type: ignore[untyped-decorator]
    async def total_count(self) -> int:
        return await self.count()


def page_size(first: int | None, *, default: int, maximum: int) -> int:
    if first is None:
        return default
    if not 1 <= first <= maximum:
        raise bad_input("first", f"first must be between 1 and {maximum}")
    return first


def encode_cursor(values: Sequence[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, datetime) else str(v) for v in values]
    return base64.urlsafe_b64encode(orjson.dumps(plain)).decode().rstrip("=")


def decode_cursor(cursor: str, keys: Sequence[Any]) -> list[Any]:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != len(keys):
            raise ValueError(cursor)
        return [_parse(key, value) for key, value in zip(keys, raw, strict=True)]
    except (ValueError, TypeError, OverflowError) as error:  # not base64, JSON, the key's shape
        raise bad_input("after", "after is not a cursor this list gave out") from error


def _parse(key: InstrumentedAttribute[Any], value: Any) -> Any:
    if not isinstance(value, str):
        raise TypeError(value)
    try:
        python_type = key.type.python_type
    except NotImplementedError:
        python_type = str
    if python_type is datetime:  # given out in UTC; a forged one may be naive or overflow
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError(value)
        return moment.astimezone(UTC)
    if python_type is UUID:
        return UUID(value)
    if python_type is int:  # within the column's range: the store refuses others (an error)
        number, bits = int(value), 64 if isinstance(key.type, BigInteger) else 32
        if not -(2 ** (bits - 1)) <= number < 2 ** (bits - 1):
            raise ValueError(value)
        return number
    return value


@dataclass(frozen=True)
class Listing(Generic[Row]):
    """What a list field shows: the rows `statement` selects, in the order of `keys` (all one
    direction, unique together), a page at a time. Built by a store, paged by `paginate`.

    `params` are the values of the statement's `bindparam`s. A store that makes its statement
    once per shape of filter (values as bindparams, `params` per call) gets its page and count
    statements made once too, with their owner-scoped forms and cache keys (kit.scoping):
    about a third less CPU per read than a statement built on every call."""

    statement: SelectOfScalar[Any]  # `sqlmodel.select(Table)...`
    keys: Sequence[Any]  # mapped attributes (`col(Table.column)`)
    descending: bool = True
    params: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def filtered(
        cls,
        statement: SelectOfScalar[Any],
        conditions: Mapping[str, Any],
        values: Mapping[str, Any],
        *,
        keys: Sequence[Any],
        descending: bool = True,
    ) -> "Listing[Row]":
        """`statement` under each of the `conditions` whose value in `values` is not None: a
        condition's bindparams are named after it and bound to that value. One statement per
        combination of conditions, made once and kept with `statement`."""
        given = {name: value for name, value in values.items() if value is not None}
        names = tuple(sorted(given))

        def made() -> SelectOfScalar[Any]:
            return statement.where(*(conditions[name] for name in names))

        # With no condition the statement itself: a derivation never refers to its statement.
        where = _derived(statement, ("where", *names), (), made) if names else statement
        return cls(where, keys=keys, descending=descending, params=given)

    def count(self) -> Select[Any]:
        """`SELECT count(*)` over the same rows (run it with `params`)."""
        return _derived(self.statement, ("count",), (), self._count)

    def _count(self) -> Select[Any]:
        return self.statement.with_only_columns(func.count(), maintain_column_froms=True)

    async def fetch(self, session: AsyncSession, *, first: int, after: str | None) -> "Page[Row]":
        return await fetch_page(session, self, first=first, after=after)

    async def total(self, session: AsyncSession) -> int:
        return await session.scalar(self.count(), params=self.params) or 0


# Statements derived from a listing's statement (its count, its page with or without a cursor),
# kept while that statement object lives: a statement a store keeps gets them made once. Each is
# kept with the sort keys it was made for, and made again for other ones.
_derivations: "WeakKeyDictionary[Any, dict[tuple[Any, ...], tuple[Sequence[Any], Any]]]" = (
    WeakKeyDictionary()
)


def _derived(
    statement: Any, kind: tuple[Any, ...], keys: Sequence[Any], make: Callable[[], S]
) -> S:
    made = _derivations.get(statement)
    if made is None:
        made = _derivations[statement] = {}
    known = made.get(kind)
    if known is not None and len(known[0]) == len(keys) and all(map(operator.is_, known[0], keys)):
        derived: S = known[1]
        return derived
    derived = make()
    made[kind] = (tuple(keys), derived)
    return derived


LIMIT = "kit_page_limit"  # the page statement's bound parameters: the rows to read, and the
AFTER = "kit_page_after_{}"  # cursor's values, one per key


@dataclass
class Page(Generic[Row]):
    rows: list[Row]
    has_next: bool
    cursors: list[str]


class Pageable(Protocol[Row]):
    """What `paginate` pages: a SQL `Listing`, or a document query (`kit.documents`)."""

    async def fetch(
        self, session: AsyncSession, *, first: int, after: str | None
    ) -> "Page[Row]": ...

    async def total(self, session: AsyncSession) -> int: ...


async def fetch_page(
    session: AsyncSession, listing: Listing[Row], *, first: int, after: str | None
) -> Page[Row]:
    """One page of `listing`, starting after the row the cursor `after` points at."""
    keys, descending = listing.keys, listing.descending
    params = {**listing.params, LIMIT: first + 1}
    if after is not None:
        params.update((AFTER.format(i), v) for i, v in enumerate(decode_cursor(after, keys)))
    kind = ("page", after is not None, descending)
    statement = _derived(
        listing.statement, kind, keys, lambda: _page(listing.statement, keys, descending, after)
    )
    rows: list[Row] = list(await session.exec(statement, params=params))
    page = rows[:first]
    cursors = [encode_cursor([getattr(row, key.key) for key in keys]) for row in page]
    return Page(rows=page, has_next=len(rows) > first, cursors=cursors)


def _page(statement: Any, keys: Sequence[Any], descending: bool, after: str | None) -> Any:
    """`statement` ordered by `keys`, `LIMIT :kit_page_limit`, and after a cursor if given."""
    if after is not None:
        bound = tuple_(*(bindparam(AFTER.format(i), type_=k.type) for i, k in enumerate(keys)))
        position = tuple_(*keys)
        statement = statement.where(position < bound if descending else position > bound)
    order = [key.desc() if descending else key.asc() for key in keys]
    return statement.order_by(*order).limit(bindparam(LIMIT))


def connection(
    page: Page[Row], nodes: Sequence[T], count: Callable[[], Awaitable[int]]
) -> Connection[T]:
    """The Relay connection of `page`, whose rows became `nodes` (one each, same order)."""
    edges = [Edge(cursor=c, node=n) for n, c in zip(nodes, page.cursors, strict=True)]
    info = PageInfo(
        has_next_page=page.has_next, end_cursor=page.cursors[-1] if page.cursors else None
    )
    return Connection(edges=edges, page_info=info, count=count)
