"""What changed in a schema since the baseline, classified by graphql-core's differ.

Breaking and dangerous changes come from `find_breaking_changes` / `find_dangerous_changes`
(the port of graphql-js's `findBreakingChanges`). The `added` and `deprecated` lists are only
informational: schema coordinates present now and not before, never a reason to fail.
"""

from dataclasses import dataclass, field

from graphql import (
    GraphQLEnumType,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    find_breaking_changes,
    find_dangerous_changes,
)

from scripts.schema.accepted import Entry
from scripts.schema.api import api_schema, printed

SUPERGRAPH = "supergraph"
SAME_API = "API unchanged (directives or order only)"


@dataclass
class SchemaDiff:
    """One subgraph's SDL (or the supergraph's client-facing API) against the baseline."""

    scope: str
    status: str  # unchanged, changed, SAME_API, new, removed, no baseline, invalid
    breaking: list[str] = field(default_factory=list)
    dangerous: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    deprecated: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass(frozen=True)
class Verdict:
    """A breaking change clients see, where it comes from, and its acknowledgement if any."""

    change: str
    sources: tuple[str, ...]  # subgraphs whose own diff has the same change
    entry: Entry | None


def diff_sdl(scope: str, old: str | None, new: str | None, *, baseline: bool) -> SchemaDiff:
    """Classify the changes from `old` to `new` (either None when the file does not exist)."""
    if not baseline:
        return SchemaDiff(scope, "no baseline")
    if old is None or new is None:
        return SchemaDiff(scope, "removed" if new is None else "new")
    if old == new:
        return SchemaDiff(scope, "unchanged")
    try:
        before, after = api_schema(old), api_schema(new)
    except (GraphQLError, TypeError) as error:
        return SchemaDiff(scope, "invalid", error=str(error).splitlines()[0])
    if printed(before) == printed(after):
        return SchemaDiff(scope, SAME_API)
    return SchemaDiff(
        scope,
        "changed",
        breaking=[change.description for change in find_breaking_changes(before, after)],
        dangerous=[change.description for change in find_dangerous_changes(before, after)],
        added=_added(before, after),
        deprecated=_deprecated(before, after),
    )


def judge(
    supergraph: SchemaDiff, subgraphs: list[SchemaDiff], entries: list[Entry]
) -> list[Verdict]:
    """One verdict per client-facing breaking change, acknowledged by an entry naming the
    change with `supergraph` or a subgraph the change comes from as its scope."""
    verdicts = []
    for change in supergraph.breaking:
        sources = tuple(diff.scope for diff in subgraphs if change in diff.breaking)
        scopes = {SUPERGRAPH, *sources}
        entry = next((e for e in entries if e.change == change and e.scope in scopes), None)
        verdicts.append(Verdict(change, sources, entry))
    return verdicts


def _coordinates(schema: GraphQLSchema) -> dict[str, str | None]:
    """Schema coordinates (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`) with
    their deprecation reason."""
    found: dict[str, str | None] = {}
    for name, type_ in schema.type_map.items():
        if name.startswith("__"):
            continue
        found[name] = None
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field_ in type_.fields.items():
                found[f"{name}.{field_name}"] = field_.deprecation_reason
                for arg_name, arg in getattr(field_, "args", {}).items():
                    found[f"{name}.{field_name}({arg_name}:)"] = arg.deprecation_reason
        elif isinstance(type_, GraphQLEnumType):
            for value_name, value in type_.values.items():
                found[f"{name}.{value_name}"] = value.deprecation_reason
    return found


def _added(before: GraphQLSchema, after: GraphQLSchema) -> list[str]:
    """Coordinates that are new, without the members of a type or field that is new itself."""
    new = _coordinates(after).keys() - _coordinates(before).keys()
    return sorted(c for c in new if _parent(c) not in new)


def _deprecated(before: GraphQLSchema, after: GraphQLSchema) -> list[str]:
    old = _coordinates(before)
    return [
        f"{coordinate} ({reason})"
        for coordinate, reason in sorted(_coordinates(after).items())
        if reason is not None and old.get(coordinate) is None
    ]


def _parent(coordinate: str) -> str:
    if coordinate.endswith(":)"):
        return coordinate.split("(", 1)[0]
    return coordinate.rsplit(".", 1)[0] if "." in coordinate else ""
