"""The Federation 2 schema every subgraph builds: stable error codes, caches, no leaks."""

import logging
from collections.abc import Iterator
from typing import Any, Final

import strawberry
from graphql import GraphQLError
from strawberry.extensions import ParserCache, SchemaExtension, ValidationCache
from strawberry.types import ExecutionContext

from subgraphs.kit.db import QueryCounter, current_query_counter
from subgraphs.kit.errors import AppError, ErrorCode
from subgraphs.kit.telemetry import count_error

logger = logging.getLogger("subgraphs.errors")
FEDERATION_VERSION: Final = "2.9"
INTERNAL_MESSAGE = "Internal server error"


class ServiceSchema(strawberry.federation.Schema):
    """`strawberry.federation.Schema` whose errors always carry `extensions.code`.

    AppError keeps its message and code; parse and validation errors get GraphQL codes;
    anything unexpected is logged with its traceback and answered with a generic message.
    """

    def __init__(self, *, subgraph: str, **kwargs: Any) -> None:
        extensions = [
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            StoreQueries,
        ]
        kwargs.setdefault("extensions", extensions)
        super().__init__(federation_version=FEDERATION_VERSION, **kwargs)
        self.subgraph = subgraph

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
    if error.message.startswith("Variable '$"):
        return ErrorCode.BAD_USER_INPUT
    return ErrorCode.GRAPHQL_VALIDATION_FAILED
