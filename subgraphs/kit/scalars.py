"""Scalars whose parsing refuses what the stores cannot take: a DateTime without a time zone
(every moment we keep is UTC; a naive one would be a guess), or outside the years every time
zone can show (`kit.moments`), is BAD_USER_INPUT wherever it is given, in an input, a filter
or an argument, before any resolver sees it."""

from datetime import datetime
from typing import Any

from strawberry.schema.types.base_scalars import isoformat, wrap_parser
from strawberry.types.scalar import ScalarDefinition

from subgraphs.kit.moments import OUT_OF_RANGE, moment_in_range


def aware_datetime(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("It must include a time zone offset, e.g. Z or +02:00.")
    if not moment_in_range(parsed):
        raise ValueError(f"It {OUT_OF_RANGE}.")
    return parsed


# Strawberry's DateTime (same name and description, so the SDL is unchanged), time zone required.
AwareDateTime = ScalarDefinition(
    name="DateTime",
    description="Date with time (isoformat)",
    specified_by_url=None,
    serialize=isoformat,
    parse_value=wrap_parser(aware_datetime, "DateTime"),
    parse_literal=None,
    origin=datetime,
)


def scalar_overrides() -> dict[object, Any]:
    return {datetime: AwareDateTime}
