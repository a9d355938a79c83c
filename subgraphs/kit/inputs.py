"""Validation at the edge: a Strawberry input becomes a pydantic model, or BAD_USER_INPUT; and
the one way an update is merged into a stored row."""

import dataclasses
from typing import Any, TypeVar

import strawberry
from pydantic import BaseModel, ValidationError

from subgraphs.kit.errors import from_validation_error

Model = TypeVar("Model", bound=BaseModel)


def given(value: Any) -> Any:
    """Plain data from a Strawberry input, leaving out the fields the client did not send."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: given(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if getattr(value, field.name) is not strawberry.UNSET
        }
    if isinstance(value, list):
        return [given(item) for item in value]
    return value


def validate(model: type[Model], value: Any) -> Model:
    """A Strawberry input checked by `model`, or BAD_USER_INPUT naming the field at fault."""
    try:
        return model.model_validate(given(value))
    except ValidationError as error:
        raise from_validation_error(error) from None


def apply_changes(row: Any, changes: BaseModel, *, fields: type[Model]) -> Model:
    """Merge the fields the client sent (`changes`, from `partial(fields)`) into `row`'s
    current values, check the result as a whole against `fields` (a field that may not be
    null, a rule across fields), and set it on `row`. Nothing changes when it is refused."""
    current = {name: getattr(row, name) for name in fields.model_fields}
    try:
        merged = fields.model_validate(current | changes.model_dump(exclude_unset=True))
    except ValidationError as error:
        raise from_validation_error(error) from None
    for name, value in merged.model_dump().items():
        setattr(row, name, value)
    return merged
