"""What the field being resolved selects (`asks_for`): so a resolver reads only what is asked,
such as a connection's `totalCount` counted only when selected, or no page read when it is the
only thing selected."""

from collections.abc import Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)
from strawberry.types import Info


def asks_for_total(info: Info[Any, Any]) -> bool:
    """Whether the connection field being resolved selects `totalCount` (fragments included),
    so a resolver can count in the session it reads the page with, and only when asked."""
    return asks_for(info, "totalCount")


def asks_for_total_only(info: Info[Any, Any]) -> bool:
    """Whether the field being resolved selects `totalCount` and nothing else (`__typename`
    aside, fragments included): a count, no page. A plain list of nodes never is."""
    names = _selected(info)
    return "totalCount" in names and names <= {"totalCount", "__typename"}


def asks_for(info: Info[Any, Any], name: str) -> bool:
    """Whether the field being resolved selects the subfield `name` (fragments included)."""
    return name in _selected(info)


# The subfield names each field selects, per the parsed document's field nodes (the parser
# cache hands out one document per text, so they repeat): Strawberry's `info.selected_fields`
# converts the field's whole selection again at every call, several times per request where a
# resolver asks about more than one subfield. Emptied when full; each entry keeps its nodes, so
# an id is not reused while its entry lives.
_SELECTED: dict[tuple[int, ...], tuple[list[FieldNode], frozenset[str]]] = {}
_SELECTED_MAX = 4096


def _selected(info: Info[Any, Any]) -> frozenset[str]:
    """The names of the subfields the field being resolved selects, fragments flattened."""
    raw = info._raw_info
    nodes = raw.field_nodes
    key = tuple(map(id, nodes))
    known = _SELECTED.get(key)
    if known is not None and all(a is b for a, b in zip(known[0], nodes, strict=True)):
        return known[1]
    names = frozenset(
        name
        for node in nodes
        if node.selection_set is not None
        for name in _names(node.selection_set, raw.fragments)
    )
    if len(_SELECTED) >= _SELECTED_MAX:
        _SELECTED.clear()
    _SELECTED[key] = (list(nodes), names)
    return names


def _names(
    selections: SelectionSetNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> set[str]:
    found: set[str] = set()
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            found.add(selection.name.value)
        elif isinstance(selection, InlineFragmentNode):
            found |= _names(selection.selection_set, fragments)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                found |= _names(fragment.selection_set, fragments)
    return found
