"""Operation limits every subgraph enforces before graphql-core validates or runs a document
(a subgraph may be reached without the router), with the router's codes:

    MAX_TOKENS_LIMIT               lexical tokens (graphql-core stops parsing at the limit, the
                                   mechanism of Strawberry's MaxTokensLimiter)
    MAX_DEPTH_LIMIT                deepest selection, fragments counted as their fields
    MAX_ALIASES_LIMIT              aliases, a fragment's counted each time it is spread
    COST_ESTIMATED_TOO_EXPENSIVE   fields selected more than once under one response name in a
                                   selection set, weighted by what they select: graphql-core's
                                   OverlappingFieldsCanBeMerged compares them pairwise, which took
                                   2.5 s for a 3,515-token document of repeated nested fields

Strawberry's QueryDepthLimiter and MaxAliasesLimiter walk a fragment again at every spread (a
chain of 2^16 spreads: 0.45 s) and run within graphql-core's validation, after that quadratic
rule: `measure` walks each fragment once, before validation.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

from subgraphs.kit.errors import ErrorCode

# Strings, block strings and comments (skipped), or a token counted: a punctuator or a name (not
# one inside a number). "...", numbers and strings are not counted: a count that never exceeds
# the lexer's.
_SCAN = re.compile(
    r'"""[\s\S]*?(?:"""|$)|"(?:[^"\\\n]|\\.)*"?|#[^\n\r]*'
    r"|([{}()\[\]:=@$!|&]|(?<![\w.])[_A-Za-z]\w*)"
)


def more_tokens_than(text: str, limit: int) -> bool:
    """Whether `text` surely holds more than `limit` tokens, found by a regular expression that
    stops there: 100,000 aliases (1.9 MB) are refused in 3 ms, not after a parse of `limit`
    tokens (80 ms)."""
    if len(text) <= limit:
        return False
    found = 0
    for match in _SCAN.finditer(text):
        if match.group(1) is not None:
            found += 1
            if found > limit:
                return True
    return False


@dataclass(frozen=True)
class Limits:
    max_depth: int
    max_aliases: int
    max_tokens: int
    max_repeated_cost: int


@dataclass
class Shape:
    """What a selection set selects, fragments expanded: its depth, aliases, fields (nested ones
    included), the cost of its repeated fields, and per response name: (fields, their size)."""

    depth: int = 0
    aliases: int = 0
    size: int = 0
    repeated_cost: int = 0
    names: dict[str, tuple[int, int]] = field(default_factory=dict)

    def add(self, other: "Shape") -> None:
        self.depth = max(self.depth, other.depth)
        self.aliases += other.aliases
        self.size += other.size
        self.repeated_cost += other.repeated_cost
        for name, (count, size) in other.names.items():
            self.add_name(name, count, size)

    def add_name(self, name: str, count: int, size: int) -> None:
        known_count, known_size = self.names.get(name, (0, 0))
        self.names[name] = (known_count + count, known_size + size)


class _Walk:
    """Measures a document's operations, each fragment once however often it is spread."""

    def __init__(self, document: DocumentNode) -> None:
        definitions = document.definitions
        self.fragments = {
            d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.measured: dict[str, Shape] = {}
        self.entered: set[str] = set()

    def selection_set(self, node: SelectionSetNode | None) -> Shape:
        shape = Shape()
        for selection in node.selections if node else ():
            if isinstance(selection, FieldNode):
                self._field(shape, selection)
            elif isinstance(selection, InlineFragmentNode):
                shape.add(self.selection_set(selection.selection_set))
            elif isinstance(selection, FragmentSpreadNode):
                shape.add(self.fragment(selection.name.value))
        shape.repeated_cost += sum(size * size for count, size in shape.names.values() if count > 1)
        return shape

    def _field(self, shape: Shape, node: FieldNode) -> None:
        inner = self.selection_set(node.selection_set)
        size = 1 + inner.size
        shape.depth = max(shape.depth, 1 + inner.depth)
        shape.aliases += inner.aliases + (1 if node.alias else 0)
        shape.size += size
        shape.repeated_cost += inner.repeated_cost
        shape.add_name((node.alias or node.name).value, 1, size)

    def fragment(self, name: str) -> Shape:
        known = self.measured.get(name)
        if known is not None:
            return known
        definition = self.fragments.get(name)
        if definition is None or name in self.entered:  # unknown or a cycle: validation says so
            return Shape()
        self.entered.add(name)
        shape = self.measured[name] = self.selection_set(definition.selection_set)
        return shape


def measure(document: DocumentNode) -> Shape:
    """The largest figures of the document's operations (repeated-field costs added up)."""
    walk = _Walk(document)
    total = Shape()
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            shape = walk.selection_set(definition.selection_set)
            total.depth = max(total.depth, shape.depth)
            total.aliases = max(total.aliases, shape.aliases)
            total.repeated_cost += shape.repeated_cost
    return total


def exceeded(shape: Shape, limits: Limits) -> Iterable[tuple[ErrorCode, str]]:
    """The code and message of each limit `shape` goes over."""
    if shape.depth > limits.max_depth:
        message = f"Query depth limit of {limits.max_depth} exceeded, found {shape.depth}."
        yield ErrorCode.MAX_DEPTH_LIMIT, message
    if shape.aliases > limits.max_aliases:
        message = f"Aliases limit of {limits.max_aliases} exceeded, found {shape.aliases}."
        yield ErrorCode.MAX_ALIASES_LIMIT, message
    if shape.repeated_cost > limits.max_repeated_cost:
        yield (
            ErrorCode.COST_ESTIMATED_TOO_EXPENSIVE,
            f"Fields selected more than once under one name cost {shape.repeated_cost} to "
            f"merge; the limit is {limits.max_repeated_cost}.",
        )
