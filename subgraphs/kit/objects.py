"""GraphQL objects from store rows, partial-update inputs, and the one rule for entity ids."""

import dataclasses
from collections.abc import Callable, Collection
from typing import Any, TypeVar
from uuid import UUID

import strawberry
from strawberry.types.base import StrawberryOptional
from strawberry.types.enum import StrawberryEnumDefinition

from subgraphs.kit.errors import not_found

T = TypeVar("T")


def parse_id(value: Any) -> UUID | None:
    """An entity id from a client or a representation; None when it is not one of ours."""
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        return None


def require_id(value: Any, what: str) -> UUID:
    """The id of an entity a mutation acts on. One rule everywhere: an id that is not one of
    ours names nothing, like an unknown id does, so it is `what` NOT_FOUND (and a lookup by
    such an id answers null)."""
    parsed = parse_id(value)
    if parsed is None:
        raise not_found(what)
    return parsed


def id_of(value: UUID) -> strawberry.ID:
    """A store id as a GraphQL ID."""
    return strawberry.ID(str(value))


def from_row(cls: type[T], row: Any, /, **values: Any) -> T:
    """The Strawberry type `cls` with each field that has no resolver (private ones too) taken
    from the same-named attribute of `row`: UUIDs become IDs, stored values become enum
    members. `values` gives the fields a row cannot (nested objects, computed values)."""
    data = {
        name: convert(getattr(row, name))
        for name, convert in _converters(cls)
        if name not in values
    }
    return cls(**data, **values)


def _converters(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    known = _CONVERTERS.get(cls)
    if known is None:
        known = _CONVERTERS[cls] = _plan(cls)
    return known


_CONVERTERS: dict[type, tuple[tuple[str, Callable[[Any], Any]], ...]] = {}


def _plan(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    definition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    graphql = {field.python_name: field.type for field in definition.fields}
    return tuple(
        (field.name, _converter(graphql.get(field.name)))
        for field in dataclasses.fields(cls)
        if field.init
    )


def _converter(graphql_type: Any) -> Callable[[Any], Any]:
    inner = graphql_type.of_type if isinstance(graphql_type, StrawberryOptional) else graphql_type
    if inner is strawberry.ID:
        return _optional(lambda value: strawberry.ID(str(value)))
    if isinstance(inner, StrawberryEnumDefinition):
        return _optional(inner.wrapped_cls)
    return _same


def _same(value: Any) -> Any:
    return value


def _optional(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else convert(value)


def partial_input(
    source: type, *, name: str, description: str | None = None, exclude: Collection[str] = ()
) -> Any:
    """A Strawberry input with the fields of the input `source` (its create input), each
    optional and UNSET unless sent: only the fields given change."""
    definition = source.__strawberry_definition__  # type: ignore[attr-defined]
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__module__": source.__module__, "__qualname__": name}
    for field in definition.fields:
        if field.python_name in exclude:
            continue
        annotations[field.python_name] = field.type_annotation.annotation | None
        namespace[field.python_name] = strawberry.field(
            default=strawberry.UNSET, description=field.description, name=field.graphql_name
        )
    namespace["__annotations__"] = annotations
    return strawberry.input(type(name, (), namespace), name=name, description=description)
