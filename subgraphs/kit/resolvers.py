"""Resolver plumbing written once: a list field as a Relay connection of a store's `Listing`
(or of a document query), and an entity looked up by id through the request's DataLoader."""

from collections.abc import Awaitable, Callable
from typing import TypeVar
from uuid import UUID

from subgraphs.kit.context import Fetch, Info
from subgraphs.kit.objects import parse_id
from subgraphs.kit.pagination import Connection, Page, Pageable, connection
from subgraphs.kit.selections import asks_for_total, asks_for_total_only

Row = TypeVar("Row")
T = TypeVar("T")


async def lookup(
    info: Info, id: object, fetch: "Fetch[UUID, Row]", make: Callable[[Row], T]
) -> T | None:
    """The entity `id` names, made by `make` from the row `fetch` loads (batched with every
    other lookup of this request); None when the id is not one of ours or the viewer cannot
    see the row. What `resolve_reference` and by-id query fields return."""
    key = parse_id(id)
    row = await info.context.loader(fetch).load(key) if key is not None else None
    return make(row) if row is not None else None


async def paginate(
    info: Info,
    listing: Pageable[Row],
    *,
    first: int | None,
    after: str | None,
    node: Callable[[Row], T] | None = None,
    nodes: Callable[[list[Row]], Awaitable[list[T]]] | None = None,
) -> Connection[T]:
    """A page of `listing` (a SQL `Listing` or a document query) read as the viewer, each row
    made a node by `node` (or all at once by `nodes`, e.g. through a DataLoader). `totalCount`
    is counted in the same session, and only when the operation selects it. A count alone (the
    Dashboard's "in progress" figure) reads no page, unless `after` is given: a cursor is
    checked by reading from it, and a bad one is BAD_USER_INPUT whatever is selected."""
    ctx = info.context
    size = ctx.page_size(first)
    reads_page = after is not None or not asks_for_total_only(info)
    async with ctx.reader() as session:
        page = (
            await listing.fetch(session, first=size, after=after)
            if reads_page
            else Page(rows=[], has_next=False, cursors=[])
        )
        total = await listing.total(session) if asks_for_total(info) else None

    async def count() -> int:
        if total is not None:
            return total
        async with ctx.reader() as session:
            return await listing.total(session)

    if nodes is not None:
        made = await nodes(page.rows)
    elif node is not None:
        made = [node(row) for row in page.rows]
    else:
        raise TypeError("paginate() needs node= or nodes=")
    return connection(page, made, count)
