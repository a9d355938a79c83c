"""`schema:publish`: record the schema as what clients are given, only if the check passes.

Writes schema/published/ (see published.py) from the checked-in SDLs and supergraph, and
clears the entries of schema/ACCEPTED_CHANGES.md: they acknowledged the changes up to this
publication, never later ones.
"""

from dataclasses import dataclass, field
from pathlib import Path

from scripts.schema.accepted import ACCEPTED, clear_entries
from scripts.schema.api import api_text
from scripts.schema.check import CheckResult, run_check
from scripts.schema.compose import SUPERGRAPH_SDL
from scripts.schema.published import Published, write_published
from subgraphs.kit.registry import ROOT, SUPERGRAPH_YAML, sdl_path, subgraph_names


@dataclass
class PublishResult:
    """The check publishing ran, and the files it wrote (none when the check failed), relative
    to the repository root."""

    check: CheckResult
    written: list[Path] = field(default_factory=list)
    cleared: int = 0

    @property
    def refused(self) -> bool:
        return bool(self.check.failures)


def publish(root: Path = ROOT) -> PublishResult:
    """Run the check against the published schema; when it passes, publish the current one."""
    check = run_check(root)
    if check.failures:
        return PublishResult(check)
    written = write_published(root, current_schema(root))
    relative = [path.relative_to(root) for path in written]
    return PublishResult(check, relative, clear_entries(root / ACCEPTED))


def current_schema(root: Path) -> Published:
    """The checked-in subgraph SDLs and the client-facing API of the checked-in supergraph."""
    config = root / SUPERGRAPH_YAML.name
    subgraphs = {name: sdl_path(name, config).read_text() for name in subgraph_names(config)}
    return Published(api_text((root / SUPERGRAPH_SDL).read_text()), subgraphs)
