"""One error type with stable codes, carried to clients in `extensions.code`.

    AppError                      raised by stores and resolvers, message shown as is
      code: ErrorCode             UNAUTHENTICATED, NOT_FOUND, BAD_USER_INPUT, ...
      field: str | None           the input field at fault, when there is one

Anything else raised while resolving is logged and answered as INTERNAL_SERVER_ERROR
with a generic message; see `ServiceSchema.process_errors`.
"""

from enum import StrEnum
from typing import Any

from pydantic import ValidationError


class ErrorCode(StrEnum):
    UNAUTHENTICATED = "UNAUTHENTICATED"
    NOT_FOUND = "NOT_FOUND"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    EMAIL_TAKEN = "EMAIL_TAKEN"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


class AppError(Exception):
    def __init__(self, code: ErrorCode, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        # graphql-core copies `extensions` from the original error onto the GraphQL error.
        self.extensions: dict[str, Any] = {"code": code.value}
        if field is not None:
            self.extensions["field"] = field


def not_found(what: str) -> AppError:
    return AppError(ErrorCode.NOT_FOUND, f"{what} not found")


def unauthenticated() -> AppError:
    return AppError(ErrorCode.UNAUTHENTICATED, "A valid bearer token is required")


def bad_input(field: str, message: str) -> AppError:
    return AppError(ErrorCode.BAD_USER_INPUT, message, field=field)


def from_validation_error(error: ValidationError) -> AppError:
    """The first problem pydantic found, named by the (camelCase) input field."""
    first = error.errors()[0]
    location = [str(part) for part in first["loc"]]
    message = first["msg"].removeprefix("Value error, ")
    if not location:  # a rule across fields: its message names them
        return bad_input("input", message)
    field = camel_case(location[-1])
    return bad_input(field, f"{field}: {message}")


def camel_case(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
