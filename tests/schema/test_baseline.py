"""The baselines: the published schema by default; for local use a git commit, the merge base
with origin/main, else HEAD~1, else nothing."""

from pathlib import Path

import pytest

from scripts.schema.baseline import find_commit, git_baseline, published_baseline
from scripts.schema.published import Published, write_published
from tests.schema.conftest import git


def commit(root: Path, text: str) -> str:
    (root / "file.txt").write_text(text)
    git(root, "add", "file.txt")
    git(root, "commit", "--quiet", "--message", text)
    return git(root, "rev-parse", "HEAD").strip()


def test_the_published_baseline_is_what_schema_published_holds(tmp_path):
    write_published(
        tmp_path, Published("type Query { a: Int }\n", {"users": "type Query { a: Int }\n"})
    )
    baseline = published_baseline(tmp_path)
    assert (baseline.name, baseline.found) == ("schema/published/", True)
    assert baseline.subgraphs == {"users": "type Query { a: Int }\n"}
    assert baseline.supergraph == "type Query { a: Int }\n"


def test_without_schema_published_nothing_was_published(tmp_path):
    baseline = published_baseline(tmp_path)
    assert (baseline.name, baseline.found) == ("none", False)
    assert "nothing was published yet: run scripts/task schema:publish" in baseline.reason


def test_a_git_baseline_reads_the_files_the_commit_listed(registry):
    registry.edit("supergraph.yaml", "./schema/users.graphql", "./schema/people.graphql")
    (registry.root / "schema" / "users.graphql").rename(registry.root / "schema" / "people.graphql")
    registry.commit("move the users SDL")
    baseline = git_baseline(registry.root, "HEAD~1")
    assert baseline.subgraphs is not None
    assert baseline.subgraphs["users"] == (registry.root / "schema" / "people.graphql").read_text()
    assert baseline.supergraph == (registry.root / "schema" / "supergraph.graphql").read_text()


def test_outside_git_there_is_no_commit(tmp_path):
    assert find_commit(tmp_path).commit is None
    assert git_baseline(tmp_path).found is False


def test_the_first_commit_has_no_commit_to_compare_with(tmp_path):
    git(tmp_path, "init", "--quiet")
    commit(tmp_path, "one")
    ref = find_commit(tmp_path)
    assert ref.commit is None
    assert ref.reason.startswith("first commit")


def test_the_merge_base_with_origin_main_wins_over_the_parent(tmp_path):
    git(tmp_path, "init", "--quiet")
    first = commit(tmp_path, "one")
    second = commit(tmp_path, "two")
    assert find_commit(tmp_path).commit == first  # HEAD~1
    git(tmp_path, "update-ref", "refs/remotes/origin/main", first)
    commit(tmp_path, "three")
    assert find_commit(tmp_path).commit == first  # merge base, not HEAD~1
    assert find_commit(tmp_path, base="HEAD~1").commit == second
    assert find_commit(tmp_path).read(tmp_path / "file.txt") == "one"
    assert find_commit(tmp_path).read(tmp_path / "missing.txt") is None
    git(tmp_path, "update-ref", "refs/remotes/origin/main", "HEAD")
    assert find_commit(tmp_path).commit == second  # on main itself: the newest commit


def test_an_unknown_base_ref_is_refused(tmp_path):
    git(tmp_path, "init", "--quiet")
    commit(tmp_path, "one")
    with pytest.raises(ValueError, match="not a commit"):
        find_commit(tmp_path, base="no-such-branch")
