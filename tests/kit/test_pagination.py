"""Cursors are opaque, round-trip their sort key, and refuse what we did not give out."""

import gc
from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest
import strawberry
from sqlmodel import col, select
from strawberry.extensions import ParserCache

from subgraphs.applications.models import Application
from subgraphs.kit import Listing, asks_for, contains_pattern, runtime_of
from subgraphs.kit.errors import AppError
from subgraphs.kit.pagination import (
    _derivations,
    decode_cursor,
    encode_cursor,
    fetch_page,
    page_size,
)
from subgraphs.kit.selections import asks_for_total_only
from subgraphs.postings.models import DiscoveredJob

KEYS = (Application.created_at, Application.id)

ANY_ID = UUID("0d9e27e8-28fb-43f8-ad7a-2c6f6ce6ac31")


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
        # Fixed ids: pytest-xdist's workers must collect the same test names.
        encode_cursor(["0001-01-01T00:00:00+01:00", ANY_ID]),  # a year-0 moment in UTC
        encode_cursor(["9999-12-31T23:00:00-02:00", ANY_ID]),  # a year-10000 one
        encode_cursor(["2026-01-01T00:00:00", ANY_ID]),  # naive: no store compares it
    ],
)
def test_foreign_cursors_are_bad_input(cursor):
    with pytest.raises(AppError) as raised:
        decode_cursor(cursor, KEYS)
    assert raised.value.field == "after"


@pytest.mark.parametrize(
    ("rank", "accepted"), [(2**31 - 1, True), (2**31, False), (-(2**31) - 1, False)]
)
def test_a_cursor_number_beyond_its_column_is_bad_input(rank, accepted):
    keys = (DiscoveredJob.rank, DiscoveredJob.id)
    cursor = encode_cursor([rank, uuid4()])
    if accepted:
        assert decode_cursor(cursor, keys)[0] == rank
    else:
        with pytest.raises(AppError):
            decode_cursor(cursor, keys)


def test_page_size_defaults_and_bounds():
    assert page_size(None, default=20, maximum=100) == 20
    assert page_size(100, default=20, maximum=100) == 100
    for bad in (0, 101):
        with pytest.raises(AppError):
            page_size(bad, default=20, maximum=100)


def test_contains_pattern_escapes_what_like_would_read_as_wildcards():
    assert contains_pattern("50%_a/b") == "%50/%/_a//b%"


def test_a_listing_statement_kept_by_its_store_has_its_count_made_once():
    statement = select(Application)
    one: Listing[Application] = Listing(statement, keys=KEYS)
    two: Listing[Application] = Listing(statement, keys=KEYS, params={"x": 1})
    assert one.count() is two.count()
    assert Listing(select(Application), keys=KEYS).count() is not one.count()


def test_what_is_made_from_a_statement_goes_with_it():
    kept = len(_derivations)
    for _ in range(20):
        Listing(select(Application), keys=KEYS).count()
    gc.collect()
    assert len(_derivations) <= kept + 1


async def test_one_statement_listed_by_other_keys_is_ordered_by_them(applications_app):
    db = runtime_of(applications_app).db
    owner = uuid4()
    async with db.session(owner=owner) as session:
        for company, position in (("B", "y"), ("A", "z"), ("C", "x")):
            session.add(Application(company=company, position=position))
    statement = select(Application)
    by_company = (col(Application.company), col(Application.id))
    by_position = (col(Application.position), col(Application.id))
    async with db.reader(owner=owner) as session:
        for keys, expected in ((by_company, "ABC"), (by_position, "CBA"), (by_company, "ABC")):
            listing: Listing[Application] = Listing(statement, keys=keys, descending=False)
            first = await fetch_page(session, listing, first=1, after=None)
            rest = await fetch_page(session, listing, first=5, after=first.cursors[-1])
            assert "".join(row.company for row in first.rows + rest.rows) == expected


# What a connection field selects (`asks_for`), remembered per parsed document's field nodes:
# each document, each field of it, and each time the cached document runs again, its own answer.


@strawberry.type
class _Page:
    total_count: int = 1
    note: str = "x"


_ASKED: list[tuple[bool, bool]] = []


@strawberry.type
class _Query:
    @strawberry.field
    def page(self, info: strawberry.Info) -> _Page:
        _ASKED.append((asks_for(info, "totalCount"), asks_for_total_only(info)))
        return _Page()


_PARSED = ParserCache()  # one parsed document per text, kept between executions
_SCHEMA = strawberry.Schema(_Query, extensions=[lambda: _PARSED])


@pytest.mark.parametrize(
    ("document", "asked"),
    [
        ("{ page { totalCount } }", [(True, True)]),
        ("{ page { note } }", [(False, False)]),
        ("{ page { ...F } } fragment F on Page { totalCount note }", [(True, False)]),
        ("{ page { ... on Page { totalCount } __typename } }", [(True, True)]),
        ("{ a: page { totalCount } b: page { note } }", [(True, True), (False, False)]),
        ("{ a: page { totalCount } a: page { note } }", [(True, False)]),  # one field, two nodes
    ],
)
async def test_what_a_field_selects_is_read_from_its_own_nodes_every_time(document, asked):
    for _ in range(2):
        _ASKED.clear()
        result = await _SCHEMA.execute(document)
        assert result.errors is None
        assert _ASKED == asked
