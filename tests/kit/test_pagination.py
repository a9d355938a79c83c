"""Cursors are opaque, round-trip their sort key, and refuse what we did not give out."""

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from subgraphs.applications.models import Application
from subgraphs.kit.errors import AppError
from subgraphs.kit.pagination import decode_cursor, encode_cursor, page_size

KEYS = (Application.created_at, Application.id)


def test_cursor_round_trips_the_sort_key():
    key = [datetime(2026, 5, 1, 12, 30, tzinfo=UTC), uuid4()]
    assert decode_cursor(encode_cursor(key), KEYS) == key


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "garbage",
        encode_cursor(["only-one"]),
        encode_cursor(["x", "y"]),
        "WzEsMl0",  # [1,2]: the right length, numbers instead of the keys' text
        "W251bGwsIm51bGwiXQ",  # [null,"null"]
        "e30",  # {}
        "\ud800",
    ],
)
def test_foreign_cursors_are_bad_input(cursor):
    with pytest.raises(AppError) as raised:
        decode_cursor(cursor, KEYS)
    assert raised.value.field == "after"


def test_page_size_defaults_and_bounds():
    assert page_size(None, default=20, maximum=100) == 20
    assert page_size(100, default=20, maximum=100) == 100
    for bad in (0, 101):
        with pytest.raises(AppError):
            page_size(bad, default=20, maximum=100)
