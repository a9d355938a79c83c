"""scripts/task rebuilds a .venv it cannot trust instead of reusing it.

Each test runs a copy of scripts/task in a throwaway project whose only dev dependency is the
`task` binary, so a rebuild takes seconds.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.stack import ROOT

PYPROJECT = """\
[project]
name = "task-bootstrap-check"
version = "0"
requires-python = "{requires}"
[project.optional-dependencies]
dev = ["go-task-bin==3.54.0"]
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"
[tool.setuptools]
py-modules = []
"""
TASKFILE = 'version: "3"\ntasks:\n  hello:\n    cmds: ["echo hello from task"]\n'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "task", tmp_path / "scripts" / "task")
    requires = next(
        line.split("=", 1)[1].strip().strip('"')
        for line in (ROOT / "pyproject.toml").read_text().splitlines()
        if line.startswith("requires-python")
    )
    (tmp_path / "pyproject.toml").write_text(PYPROJECT.format(requires=requires))
    (tmp_path / "Taskfile.yml").write_text(TASKFILE)
    return tmp_path


def run_task(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(project / "scripts" / "task"), "hello"],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_half_built_or_wrong_python_venv_is_rebuilt(project):
    subprocess.run(["python3", "-m", "venv", str(project / ".venv")], check=True)  # no stamp
    done = run_task(project)
    assert done.returncode == 0, done.stderr
    assert "setting up .venv" in done.stderr and "hello from task" in done.stdout
    again = run_task(project)
    assert again.returncode == 0 and "setting up" not in again.stderr

    python = project / ".venv" / "bin" / "python"
    python.unlink()
    python.write_text("#!/bin/sh\necho 'Python 3.10.13'; exit 1\n")  # the wrong Python, say
    python.chmod(0o755)
    done = run_task(project)
    assert done.returncode == 0, done.stderr
    assert "setting up .venv" in done.stderr and "hello from task" in done.stdout
