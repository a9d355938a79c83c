"""What the fuzz gives as input: the project's scalars and the edges of the built-in ones, as
GraphQL value nodes (hypothesis-graphql's `custom_scalars`).

    strings     short text of any code point but surrogates, words the subgraphs look into
                (time zones, URLs, e-mails, currencies, cursors), and huge text (tens of KB)
    ints        32-bit values and their edges, and integers far past them (64-bit, 10^30)
    floats      every float, infinities written as 1e400 (NaN has no GraphQL literal)
    moments     DateTime: any moment datetime can write in offsets -14:00..+14:00, the years
                1, 1900, 9000 and 9999 most of all; naive ones, impossible dates and garbage
    ids         the account's own ids, someone's, UUIDs, numbers and garbage
    any_values  _Any: entity representations of the subgraph's types with any key, and any
                JSON-like value (nested lists and objects, huge numbers, 1e400)
"""

import base64
import json
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

import graphql
from hypothesis import strategies as st
from hypothesis_graphql import nodes

TIME_ZONE_OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
# Any moment datetime can write, with any offset a time zone has: near years 1 and 9999 too.
ANY_MOMENT = st.one_of(
    st.datetimes(timezones=TIME_ZONE_OFFSETS),
    st.datetimes(max_value=datetime(1, 1, 3), timezones=TIME_ZONE_OFFSETS),
    st.datetimes(min_value=datetime(9999, 12, 29), timezones=TIME_ZONE_OFFSETS),
    st.datetimes(min_value=datetime(1899, 12, 30), max_value=datetime(1900, 1, 2),
                 timezones=TIME_ZONE_OFFSETS),
    st.datetimes(min_value=datetime(8999, 12, 30), max_value=datetime(9000, 1, 2),
                 timezones=TIME_ZONE_OFFSETS),
)  # fmt: skip


