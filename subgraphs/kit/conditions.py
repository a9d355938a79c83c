"""Conditions for statements made once, at module level, whose values are bound each time they
run: `ids_in` with `ids_param`, `contains_param` with `contains_pattern`. A statement made once
has its owner-scoped form and its cache key made once too (`kit.scoping`), not on every call."""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Boolean, ColumnElement, bindparam, func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import coercions, roles
from sqlalchemy.sql.visitors import InternalTraversal

IDS = "ids"


class _IdsIn(ColumnElement[bool]):
    """`column IN (:ids)` for most stores; on PostgreSQL `column = ANY(:ids)`, the ids one
    array parameter. An expanding IN is rendered again at every execution, one placeholder per
    id, so PostgreSQL (asyncpg) also prepares a statement per number of ids; ANY's text never
    changes."""

    inherit_cache = True
    type = Boolean()
    _is_implicitly_boolean = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: Any) -> None:
        self.column = coercions.expect(roles.ExpressionElementRole, column)
        self._propagate_attrs = self.column._propagate_attrs  # ORM-enabled when the column is


@compiles(_IdsIn)
def _ids_in(element: _IdsIn, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.column.in_(bindparam(IDS, expanding=True)), **kw)  # type: ignore[no-any-return]


@compiles(_IdsIn, "postgresql")
def _ids_any(element: _IdsIn, compiler: Any, **kw: Any) -> str:
    ids = bindparam(IDS, type_=ARRAY(element.column.type))
    return compiler.process(element.column == func.any(ids), **kw)  # type: ignore[no-any-return]


def ids_in(column: Any) -> ColumnElement[bool]:
    """`column IN (:ids)`, the ids given when the statement runs (`session.exec(statement,
    params=ids_param(ids))`). For a statement made once, at module level: its owner-scoped form
    and its cache key are then made once too, not on every call (a third of a small read's CPU).
    On PostgreSQL it is `column = ANY(:ids)`: one statement text whatever the number of ids."""
    return _IdsIn(column)


def ids_param(ids: Iterable[Any]) -> dict[str, list[Any]]:
    """The parameters of a statement made with `ids_in`: each id once."""
    return {IDS: list(set(ids))}


def contains_param(expression: Any, name: str) -> ColumnElement[bool]:
    """`expression LIKE :name ESCAPE '/'`, for a statement made once: run it with
    `{name: contains_pattern(text)}` (what `expression.contains(text, autoescape=True)` is)."""
    return expression.like(bindparam(name), escape="/")  # type: ignore[no-any-return]


def contains_pattern(text: str) -> str:
    """The LIKE pattern of "contains `text`": its `/`, `%` and `_` escaped with `/`."""
    escaped = text.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"
