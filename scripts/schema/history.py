"""Every publication in git history, verified against the one before it.

Publishing makes the schema the new baseline, so a breaking change published without an
acknowledgement would pass every later check: this part of the check walks the commits that
changed schema/published/ (and the working tree's publication, when it is not committed yet)
and requires each breaking change a publication made, to clients' API or to the event
contracts, to be acknowledged in that publication's own ACKNOWLEDGED.md. Nothing in the
history can be rewritten quietly: a laundered publication fails every check after it.
"""

import subprocess
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from scripts.schema.accepted import parse_entries
from scripts.schema.asyncapi import load
from scripts.schema.breaking import SUPERGRAPH, diff_sdl
from scripts.schema.events import breaking
from scripts.schema.published import (
    ACKNOWLEDGED,
    ACKNOWLEDGED_HEADER,
    API,
    EVENTS,
    PUBLISHED,
    Published,
    read_published,
)


@dataclass(frozen=True)
class Publication:
    label: str  # the commit (12 digits), or "working tree"
    published: Published


@dataclass
class HistoryResult:
    publications: int = 0
    unacknowledged: list[str] = field(default_factory=list)  # "<publication>: <change>"
    note: str = ""  # why part of the history could not be read, if so


def verify_history(root: Path) -> HistoryResult:
    """Each publication's breaking changes against the one before it, and whether its own
    ACKNOWLEDGED.md names them."""
    found = publications(root)
    result = HistoryResult(publications=len(found))
    if (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
        result.note = "a shallow clone: publications older than its first commit are not seen"
    for before, after in pairwise(found):
        acknowledged = {entry.change for entry in parse_entries(after.published.acknowledged)}
        for change in changes(before.published, after.published):
            if change not in acknowledged:
                result.unacknowledged.append(f"{after.label}: {change}")
    return result


def changes(before: Published, after: Published) -> list[str]:
    """The breaking changes from one publication to the next: clients' API, then events."""
    api = diff_sdl(SUPERGRAPH, before.api, after.api, baseline=True).breaking
    old, new = load(before.events), load(after.events)
    events = [] if old is None or new is None else [c.change for c in breaking(old, new)]
    return [*api, *events]


def publications(root: Path) -> list[Publication]:
    """The commits that changed schema/published/, oldest first, then the working tree's
    publication when it differs from the last commit's."""
    log = _git(root, "log", "--reverse", "--format=%H", "--", PUBLISHED.as_posix())
    found = [Publication(c[:12], _at(root, c)) for c in (log or "").split()]
    current = read_published(root)
    if current is not None and (not found or current != found[-1].published):
        found.append(Publication("working tree", current))
    return found


def _at(root: Path, commit: str) -> Published:
    """schema/published/ as the commit has it."""
    listed = _git(root, "ls-tree", "-r", "--name-only", commit, "--", PUBLISHED.as_posix())
    texts = {
        path.removeprefix(f"{PUBLISHED.as_posix()}/"): _git(root, "show", f"{commit}:{path}")
        for path in (listed or "").split()
    }
    subgraphs = {
        name.removeprefix("subgraphs/").removesuffix(".graphql"): text or ""
        for name, text in texts.items()
        if name.startswith("subgraphs/")
    }
    acknowledged = (texts.get(ACKNOWLEDGED) or "").removeprefix(ACKNOWLEDGED_HEADER)
    return Published(texts.get(API), subgraphs, texts.get(EVENTS), acknowledged)


def _git(root: Path, *args: str) -> str | None:
    run = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
    )
    return run.stdout if run.returncode == 0 else None
