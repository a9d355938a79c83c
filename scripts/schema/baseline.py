"""The git commit whose schema/ the breaking-change check compares the working tree with."""

import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Baseline:
    """A commit (or none) and how it was chosen, in words for the report."""

    root: Path
    commit: str | None
    reason: str

    def read(self, path: Path) -> str | None:
        """The file's text at the baseline commit; None when it did not exist there."""
        if self.commit is None:
            return None
        relative = path.resolve().relative_to(self.root.resolve())
        return _git(self.root, "show", f"{self.commit}:./{relative.as_posix()}")


def find_baseline(root: Path, base: str | None = None) -> Baseline:
    """`base` if given, else the merge base of HEAD and origin/main when HEAD is ahead of it,
    else HEAD~1, else none."""
    if _git(root, "rev-parse", "--is-inside-work-tree") is None:
        return Baseline(root, None, "not a git repository")
    if base:
        commit = _commit(root, base)
        if commit is None:
            raise ValueError(f"base ref {base!r} is not a commit in {root}")
        return Baseline(root, commit, f"{base}, given with --base or SCHEMA_BASE_REF")
    head = _commit(root, "HEAD")
    if _commit(root, "origin/main"):
        commit = (_git(root, "merge-base", "HEAD", "origin/main") or "").strip()
        # On main itself (CI's fresh clone) the merge base is HEAD: check the newest commit.
        if commit and commit != head:
            return Baseline(root, commit, "merge base of HEAD and origin/main")
    commit = _commit(root, "HEAD~1")
    if commit:
        return Baseline(root, commit, "HEAD~1: no origin/main, or HEAD is origin/main")
    return Baseline(root, None, "first commit, or a shallow clone: nothing to compare with")


def _commit(root: Path, ref: str) -> str | None:
    out = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    return out.strip() if out else None


def _git(root: Path, *args: str) -> str | None:
    run = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
    )
    return run.stdout if run.returncode == 0 else None
