"""An SDL not re-exported after a code change fails the check with a diff and the fix."""

import shutil
import subprocess
import sys
from pathlib import Path

from scripts.schema import drift
from scripts.schema.sdl import FIX_COMMAND
from subgraphs.kit.registry import ROOT

NEW_FIELD = """
    @strawberry.field(description="What the person likes to be called.")
    def nickname(self) -> str | None:
        return None
"""


def copy_of_the_repository(root: Path) -> Path:
    """The code and the registry, runnable on their own (router packages linked, not copied)."""
    ignore = shutil.ignore_patterns("__pycache__")
    for path in ["subgraphs", "scripts/schema", "schema", "tests/graphql"]:
        shutil.copytree(ROOT / path, root / path, ignore=ignore)
    (root / "router").mkdir()
    for path in ["supergraph.yaml", "scripts/__init__.py", "router/compose.mjs"]:
        shutil.copy(ROOT / path, root / path)
    (root / "router" / "node_modules").symlink_to(ROOT / "router" / "node_modules")
    return root


def test_the_checked_in_sdl_is_what_the_code_exports():
    assert drift() == []


def test_a_code_change_without_re_export_fails_the_check(tmp_path):
    root = copy_of_the_repository(tmp_path)
    schema = root / "subgraphs" / "users" / "schema.py"
    anchor = "    def _is_viewer(self, info: Info) -> bool:\n"
    assert anchor in schema.read_text()
    schema.write_text(schema.read_text().replace(anchor, NEW_FIELD.lstrip("\n") + "\n" + anchor))

    run = subprocess.run(
        [sys.executable, "-m", "scripts.schema", "check"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert (
        f"== drift: FAIL — schema/ is not what the code exports; fix: {FIX_COMMAND}" in run.stdout
    )
    assert "   --- schema/users.graphql\n   +++ users (code)\n" in run.stdout
    assert '+  """What the person likes to be called."""\n' in run.stdout
    assert "+  nickname: String\n" in run.stdout
    assert run.stdout.rstrip().endswith("schema check failed: drift")
