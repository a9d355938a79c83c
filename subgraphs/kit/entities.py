"""`_entities` representations checked before Strawberry hands them to a `resolve_reference`:
an object whose `__typename` names an entity of this subgraph, with the keys that entity is
resolved by and no others, each an ID. Anything else is BAD_USER_INPUT for that representation
(its entity answers null), never an unexpected error."""

import inspect
from collections.abc import Callable
from dataclasses import MISSING
from functools import cache
from typing import Any

from strawberry.federation.schema_directives import Key
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.utils.str_converters import to_camel_case

from subgraphs.kit.errors import AppError, bad_input

RESERVED = ("info", "cls", "self")
# The fields a representation may carry and those it must; None: any.
Keys = tuple[frozenset[str], frozenset[str]] | None


def _keys_of_resolver(resolve: Callable[..., Any]) -> Keys:
    """The arguments `resolve_reference` takes and those it needs (None: it takes any)."""
    accepted, required = set(), set()
    for name, parameter in inspect.signature(resolve).parameters.items():
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            return None
        if name in RESERVED:
            continue
        accepted.add(name)
        if parameter.default is inspect.Parameter.empty:
            required.add(name)
    return frozenset(accepted), frozenset(required)


@cache
def _keys_of(
    definition: StrawberryObjectDefinition,
) -> tuple[frozenset[str], frozenset[str]] | None:
    """The fields a representation of this entity may carry, and those it must."""
    resolve = getattr(definition.origin, "resolve_reference", None)
    if resolve is not None:
        return _keys_of_resolver(resolve)
    fields = {
        field.graphql_name or to_camel_case(field.python_name): field
        for field in definition.fields
        if field.base_resolver is None
    }
    required = {name for name, field in fields.items() if field.default is MISSING}
    return frozenset(fields), frozenset(required)


def entity_definition(
    type_map: dict[str, Any], typename: object
) -> StrawberryObjectDefinition | None:
    """The definition of the entity `typename` names (a type with a @key), if any."""
    found = type_map.get(typename) if isinstance(typename, str) else None
    definition = getattr(found, "definition", None)
    if not isinstance(definition, StrawberryObjectDefinition):
        return None
    if not any(isinstance(directive, Key) for directive in definition.directives or ()):
        return None
    return definition


def problem(type_map: dict[str, Any], representation: object) -> str | None:
    """Why `representation` cannot be resolved here, or None when it can."""
    if not isinstance(representation, dict):
        return "must be an object with __typename and the entity's key"
    typename = representation.get("__typename")
    definition = entity_definition(type_map, typename)
    if definition is None:
        return f"__typename {str(typename)[:100]!r} is not an entity of this subgraph"
    keys = _keys_of(definition)
    if keys is None:
        return None
    accepted, required = keys
    given = set(representation) - {"__typename"}
    if unknown := sorted(given - accepted):
        return f"{typename} is not resolved by {', '.join(name[:100] for name in unknown[:5])}"
    if missing := sorted(required - given):
        return f"{typename} needs {', '.join(missing)}"
    if wrong := sorted(name for name in given if not _an_id(representation[name])):
        return f"{typename}.{wrong[0]} must be an ID (a string or an integer)"
    return None


def _an_id(value: object) -> bool:
    """Whether a key's value is one an ID takes (every key here is an id): a string or an
    integer, not an object, a list, a float or a boolean (`{"id": {}}` reached the entity, and
    serializing its id was an internal error)."""
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def refused(index: int, reason: str) -> AppError:
    return bad_input("representations", f"representations[{index}]: {reason}")
