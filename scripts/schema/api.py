"""The client-facing API of a subgraph SDL or a supergraph, as a graphql-core schema.

Federation metadata is not part of what clients see, and graphql-core cannot build a schema
that uses directives it has no definition for. So before building, this drops what the
`@link`ed specs of specs.apollo.dev bring (`join__*`, `link__*`, `@link`, `@join__field`,
imported `@key`, ...), every element marked `@inaccessible`, and every remaining use of a
directive the document does not define. Custom directives that are defined stay.
"""

from dataclasses import dataclass, field

from graphql import (
    DirectiveDefinitionNode,
    DocumentNode,
    GraphQLSchema,
    ListValueNode,
    Node,
    ObjectValueNode,
    SchemaExtensionNode,
    StringValueNode,
    TypeDefinitionNode,
    Visitor,
    build_ast_schema,
    lexicographic_sort_schema,
    parse,
    print_schema,
    specified_directives,
    visit,
)
from graphql.language.visitor import REMOVE

SPEC_HOST = "//specs.apollo.dev/"
SPECIFIED = {directive.name for directive in specified_directives}


def api_schema(sdl: str) -> GraphQLSchema:
    """The schema clients can query, built from a subgraph SDL or a supergraph SDL."""
    return build_ast_schema(api_document(sdl))


def api_text(sdl: str) -> str:
    """The client-facing API of `sdl` as canonical SDL text (what schema/published/ keeps)."""
    return printed(api_schema(sdl))


def printed(schema: GraphQLSchema) -> str:
    """`schema` in a canonical order: the order of types and fields is not a change."""
    return print_schema(lexicographic_sort_schema(schema)) + "\n"


def api_document(sdl: str) -> DocumentNode:
    """`sdl` without federation metadata and `@inaccessible` elements (see module docstring)."""
    document = parse(sdl)
    specs = _linked_specs(document)
    hidden = {
        d.name.value
        for d in document.definitions
        if isinstance(d, TypeDefinitionNode) and _has(d, specs.inaccessible)
    }
    kept = [d for d in document.definitions if not specs.owns(d) and _name(d) not in hidden]
    defined = SPECIFIED | {d.name.value for d in kept if isinstance(d, DirectiveDefinitionNode)}
    strip = _Strip(specs.inaccessible, hidden, defined)
    stripped = visit(DocumentNode(definitions=tuple(kept)), strip)
    definitions = [d for d in stripped.definitions if not _empty_extension(d)]
    return DocumentNode(definitions=tuple(definitions))


@dataclass
class _Specs:
    """What the document's `@link`s to specs.apollo.dev bring in."""

    prefixes: set[str] = field(default_factory=set)  # "join__", "link__", ...
    names: set[str] = field(default_factory=set)  # spec directives and imported definitions
    inaccessible: str = "inaccessible"

    def owns(self, definition: Node) -> bool:
        name = _name(definition)
        return name is not None and (name in self.names or name.startswith(tuple(self.prefixes)))


def _linked_specs(document: DocumentNode) -> _Specs:
    specs = _Specs()
    for definition in document.definitions:
        for link in getattr(definition, "directives", None) or ():
            args = {arg.name.value: arg.value for arg in link.arguments or ()}
            url = _string(args.get("url"))
            if link.name.value != "link" or not url or SPEC_HOST not in url:
                continue
            spec = _string(args.get("as")) or url.rstrip("/").split("/")[-2]
            specs.prefixes.add(f"{spec}__")
            specs.names.add(spec)
            if spec == "inaccessible" or url.split("/")[-2] == "inaccessible":
                specs.inaccessible = spec
            for name, alias in _imports(args.get("import")):
                specs.names.add(alias.lstrip("@"))
                if name == "@inaccessible":
                    specs.inaccessible = alias.lstrip("@")
    return specs


def _imports(value: Node | None) -> list[tuple[str, str]]:
    """`import: ["@key", {name: "@tag", as: "@label"}]` as (name, alias) pairs."""
    pairs = []
    for item in value.values if isinstance(value, ListValueNode) else ():
        if isinstance(item, StringValueNode):
            pairs.append((item.value, item.value))
        elif isinstance(item, ObjectValueNode):
            fields = {f.name.value: _string(f.value) for f in item.fields}
            name = fields.get("name")
            if name:
                pairs.append((name, fields.get("as") or name))
    return pairs


class _Strip(Visitor):
    """Removes `@inaccessible` elements and uses of directives that are not defined."""

    def __init__(self, inaccessible: str, hidden: set[str], defined: set[str]) -> None:
        super().__init__()
        self.inaccessible, self.hidden, self.defined = inaccessible, hidden, defined

    def enter_directive(self, node, *_):
        return None if node.name.value in self.defined else REMOVE

    def enter_field_definition(self, node, *_):
        return REMOVE if _has(node, self.inaccessible) else None

    enter_input_value_definition = enter_field_definition
    enter_enum_value_definition = enter_field_definition

    def enter_named_type(self, node, key, parent, *_):
        # Only union members and implemented interfaces: an accessible field never returns
        # an inaccessible type (composition refuses that).
        if key is not None and node.name.value in self.hidden and isinstance(parent, (list, tuple)):
            return REMOVE
        return None


def _has(node: Node, directive: str) -> bool:
    return any(d.name.value == directive for d in getattr(node, "directives", None) or ())


def _name(node: Node) -> str | None:
    name = getattr(node, "name", None)
    return name.value if name is not None else None


def _string(value: Node | None) -> str | None:
    return value.value if isinstance(value, StringValueNode) else None


def _empty_extension(node: Node) -> bool:
    if not isinstance(node, SchemaExtensionNode):
        return False
    return not node.operation_types and not node.directives
