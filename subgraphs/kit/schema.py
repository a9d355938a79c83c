"""The Federation 2 schema every subgraph builds: stable error codes, caches, no leaks."""

import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.types import ExecutionContext

from subgraphs.kit.errors import AppError, ErrorCode
from subgraphs.kit.telemetry import count_error

logger = logging.getLogger("subgraphs.errors")
FEDERATION_VERSION = "2.9"
INTERNAL_MESSAGE = "Internal server error"


class ServiceSchema(strawberry.federation.Schema):
    """`strawberry.federation.Schema` whose errors always carry `extensions.code`.

    AppError keeps its message and code; parse and validation errors get GraphQL codes;
    anything unexpected is logged with its traceback and answered with a generic message.
    """

    def __init__(self, *, subgraph: str, **kwargs: Any) -> None:
        extensions = [lambda: ParserCache(maxsize=256), lambda: ValidationCache(maxsize=256)]
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