def cursor(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


WORDS = [
    "", " ", "UTC", "Europe/Berlin", "Pacific/Kiritimati", "Etc/GMT+12", "Etc/GMT-14",
    "America/St_Johns", "Asia/Kathmandu", "Nope/Nowhere", "../../etc/passwd", "localtime",
    "EUR", "USD", "eur", "XXX", "€", "ada@example.com", "a@b", "@", "x" * 65 + "@example.com",
    "https://example.com/jobs/1", "http://127.0.0.1:9/job", "http://[::1]:9/", "ftp://example.com",
    "javascript:alert(1)", "data:text/html,<b>", "https://", "//example.com", "acme", "acme/jobs",
    "+49 30 1234567", "0", "-1", "1e400", "NaN", "null", "true", "[]", "{}",
    "Application", "Contact", "User", "RESUME", "SAVED",
    "company,position\nAcme,Engineer\n", "company,position,status,appliedAt\nA,B,NOPE,1-1-1\n",
    '"', "'", "\\", "\u0000", "\u202e", "\ufeff", "\U0001f600", "a\r\nb", "<script>",
    cursor([1, 2]), cursor(["9999-12-31T23:59:59+14:00", "x"]), cursor([None, None]),
    cursor(["0001-01-01T00:00:00-14:00", 2**70]), cursor({"a": 1}), "e30", "!!!",
]  # fmt: skip


def huge(text: str, size: int) -> str:
    return (text * (size // len(text) + 1))[:size]


# Text of tens of KB, built by repetition (drawing each character would take seconds).
HUGE_TEXT = st.builds(huge, st.text(min_size=1, max_size=5), st.integers(10_000, 70_000))
STRINGS = st.one_of(st.text(max_size=40), st.sampled_from(WORDS), HUGE_TEXT)

EDGE_INTS = [0, 1, -1, 59, 60, 1440, 43_200, 10_000, 2**31 - 1, -(2**31), 2**31, -(2**31) - 1,
             2**53 + 1, 2**63, -(2**63) - 1, 10**30]  # fmt: skip
INTS = st.one_of(
    st.sampled_from(EDGE_INTS),
    st.integers(min_value=-(2**31), max_value=2**31 - 1),
    st.integers(min_value=-(10**40), max_value=10**40),
)


def float_literal(value: float) -> str:
    """A Float literal for any float: infinities as 1e400, which graphql-core reads as inf."""
    if value != value:  # NaN: no literal, the largest exponent stands in
        return "-1e400"
    if value in (float("inf"), float("-inf")):
        return "1e400" if value > 0 else "-1e400"
    return repr(value)


FLOATS = st.floats().map(float_literal)


def moment_text(value: datetime, utc_z: bool) -> str:
    text = value.isoformat()
    return text.replace("+00:00", "Z") if utc_z else text


MOMENT_WORDS = [
    "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00-14:00", "9999-12-31T23:59:59.999999-14:00",
    "9999-12-31T23:59:59.999999+14:00", "1900-01-01T00:00:00+00:01", "9000-01-01T00:00:00-00:01",
    "2024-02-30T00:00:00Z", "2024-01-01", "2024-01-01T00:00:00", "2024-01-01T25:00:00Z",
    "2024-01-01T00:00:00+24:00", "2024-01-01T00:00:00+23:59", "+10000-01-01T00:00:00Z",
    "99999999999999999999-01-01T00:00:00Z", "2024-01-01T00:00:00Z[Europe/Berlin]", "now",
]  # fmt: skip
MOMENTS = st.one_of(
    st.builds(moment_text, ANY_MOMENT, st.booleans()),
    st.datetimes().map(datetime.isoformat),  # naive
    st.sampled_from(MOMENT_WORDS),
    st.text(max_size=30),
)


def ids(known: Sequence[str]) -> st.SearchStrategy[str]:
    """IDs: the account's own (`known`: what it made), anyone's, and anything else."""
    made = [st.sampled_from(list(known))] if known else []
    return st.one_of(
        *made, st.uuids().map(str), st.uuids().map(lambda u: u.hex), st.integers().map(str),
        st.sampled_from(["", "0", "-1", "x", "null", "00000000-0000-0000-0000-000000000000"]),
        STRINGS,
    )  # fmt: skip


def string_node(value: str) -> graphql.ValueNode:
    return nodes.String(value)


def int_node(value: int) -> graphql.ValueNode:
    return nodes.Int(value)


def float_node(literal: str) -> graphql.ValueNode:
    return graphql.FloatValueNode(value=literal)


def object_node(fields: dict[str, graphql.ValueNode]) -> graphql.ValueNode:
    return nodes.Object(
        [
            graphql.ObjectFieldNode(name=graphql.NameNode(value=name), value=value)
            for name, value in fields.items()
            if name  # "" is no name in a literal
        ]
    )


# Any value a JSON-like scalar (_Any) may be given, as a literal: null, booleans, numbers past
# every range (1e400 is inf), strings, lists and objects nested a few levels.
JSON_LEAVES = st.one_of(
    st.just(nodes.Null),
    st.booleans().map(nodes.Boolean),
    INTS.map(int_node),
    FLOATS.map(float_node),
    STRINGS.map(string_node),
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda children: st.one_of(
        st.lists(children, max_size=4).map(nodes.List),
        st.dictionaries(
            st.sampled_from(["id", "__typename", "a", "owner", ""]), children, max_size=4
        ).map(object_node),
    ),
    max_leaves=12,
)


def representations(
    types: Sequence[str], known: Sequence[str]
) -> st.SearchStrategy[graphql.ValueNode]:
    """_Any: a representation of one of `types` (or of no type of this subgraph) with any id,
    sometimes with more fields or fewer, or any value at all."""
    typename = st.sampled_from([*types, "Nope", "", "_Service", "Query"])
    key = st.one_of(ids(known).map(string_node), JSON_VALUES)
    extra = st.dictionaries(st.sampled_from(["owner", "email", "extra"]), JSON_VALUES, max_size=2)
    entity = st.builds(
        lambda name, id_, more, drop: object_node(
            {**({} if drop else {"id": id_}), "__typename": string_node(name), **more}
        ),
        typename, key, extra, st.booleans(),
    )  # fmt: skip
    return st.one_of(entity, JSON_VALUES)


def scalars(
    types: Sequence[str], known: Sequence[str]
) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    """hypothesis-graphql's `custom_scalars` for a schema whose entity types are `types`, for an
    account that made the objects `known`: the built-in scalars are widened too."""
    return {
        "String": STRINGS.map(string_node),
        "ID": ids(known).map(string_node) | INTS.map(int_node),
        "Int": INTS.map(int_node),
        "Float": FLOATS.map(float_node) | INTS.map(int_node),
        "DateTime": MOMENTS.map(string_node),
        "JSON": JSON_VALUES,
        "_Any": representations(types, known),
    }
