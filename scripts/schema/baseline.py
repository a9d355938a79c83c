"""What the breaking-change check compares the working tree with.

By default the published schema (`schema/published/`): what clients were last given, however
many commits ago. For local use, the schema/ of a git commit instead: `--base REF`, or
`--merge-base` (the merge base of HEAD and origin/main, else HEAD~1).
"""

import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.schema.asyncapi import ASYNCAPI
from scripts.schema.compose import SUPERGRAPH_SDL
from scripts.schema.published import PUBLISH_COMMAND, PUBLISHED, read_published
from subgraphs.kit.registry import SUPERGRAPH_YAML, sdl_path, subgraph_names


@dataclass(frozen=True)
class Baseline:
    """The subgraph SDLs and the supergraph (SDL or client-facing API) to compare with, and
    what they are, in words for the report. `subgraphs` is None when there is nothing."""

    name: str
    reason: str
    subgraphs: dict[str, str] | None = None
    supergraph: str | None = None
    events: str | None = None  # the AsyncAPI document's text

    @property
    def found(self) -> bool:
        return self.subgraphs is not None


def published_baseline(root: Path) -> Baseline:
    """The schema as last published; nothing when it never was (then every part is new)."""
    published = read_published(root)
    if published is None:
        reason = f"{PUBLISHED}/ is missing, nothing was published yet: run {PUBLISH_COMMAND}"
        return Baseline("none", reason)
    reason = f"what clients were last given, written by {PUBLISH_COMMAND}"
    return Baseline(f"{PUBLISHED}/", reason, published.subgraphs, published.api, published.events)


def git_baseline(root: Path, base: str | None = None) -> Baseline:
    """The schema/ files of the commit `find_commit` chooses, as that commit listed them."""
    ref = find_commit(root, base)
    if ref.commit is None:
        return Baseline("none", ref.reason)
    config = root / SUPERGRAPH_YAML.name
    old_config = ref.read(config)
    if old_config is None:  # no registry at that commit: look where the files are now
        files = {name: sdl_path(name, config) for name in subgraph_names(config)}
    else:
        listed = (yaml.safe_load(old_config) or {}).get("subgraphs") or {}
        files = {name: root / s["schema"]["file"] for name, s in listed.items()}
    subgraphs = {name: sdl for name, path in files.items() if (sdl := ref.read(path)) is not None}
    supergraph, events = ref.read(root / SUPERGRAPH_SDL), ref.read(root / ASYNCAPI)
    return Baseline(ref.commit[:12], ref.reason, subgraphs, supergraph, events)


@dataclass(frozen=True)
class GitRef:
    """A commit (or none) and how it was chosen, in words for the report."""

    root: Path
    commit: str | None
    reason: str

    def read(self, path: Path) -> str | None:
        """The file's text at the commit; None when it did not exist there."""
        if self.commit is None:
            return None
        relative = path.resolve().relative_to(self.root.resolve())
        return _git(self.root, "show", f"{self.commit}:./{relative.as_posix()}")


def find_commit(root: Path, base: str | None = None) -> GitRef:
    """`base` if given, else the merge base of HEAD and origin/main when HEAD is ahead of it,
    else HEAD~1, else none."""
    if _git(root, "rev-parse", "--is-inside-work-tree") is None:
        return GitRef(root, None, "not a git repository")
    if base:
        commit = _commit(root, base)
        if commit is None:
            raise ValueError(f"base ref {base!r} is not a commit in {root}")
        return GitRef(root, commit, f"{base}, given with --base or SCHEMA_BASE_REF")
    head = _commit(root, "HEAD")
    if _commit(root, "origin/main"):
        commit = (_git(root, "merge-base", "HEAD", "origin/main") or "").strip()
        # On main itself the merge base is HEAD: compare the newest commit with its parent.
        if commit and commit != head:
            return GitRef(root, commit, "merge base of HEAD and origin/main")
    commit = _commit(root, "HEAD~1")
    if commit:
        return GitRef(root, commit, "HEAD~1: no origin/main, or HEAD is origin/main")
    return GitRef(root, None, "first commit, or a shallow clone: nothing to compare with")


def _commit(root: Path, ref: str) -> str | None:
    out = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    return out.strip() if out else None


def _git(root: Path, *args: str) -> str | None:
    run = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
    )
    return run.stdout if run.returncode == 0 else None
