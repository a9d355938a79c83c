"""`schema:publish`: record the schema as what clients are given, only if the check passes
(an unpublished schema aside: that is what publishing fixes).

Writes schema/published/ (see published.py) from the checked-in SDLs, supergraph and event
contracts, and moves the entries of schema/ACCEPTED_CHANGES.md into the publication's
ACKNOWLEDGED.md: they acknowledged the changes up to this publication, never later ones, and
the history check reads them back from there.
"""

from dataclasses import dataclass, field, replace
from pathlib import Path

from scripts.schema.accepted import ACCEPTED, clear_entries
from scripts.schema.check import CheckResult, run_check
from scripts.schema.publication import current_schema
from scripts.schema.published import write_published
from subgraphs.kit.registry import ROOT


@dataclass
class PublishResult:
    """The check publishing ran, and the files it wrote (none when the check failed), relative
    to the repository root."""

    check: CheckResult
    written: list[Path] = field(default_factory=list)
    cleared: int = 0

    @property
    def refused(self) -> bool:
        return bool(self.check.blocks_publishing)


def publish(root: Path = ROOT) -> PublishResult:
    """Run the check against the published schema; when it passes, publish the current one."""
    check = run_check(root)
    if check.blocks_publishing:
        return PublishResult(check)
    used = {v.entry.line for v in check.verdicts if v.entry is not None}
    lines = [line for number, line in _lines(root / ACCEPTED) if number in used]
    acknowledged = "".join(f"{line}\n" for line in lines)
    written = write_published(root, replace(current_schema(root), acknowledged=acknowledged))
    relative = [path.relative_to(root) for path in written]
    return PublishResult(check, relative, clear_entries(root / ACCEPTED))


def _lines(path: Path) -> list[tuple[int, str]]:
    if not path.exists():
        return []
    return list(enumerate(path.read_text().splitlines(), start=1))
