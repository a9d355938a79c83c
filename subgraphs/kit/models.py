"""What every subgraph's `models.py` starts from: its own table registry, owned tables, common
columns, the constrained field types shared by subgraphs, and partial-update models.

Each subgraph's tables derive from its own `class Table(SQLModel, registry=registry())`, so
they go to a metadata of their own, migrated by that subgraph's Alembic history.

A subgraph declares each entity's user-editable fields once, in a `XBase(SQLModel)` whose field
declarations are both the validation rules and the column definitions; the table adds keys and
timestamps (`class X(XBase, Table, Owned, table=True)`), `partial(XBase)` is what an update
accepts, and `kit.inputs.apply_changes` merges an update and checks the whole again.
"""

import copy
from datetime import datetime
from typing import Annotated, Any, TypeVar, cast
from uuid import uuid4

from pydantic import (
    AfterValidator,
    BaseModel,
    HttpUrl,
    StringConstraints,
    ValidationError,
    create_model,
)
from sqlmodel import Field
from sqlmodel.main import FieldInfoMetadata

from subgraphs.kit.db import UTCDateTime, utcnow
from subgraphs.kit.moments import check_moment

M = TypeVar("M", bound=BaseModel)

SHORT_TEXT = 200  # names, titles, places: one line of text


def _aware(value: datetime | None) -> datetime | None:
    return value if value is None else check_moment(value)


# Text with surrounding whitespace removed; its length comes from `text_field`.
Stripped = Annotated[str, StringConstraints(strip_whitespace=True)]
# A moment that says its time zone (naive datetimes are refused, never guessed), within the
# range every time zone can show (`kit.moments`: 1900 to 9000).
Aware = Annotated[datetime, AfterValidator(_aware)]


def _web_url(value: str) -> str:
    try:
        return str(HttpUrl(value))
    except ValidationError as error:
        raise ValueError(error.errors()[0]["msg"]) from None


# An http(s) URL, checked and normalised, kept as its text.
WebUrl = Annotated[str, AfterValidator(_web_url)]


def id_field() -> Any:
    """A UUID primary key, made when the row is."""
    return Field(default_factory=uuid4, primary_key=True)


def owner_field(**column: Any) -> Any:
    """The `owner_id` of an `Owned` table: never set by hand, the session fills it in."""
    return Field(default=None, nullable=False, **column)


def timestamp_field(*, index: bool = False) -> Any:
    """A moment stored in UTC, set to now when the row is made."""
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=index)


def moment_field(*, required: bool = False, **column: Any) -> Any:
    """A time-zone-aware moment, stored in UTC; optional unless `required`."""
    if required:
        return Field(sa_type=UTCDateTime, nullable=False, **column)
    return Field(default=None, sa_type=UTCDateTime, **column)


def text_field(max_length: int = SHORT_TEXT, *, required: bool = False, **column: Any) -> Any:
    """A text field of at most `max_length` characters, validated and stored at that length.
    `required`: at least one character (after stripping, for `Stripped`), and no default."""
    if required:
        return Field(min_length=1, max_length=max_length, **column)
    return Field(default=None, max_length=max_length, **column)


def secret_field(max_length: int | None = None) -> Any:
    """A required text column that holds a secret (a password's or a token's hash, a nonce),
    marked on the column (`info={"export": False}`): no export of the owner's data carries it
    (`kit.export` reads the mark). Without `max_length`, the column has no length limit."""
    marked = {"info": {"export": False}}
    if max_length is None:
        return Field(min_length=1, sa_column_kwargs=marked)
    return Field(min_length=1, max_length=max_length, sa_column_kwargs=marked)


def partial(model: type[M]) -> type[M]:
    """`model` with every field optional and None by default, each keeping its own rules (not
    the model's cross-field ones, which `apply_changes` checks on the merged whole): what an
    update accepts. Fields the client did not send stay unset (`model_dump(exclude_unset)`)."""
    fields: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        optional = copy.copy(field)
        optional.default, optional.default_factory = None, None
        # A field's own rules check a value, never the null an update may send (`timeZone: null`
        # reached the time zone check, a TypeError: a 500): they go with the type, in their order
        # (lengths before validators), and `apply_changes` refuses a null the field cannot take.
        rules = [rule for rule in field.metadata if not isinstance(rule, FieldInfoMetadata)]
        optional.metadata = [rule for rule in field.metadata if rule not in rules]
        annotation: Any = Annotated[field.annotation, *rules] if rules else field.annotation
        fields[name] = (annotation | None, optional)
    changes = create_model(f"{model.__name__}Changes", __module__=model.__module__, **fields)
    return cast(type[M], changes)
