"""`kit.supersedes`: what a consumer keeps of an aggregate takes a newer event only, and a
deleted aggregate stays deleted whatever arrives after."""

from dataclasses import dataclass

import pytest

from subgraphs.kit import supersedes


@dataclass
class Known:
    sequence: int
    deleted: bool = False


@pytest.mark.parametrize(
    ("sequence", "known", "applied"),
    [
        (8, Known(7), True),  # newer
        (7, Known(7), False),  # the same event again
        (6, Known(7), False),  # late
        (8, Known(7, deleted=True), False),  # newer, but the aggregate was deleted
        (6, Known(7, deleted=True), False),
    ],
)
def test_a_newer_sequence_wins_and_a_deleted_aggregate_stays_deleted(sequence, known, applied):
    assert supersedes(sequence, known) is applied
