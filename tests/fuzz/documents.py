"""A generated operation as a client would send it: its values written in the document, or given
as variables (what JSON can carry: not 1e400, which stays a literal)."""

import math
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLSchema,
    NameNode,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    VariableDefinitionNode,
    VariableNode,
    Visitor,
    parse,
    parse_type,
    print_ast,
    value_from_ast_untyped,
    visit,
)


def json_safe(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(json_safe(item) for item in value)
    if isinstance(value, dict):
        return all(json_safe(item) for item in value.values())
    return True


class _Lift(Visitor):
    """Each argument's literal becomes a variable of the argument's type."""

    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.definitions: list[VariableDefinitionNode] = []
        self.values: dict[str, Any] = {}

    def enter_argument(self, node: ArgumentNode, *_: Any) -> ArgumentNode | None:
        argument = self.type_info.get_argument()
        if argument is None:
            return None
        value = value_from_ast_untyped(node.value)
        if not json_safe(value):
            return None
        variable = VariableNode(name=NameNode(value=f"v{len(self.values)}"))
        self.values[variable.name.value] = value
        definition = VariableDefinitionNode(
            variable=variable, type=parse_type(str(argument.type)), directives=()
        )
        self.definitions.append(definition)
        return ArgumentNode(name=node.name, value=variable)


def with_variables(schema: GraphQLSchema, query: str) -> tuple[str, dict[str, Any]]:
    """`query` with its arguments' values as variables, and those variables."""
    type_info = TypeInfo(schema)
    lift = _Lift(type_info)
    document: DocumentNode = visit(parse(query), TypeInfoVisitor(type_info, lift))
    operations = [
        OperationDefinitionNode(
            operation=definition.operation,
            name=definition.name,
            variable_definitions=tuple(lift.definitions),
            directives=definition.directives,
            selection_set=definition.selection_set,
        )
        if isinstance(definition, OperationDefinitionNode)
        else definition
        for definition in document.definitions
    ]
    return print_ast(DocumentNode(definitions=tuple(operations))), lift.values
