"""A throwaway copy of the schema registry in its own git repository, to break on purpose.

The copy holds supergraph.yaml, schema/ (event contracts included) and tests/graphql/ as
they are now, with the
current schema just published (schema/published/ written from it, no acknowledgements left),
committed, with `origin/main` at that commit and HEAD one (empty) commit ahead, as on a branch.
The tests then change files in the working tree, as a developer would, and run the check on
the copy: the real repository is never touched.

The copy has no code: an edit to its schema/ stands for a code change re-exported, so the
drift parts of the check (code against schema/, tested with a copy of the code in
test_drift.py) are left out here.
"""

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

import scripts.schema.check
import scripts.schema.events
from scripts.schema.accepted import ACCEPTED, clear_entries
from scripts.schema.baseline import Baseline
from scripts.schema.check import CheckResult, run_check
from scripts.schema.compose import COMPOSE_SCRIPT
from scripts.schema.publication import current_schema
from scripts.schema.publish import PublishResult, publish
from scripts.schema.published import write_published
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

    def edit_application_status(self, old: str, new: str) -> None:
        """An edit of the ApplicationStatus enum: applications declare it, and so does search
        (it provides `Application.status`), so both files change, as both subgraphs would."""
        for path in ("schema/applications.graphql", "schema/search.graphql"):
            self.edit(path, old, new)

    def compose(self) -> None:
        """Recompose the copy's supergraph, as `task schema:compose` would."""
        compose_into(self.root / "supergraph.yaml", self.root / "schema" / "supergraph.graphql")

    def accept(self, scope: str, change: str, reason: str) -> None:
        """Acknowledge `change` in the copy's schema/ACCEPTED_CHANGES.md."""
        with (self.root / ACCEPTED).open("a") as accepted:
            accepted.write(f"- {scope}: {change} — {reason}\n")

    def commit(self, message: str) -> None:
        """Commit every change in the working tree."""
        git(self.root, "add", "--all")
        git(self.root, "commit", "--quiet", "--allow-empty", "--message", message)

    def head(self) -> str:
        return git(self.root, "rev-parse", "HEAD").strip()

    def check(self, baseline: Baseline | None = None) -> CheckResult:
        """Run the whole check on the copy, as `python -m scripts.schema check` does."""
        return run_check(self.root, baseline)

    def publish(self) -> PublishResult:
        """Publish the copy's schema, as `scripts/task schema:publish` does."""
        return publish(self.root)


@pytest.fixture
def registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Registry:
    monkeypatch.setattr(scripts.schema.check, "drift", lambda config: [])
    monkeypatch.setattr(scripts.schema.events, "event_drift", lambda config, text: "")
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "schema", root / "schema")
    shutil.copytree(ROOT / "tests" / "graphql", root / "tests" / "graphql")
    shutil.copy(ROOT / "supergraph.yaml", root / "supergraph.yaml")
    write_published(root, current_schema(root))  # as if published just now
    clear_entries(root / ACCEPTED)
    git(root, "init", "--quiet")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "registry as on main, just published")
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(root, "commit", "--quiet", "--allow-empty", "--message", "a branch ahead of main")
    return Registry(root)
