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
    """The stable codes clients see in `extensions.code`."""

    UNAUTHENTICATED = "UNAUTHENTICATED"
    NOT_FOUND = "NOT_FOUND"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    EMAIL_TAKEN = "EMAIL_TAKEN"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    RATE_LIMITED = "RATE_LIMITED"
    IMPORT_TOO_LARGE = "IMPORT_TOO_LARGE"
    IMPORT_TOO_MANY_ROWS = "IMPORT_TOO_MANY_ROWS"
    IMPORT_HAS_ERRORS = "IMPORT_HAS_ERRORS"
    BAD_REQUEST = "BAD_REQUEST"
    REQUEST_ENTITY_TOO_LARGE = "REQUEST_ENTITY_TOO_LARGE"
    MAX_TOKENS_LIMIT = "MAX_TOKENS_LIMIT"
    MAX_DEPTH_LIMIT = "MAX_DEPTH_LIMIT"
    MAX_ALIASES_LIMIT = "MAX_ALIASES_LIMIT"
    COST_ESTIMATED_TOO_EXPENSIVE = "COST_ESTIMATED_TOO_EXPENSIVE"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    URL_NOT_ALLOWED = "URL_NOT_ALLOWED"
    FETCH_FAILED = "FETCH_FAILED"
    FETCH_TIMEOUT = "FETCH_TIMEOUT"
    FETCH_TOO_LARGE = "FETCH_TOO_LARGE"
    INPUT_TOO_COMPLEX = "INPUT_TOO_COMPLEX"
    UPLOAD_USED = "UPLOAD_USED"
    UPLOAD_CLOSED = "UPLOAD_CLOSED"
    CHECKSUM_MISMATCH = "CHECKSUM_MISMATCH"
    SUBSCRIPTION_LIMIT = "SUBSCRIPTION_LIMIT"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


class AppError(Exception):
    """An error a client caused or may see: its message is shown as is, with its code."""

    def __init__(self, code: ErrorCode, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        # graphql-core copies `extensions` from the original error onto the GraphQL error.
        self.extensions: dict[str, Any] = {"code": code.value}
        if field is not None:
            self.extensions["field"] = field

    def __reduce__(self) -> tuple[Any, ...]:
        """Picklable (raised in a worker process, `kit.offload`, and raised again here)."""
        return (_rebuilt, (self.code, str(self), self.field))


def _rebuilt(code: ErrorCode, message: str, field: str | None) -> AppError:
    return AppError(code, message, field=field)


def not_found(what: str) -> AppError:
    """NOT_FOUND: `what` does not exist, or is not the viewer's to see (the two look alike)."""
    return AppError(ErrorCode.NOT_FOUND, f"{what} not found")


def unauthenticated() -> AppError:
    """UNAUTHENTICATED: the request needs a valid bearer token."""
    return AppError(ErrorCode.UNAUTHENTICATED, "A valid bearer token is required")


def bad_input(field: str, message: str) -> AppError:
    """BAD_USER_INPUT, naming the input `field` at fault (camelCase, as the client wrote it)."""
    return AppError(ErrorCode.BAD_USER_INPUT, message, field=field)


def from_validation_error(error: ValidationError) -> AppError:
    """The first problem pydantic found. `field` is the input field at fault (camelCase, the
    top-level one: `skills`, not `0`); the message names the exact place (`skills[0]`)."""
    first = error.errors()[0]
    location = first["loc"]
    message = first["msg"].removeprefix("Value error, ")
    if first.get("input", ...) is None:
        message = "must not be null"
    if not location:  # a rule across fields: its message names them
        return bad_input("input", message)
    return bad_input(camel_case(str(location[0])), f"{path(location)}: {message}")


def path(location: tuple[int | str, ...]) -> str:
    """`("social_links", 0, "url")` as the client wrote it: `socialLinks[0].url`."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else f".{camel_case(part)}"
    return text.lstrip(".")


def camel_case(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
