"""Documents in the subgraph's own SQL store (SQLite, PostgreSQL): one table per collection,
written in the session's unit of work, so an event published with a write commits with it.

A body is JSON (JSONB on PostgreSQL). Key matches are JSONB containment on PostgreSQL (`@>`,
which the collection's GIN index serves) and `json_extract`/`json_each` on SQLite; text search
is `lower(field) LIKE %needle%` (kit gives SQLite a Unicode `lower`, as PostgreSQL has).
"""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Row,
    delete,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    true,
    tuple_,
    type_coerce,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit.documents.model import Collection, Value, Where
from subgraphs.kit.documents.port import Scope, T
from subgraphs.kit.pagination import Page, encode_cursor
from subgraphs.kit.scoping import ScopeViolation


class SqlBackend:
    """The document store of a `Database`: its data lives in that database, so there is no
    server of its own to migrate (Alembic does), ping or dispose."""

    name = "documents"
    own_server = False

    def __init__(self, *, is_sqlite: bool) -> None:
        self.is_sqlite = is_sqlite

    async def get_many(
        self, scope: Scope, collection: Collection[T], ids: Sequence[UUID]
    ) -> list[T]:
        table = collection.table
        statement = select(table).where(table.c.id.in_(ids), *_owner(scope, collection))
        rows = (await _execute(scope, statement)).all()
        return [_load(collection, row) for row in rows]

    async def put(self, scope: Scope, collection: Collection[T], document: T) -> None:
        table = collection.table
        insert = sqlite.insert(table) if self.is_sqlite else postgresql.insert(table)
        statement = insert.values(
            id=document.id,
            owner_id=document.owner_id,
            body=collection.body(document),
            created_at=document.created_at,
            updated_at=document.updated_at,
        )
        new = statement.excluded
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.id],
            set_={"body": new.body, "created_at": new.created_at, "updated_at": new.updated_at},
            where=table.c.owner_id == new.owner_id,
        )
        result = await _execute(scope, statement)
        if result.rowcount != 1:  # the id is another owner's: the WHERE refused the update
            raise ScopeViolation(f"a {collection.name} document of another owner")

    async def delete(self, scope: Scope, collection: Collection[Any], id: UUID) -> bool:
        table = collection.table
        statement = delete(table).where(table.c.id == id, *_owner(scope, collection))
        result = await _execute(scope, statement)
        return bool(result.rowcount)

    async def page(
        self,
        scope: Scope,
        collection: Collection[T],
        where: Where,
        *,
        first: int,
        after: tuple[datetime, UUID] | None,
    ) -> Page[T]:
        table = collection.table
        conditions = self._conditions(scope, collection, where)
        if after is not None:
            conditions.append(tuple_(table.c.created_at, table.c.id) < tuple_(*after))
        statement = (
            select(table)
            .where(*conditions)
            .order_by(table.c.created_at.desc(), table.c.id.desc())
            .limit(first + 1)
        )
        rows = (await _execute(scope, statement)).all()
        documents = [_load(collection, row) for row in rows[:first]]
        cursors = [encode_cursor([d.created_at, d.id]) for d in documents]
        return Page(rows=documents, has_next=len(rows) > first, cursors=cursors)

    async def count(self, scope: Scope, collection: Collection[Any], where: Where) -> int:
        statement = (
            select(func.count())
            .select_from(collection.table)
            .where(*self._conditions(scope, collection, where))
        )
        total: int = (await _execute(scope, statement)).scalar_one()
        return total

    async def erase_owner(
        self, session: AsyncSession, owner_id: UUID, collections: Iterable[Collection[Any]]
    ) -> None:
        connection = await session.connection()
        for collection in collections:
            table = collection.table
            await connection.execute(delete(table).where(table.c.owner_id == owner_id))

    async def migrate(self) -> None:
        """Nothing: the tables are in the subgraph's metadata, created by its migrations."""

    async def ping(self) -> None:
        """Nothing: the database is pinged as a store of its own."""

    async def dispose(self) -> None:
        """Nothing: the database's pool is disposed with it."""

    # --- conditions ---------------------------------------------------------------------

    def _conditions(
        self, scope: Scope, collection: Collection[Any], where: Where
    ) -> list[ColumnElement[bool]]:
        table = collection.table
        conditions = _owner(scope, collection)
        if where.owners is not None:
            conditions.append(table.c.owner_id.in_(list(where.owners)))
        for name, value in where.equal.items():
            conditions.append(self._matches(collection, name, [value]))
        for name, values in where.any_of.items():
            conditions.append(self._matches(collection, name, list(values)))
        if where.text:
            needle = where.text.lower()
            fields = where.text_fields or collection.text
            conditions.append(
                or_(
                    false(),
                    *(
                        func.lower(table.c.body[name].as_string()).contains(needle, autoescape=True)
                        for name in fields
                    ),
                )
            )
        return conditions

    def _matches(
        self, collection: Collection[Any], name: str, values: list[Value]
    ) -> ColumnElement[bool]:
        """The key `name` is one of `values` (a list field: holds one of them)."""
        body = collection.table.c.body
        plain = [_json(value) for value in values if value is not None]
        matches: list[ColumnElement[bool]] = []
        if None in values:
            matches.append(body[name].as_string().is_(None))
        if not plain:
            return or_(false(), *matches)
        listed = name in collection.lists
        if not self.is_sqlite:
            shapes = [{name: [value] if listed else value} for value in plain]
            matches += [type_coerce(body, JSONB).contains(shape) for shape in shapes]
        elif listed:
            items = func.json_each(body, f'$."{name}"').table_valued("value")
            bound = [_sqlite(value) for value in plain]
            matches.append(
                exists(select(literal(1)).select_from(items).where(items.c.value.in_(bound)))
            )
        else:
            extracted = func.json_extract(body, f'$."{name}"')
            matches.append(extracted.in_([_sqlite(value) for value in plain]))
        return or_(*matches)


def _owner(scope: Scope, collection: Collection[Any]) -> list[ColumnElement[bool]]:
    """The handle's scope: its owner's rows, or every owner's for an admin handle."""
    if scope.owner is None:
        return [true()]
    return [collection.table.c.owner_id == scope.owner]


def _json(value: Value) -> str | bool:
    return str(value) if isinstance(value, UUID) else value  # type: ignore[return-value]


def _sqlite(value: str | bool) -> str | int:
    """As SQLite's JSON functions answer it: true and false are 1 and 0."""
    return int(value) if isinstance(value, bool) else value


def _load(collection: Collection[T], row: Row[Any]) -> T:
    return collection.load(
        row.body,
        id=row.id,
        owner_id=row.owner_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


async def _execute(scope: Scope, statement: Any) -> Any:
    """Run `statement` on the session's connection, in its transaction (a reader's: autocommit)."""
    connection: AsyncConnection = await scope.session.connection()
    return await connection.execute(statement)
