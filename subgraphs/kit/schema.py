"""The Federation 2 schema every subgraph builds: stable error codes, caches, no leaks."""

import logging
import re
from collections.abc import Iterator
from typing import Any, Final

import strawberry
from graphql import GraphQLError
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import SchemaExtension
from strawberry.federation.schema import FederationAny
from strawberry.types import ExecutionContext, Info

from subgraphs.kit import entities
from subgraphs.kit.errors import AppError, ErrorCode
from subgraphs.kit.prepared import PreparedDocuments, checked_documents
from subgraphs.kit.roundtrips import QueryCounter, current_query_counter
from subgraphs.kit.scalars import scalar_overrides
from subgraphs.kit.telemetry import count_error

logger = logging.getLogger("subgraphs.errors")
FEDERATION_VERSION: Final = "2.9"
INTERNAL_MESSAGE = "Internal server error"


class ServiceSchema(strawberry.federation.Schema):
    """`strawberry.federation.Schema` whose errors always carry `extensions.code`.

    AppError keeps its message and code; parse and validation errors get GraphQL codes, a
    value a scalar refuses BAD_USER_INPUT; anything unexpected is logged with its traceback and
    answered with a generic message. Documents are held to the operation limits before they are
    validated (`kit.documents`), and `_entities` representations are checked (`kit.entities`).
    """

    def __init__(self, *, subgraph: str, **kwargs: Any) -> None:
        extensions = [checked_documents(PreparedDocuments(size=256)), StoreQueries]
        kwargs.setdefault("extensions", extensions)
        kwargs.setdefault("scalar_overrides", scalar_overrides())
        super().__init__(federation_version=FEDERATION_VERSION, **kwargs)
        self.subgraph = subgraph

    def entities_resolver(
        self, info: Info, representations: list[FederationAny]
    ) -> list[FederationAny]:
        type_map = self.schema_converter.type_map
        problems = {
            index: reason
            for index, each in enumerate(representations)
            if (reason := entities.problem(type_map, each)) is not None
        }
        if not problems:
            return super().entities_resolver(info, representations)
        valid = [each for index, each in enumerate(representations) if index not in problems]
        resolved = iter(super().entities_resolver(info, valid))
        return [
            FederationAny(entities.refused(index, problems[index]))
            if index in problems
            else next(resolved)
            for index in range(len(representations))
        ]

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            code = classify(error)
            count_error(self.subgraph, code)
            if code is ErrorCode.INTERNAL_SERVER_ERROR:
                logger.error("unexpected error", exc_info=error.original_error or error)
                error.message = INTERNAL_MESSAGE
                error.original_error = None
            error.extensions = {**(error.extensions or {}), "code": code.value}
            if code is ErrorCode.BAD_USER_INPUT and "field" not in error.extensions:
                if (field := input_field(error)) is not None:
                    error.extensions["field"] = field


class StoreQueries(SchemaExtension):
    """Counts the operation's store round trips and answers them in `extensions.storeQueries`.

    Only when the context's settings have DEBUG_STORE_QUERIES on; otherwise it does nothing.
    The counter lives in a ContextVar set here, in the task that runs the resolvers (tasks
    they start, DataLoader batches included, copy it), so concurrent operations never share one.
    """

    counter: QueryCounter | None = None

    def on_operation(self) -> Iterator[None]:
        settings = getattr(self.execution_context.context, "settings", None)
        if not getattr(settings, "DEBUG_STORE_QUERIES", False):
            yield
            return
        self.counter = QueryCounter()
        token = current_query_counter.set(self.counter)
        try:
            yield
        finally:
            current_query_counter.reset(token)

    def get_results(self) -> dict[str, Any]:
        return {"storeQueries": self.counter.count} if self.counter is not None else {}


def classify(error: GraphQLError) -> ErrorCode:
    original = error.original_error
    if isinstance(original, AppError):
        return original.code
    if error.path:  # raised while resolving a field, and not by us
        return ErrorCode.INTERNAL_SERVER_ERROR
    # Before execution: the request itself is at fault.
    if error.message.startswith("Syntax Error"):
        return ErrorCode.GRAPHQL_PARSE_FAILED
    refused_value = (error, original)
    if error.message.startswith("Variable '$") or any(
        isinstance(each, StrawberryInputCoercionError) for each in refused_value
    ):
        return ErrorCode.BAD_USER_INPUT  # a value a scalar refused, in a variable or the text
    return ErrorCode.GRAPHQL_VALIDATION_FAILED


# "Variable '$input' has invalid value at .appliedAt: ..." (graphql-core's message)
VARIABLE_PATH = re.compile(r"Variable '\$(\w+)' has invalid value(?: at )?\.?(\w+)?")


def input_field(error: GraphQLError) -> str | None:
    """The input field a refused variable value was given for: the first field on the value's
    path, or the variable when the value itself is refused."""
    found = VARIABLE_PATH.match(error.message)
    return (found.group(2) or found.group(1)) if found else None
