"""Applying another subgraph's events in order: a consumer that keeps what it knows of an
aggregate (a known application, a registered user) records the sequence of the last event it
applied (`Event.sequence`), and a deletion leaves a tombstone. An event changes what is known
only when it is newer, and never brings a deleted aggregate back (`supersedes`)."""

from typing import Protocol


class Sequenced(Protocol):
    """What a consumer keeps of an aggregate: the last applied event's sequence, and whether
    the aggregate was deleted (its tombstone)."""

    @property
    def sequence(self) -> int: ...

    @property
    def deleted(self) -> bool: ...


def supersedes(sequence: int, known: Sequenced) -> bool:
    """Whether the event numbered `sequence` is to be applied to what is `known` of its
    aggregate: a newer sequence wins (a duplicate or a late delivery changes nothing), and a
    deleted aggregate stays deleted."""
    return sequence > known.sequence and not known.deleted
