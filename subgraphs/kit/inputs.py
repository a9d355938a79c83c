"""Validation at the edge: a Strawberry input becomes a pydantic model, or BAD_USER_INPUT."""

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
    try:
        return model.model_validate(given(value))
    except ValidationError as error:
        raise from_validation_error(error) from None
