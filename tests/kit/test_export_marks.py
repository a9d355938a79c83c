"""Secrets are marked on their models (`kit.secret_field`), and the export reads the marks:
no list of column names in kit decides what an export leaves out."""

import re

from subgraphs.kit.export import _exported
from subgraphs.kit.migrations import metadata_of
from subgraphs.kit.registry import subgraph_names

SECRET_NAME = re.compile(r"password|token|nonce|secret")


def columns():
    for name in subgraph_names():
        for table in metadata_of(name).sorted_tables:
            for column in table.c:
                yield f"{name}.{table.name}.{column.name}", column


def test_the_marked_secrets_are_the_ones_we_know():
    marked = sorted(where for where, column in columns() if not _exported(column))
    assert marked == [
        "interviews.calendar_feeds.nonce",
        "interviews.calendar_feeds.token_hash",
        "users.users.password_hash",
    ]


def test_a_column_named_like_a_secret_is_marked():
    unmarked = [where for where, c in columns() if SECRET_NAME.search(c.name) and _exported(c)]
    assert unmarked == [], "mark it with kit.secret_field, or rename it if it is no secret"
