"""A throwaway copy of the schema registry in its own git repository, to break on purpose.

The copy holds supergraph.yaml, schema/ and tests/operations/ as they are now, committed,
with `origin/main` at that commit and HEAD one (empty) commit ahead, as on a branch. The tests
then change files in the working tree, as a developer would, and run the check on the copy: the real repository
is never touched.
"""

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts.schema.check import CheckResult, run_check
from scripts.schema.compose import COMPOSE_SCRIPT
from subgraphs.kit.registry import ROOT

GIT = ["git", "-c", "user.name=test", "-c", "user.email=test@example.com"]
GIT += ["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        [*GIT, "-C", str(root), *args], check=True, capture_output=True, text=True
    ).stdout


def compose_into(config: Path, out: Path) -> None:
    """Compose the subgraphs `config` lists into `out` (never the real schema/)."""
    command = ["node", str(COMPOSE_SCRIPT), "--config", str(config), "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True)


@dataclass
class Registry:
    root: Path

    def edit(self, path: str, old: str, new: str) -> None:
        """Replace `old` (which must be there) by `new` in a file of the copy."""
        file = self.root / path
        text = file.read_text()
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new, 1))

    def compose(self) -> None:
        """Recompose the copy's supergraph, as `task schema:compose` would."""
        compose_into(self.root / "supergraph.yaml", self.root / "schema" / "supergraph.graphql")

    def check(self) -> CheckResult:
        """Run the whole check on the copy, as `python -m scripts.schema check` does."""
        return run_check(self.root)


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "schema", root / "schema")
    shutil.copytree(ROOT / "tests" / "operations", root / "tests" / "operations")
    shutil.copy(ROOT / "supergraph.yaml", root / "supergraph.yaml")
    git(root, "init", "--quiet")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "registry as on main")
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(root, "commit", "--quiet", "--allow-empty", "--message", "a branch ahead of main")
    return Registry(root)
