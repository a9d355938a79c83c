"""Client operations (`web/**/*.graphql`, `tests/graphql/**/*.graphql`) against the API.

Each file is one document: the fragments an operation spreads must be in the same file.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

from graphql import GraphQLError, GraphQLSchema, OperationDefinitionNode, parse, validate

OPERATION_DIRS = ("web", "tests/graphql")


@dataclass
class OperationsResult:
    """How many documents and operations were validated, and what did not validate."""

    files: int = 0
    operations: int = 0
    problems: list[str] = field(default_factory=list)


def operation_files(root: Path) -> list[Path]:
    """Every `.graphql` document under the operation directories (node_modules and dot
    directories such as .next/ are not walked)."""
    found = []
    for directory in OPERATION_DIRS:
        for folder, subfolders, files in os.walk(root / directory):
            subfolders[:] = [d for d in subfolders if d != "node_modules" and not d.startswith(".")]
            found += [Path(folder) / name for name in files if name.endswith(".graphql")]
    return sorted(found)


def validate_operations(root: Path, schema: GraphQLSchema) -> OperationsResult:
    """Parse and validate every operation document under `root` against `schema`."""
    result = OperationsResult()
    for path in operation_files(root):
        shown = path.relative_to(root).as_posix()
        result.files += 1
        try:
            document = parse(path.read_text())
        except GraphQLError as error:
            result.problems.append(_located(shown, error))
            continue
        result.operations += sum(
            isinstance(d, OperationDefinitionNode) for d in document.definitions
        )
        result.problems += [_located(shown, error) for error in validate(schema, document)]
    return result


def _located(shown: str, error: GraphQLError) -> str:
    where = error.locations[0] if error.locations else None
    position = f":{where.line}:{where.column}" if where else ""
    return f"{shown}{position}: {error.message}"
