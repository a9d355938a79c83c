"""Resolver plumbing written once: a list field as a Relay connection of a store's `Listing`
(or of a document query)."""

from collections.abc import Awaitable, Callable
from typing import TypeVar

from subgraphs.kit.context import Info
from subgraphs.kit.pagination import Connection, Pageable, asks_for_total, connection

Row = TypeVar("Row")
T = TypeVar("T")


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
    is counted in the same session, and only when the operation selects it."""
    ctx = info.context
    size = ctx.page_size(first)
    async with ctx.reader() as session:
        page = await listing.fetch(session, first=size, after=after)
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
