"""The baseline: the merge base with origin/main, else HEAD~1, else nothing."""

from pathlib import Path

import pytest

from scripts.schema.baseline import find_baseline
from tests.schema.conftest import git


def commit(root: Path, text: str) -> str:
    (root / "file.txt").write_text(text)
    git(root, "add", "file.txt")
    git(root, "commit", "--quiet", "--message", text)
    return git(root, "rev-parse", "HEAD").strip()


def test_outside_git_there_is_no_baseline(tmp_path):
    assert find_baseline(tmp_path).commit is None


def test_the_first_commit_has_no_baseline(tmp_path):
    git(tmp_path, "init", "--quiet")
    commit(tmp_path, "one")
    baseline = find_baseline(tmp_path)
    assert baseline.commit is None
    assert baseline.reason.startswith("first commit")


def test_the_merge_base_with_origin_main_wins_over_the_parent(tmp_path):
    git(tmp_path, "init", "--quiet")
    first = commit(tmp_path, "one")
    second = commit(tmp_path, "two")
    assert find_baseline(tmp_path).commit == first  # HEAD~1
    git(tmp_path, "update-ref", "refs/remotes/origin/main", first)
    commit(tmp_path, "three")
    assert find_baseline(tmp_path).commit == first  # merge base, not HEAD~1
    assert find_baseline(tmp_path, base="HEAD~1").commit == second
    assert find_baseline(tmp_path).read(tmp_path / "file.txt") == "one"
    assert find_baseline(tmp_path).read(tmp_path / "missing.txt") is None
    git(tmp_path, "update-ref", "refs/remotes/origin/main", "HEAD")
    assert find_baseline(tmp_path).commit == second  # on main itself: the newest commit


def test_an_unknown_base_ref_is_refused(tmp_path):
    git(tmp_path, "init", "--quiet")
    commit(tmp_path, "one")
    with pytest.raises(ValueError, match="not a commit"):
        find_baseline(tmp_path, base="no-such-branch")
