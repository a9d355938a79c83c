"""The moments a store keeps: time-zone aware, from EARLIEST to LATEST (UTC, both included).

Python's datetime ends at years 1 and 9999, so a moment near either end overflows when it is
shown in another time zone (`astimezone`), moved by a duration or a reminder's offset, or
stored in UTC (`0001-01-01T00:00:00+01:00` is a year-0 moment in UTC). Kept between 1900 and
9000, every offset (±24 h) and every duration this tracker adds (at most 30 days) stays far
inside datetime's range, on SQLite and PostgreSQL alike; a job search needs no moment outside
it. The DateTime scalar, the `Aware` field type, cursors and the CSV import all hold to it.
"""

from datetime import UTC, datetime

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
NAIVE = "must include a time zone offset"
OUT_OF_RANGE = (
    "must lie between 1900-01-01T00:00:00Z and 9000-01-01T00:00:00Z, so that every time zone "
    "can show it"
)


def moment_in_range(value: datetime) -> bool:
    """Whether `value` (time-zone aware) lies between EARLIEST and LATEST. Comparing never
    overflows, whatever the offset; converting might."""
    return EARLIEST <= value <= LATEST


def check_moment(value: datetime) -> datetime:
    """`value` when a store can keep it and every time zone show it; else ValueError saying why
    (a naive moment, or one outside EARLIEST..LATEST)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(NAIVE)
    if not moment_in_range(value):
        raise ValueError(OUT_OF_RANGE)
    return value
