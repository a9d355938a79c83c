"""schema/published/: the schema as clients were last given it, written by `schema:publish`.

    schema/published/api.graphql               the supergraph's client-facing API
    schema/published/subgraphs/<name>.graphql  each subgraph's SDL
    schema/published/asyncapi.yaml             the event contracts (schema/asyncapi.yaml)
    schema/published/ACKNOWLEDGED.md           the breaking changes this publication made on
                                               purpose: schema/ACCEPTED_CHANGES.md's entries,
                                               moved here by publishing (`history.py` reads
                                               them back from git for every publication)

The breaking-change check compares the working tree with these files, however many commits
ago they were written. Only `publish` (scripts/schema/publish.py) writes them.
"""

from dataclasses import dataclass
from pathlib import Path

PUBLISHED = Path("schema/published")
PUBLISH_COMMAND = "scripts/task schema:publish"
API = "api.graphql"
SUBGRAPHS = "subgraphs"
EVENTS = "asyncapi.yaml"
ACKNOWLEDGED = "ACKNOWLEDGED.md"
README = f"""\
# The published schema

What clients and consumers were last given, as of the last `{PUBLISH_COMMAND}`: `{API}` is
the supergraph's client-facing API, `{SUBGRAPHS}/<name>.graphql` each subgraph's SDL,
`{EVENTS}` the event contracts, and `{ACKNOWLEDGED}` the breaking changes that publication made
on purpose, with their reasons. The schema check measures breaking changes from these files,
fails while the schema differs from them, and verifies every publication in git history
against the one before it. Written only by that task, never by hand: see the repository's
docs/schema.md.
"""
ACKNOWLEDGED_HEADER = """\
# Breaking changes this publication made on purpose

Moved here from schema/ACCEPTED_CHANGES.md by `scripts/task schema:publish`; the check verifies
each publication in git history against the one before it with these entries.

"""


@dataclass(frozen=True)
class Published:
    """The client-facing API (None when it was never published), each subgraph's SDL, the
    event contracts, and the entries acknowledging this publication's breaking changes."""

    api: str | None
    subgraphs: dict[str, str]
    events: str | None = None  # schema/asyncapi.yaml's text
    acknowledged: str = ""  # ACKNOWLEDGED.md's entry lines (empty: none)


def read_published(root: Path) -> Published | None:
    """What `root`'s schema/published/ holds; None when the directory does not exist."""
    directory = root / PUBLISHED
    if not directory.is_dir():
        return None
    files = sorted((directory / SUBGRAPHS).glob("*.graphql"))
    return Published(
        api=_text(directory / API),
        subgraphs={file.stem: file.read_text() for file in files},
        events=_text(directory / EVENTS),
        acknowledged=(_text(directory / ACKNOWLEDGED) or "").removeprefix(ACKNOWLEDGED_HEADER),
    )


def _text(path: Path) -> str | None:
    return path.read_text() if path.exists() else None


def write_published(root: Path, published: Published) -> list[Path]:
    """Replace `root`'s schema/published/ with `published`; the files written."""
    directory = root / PUBLISHED
    (directory / SUBGRAPHS).mkdir(parents=True, exist_ok=True)
    for file in (directory / SUBGRAPHS).glob("*.graphql"):
        if file.stem not in published.subgraphs:
            file.unlink()
    files = {directory / "README.md": README}
    optional = {API: published.api, EVENTS: published.events}
    for name, text in optional.items():
        if text is None:
            (directory / name).unlink(missing_ok=True)
        else:
            files[directory / name] = text
    files[directory / ACKNOWLEDGED] = ACKNOWLEDGED_HEADER + published.acknowledged
    for name, sdl in sorted(published.subgraphs.items()):
        files[directory / SUBGRAPHS / f"{name}.graphql"] = sdl
    for path, text in files.items():
        path.write_text(text)
    return list(files)
