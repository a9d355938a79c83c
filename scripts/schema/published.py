"""schema/published/: the schema as clients were last given it, written by `schema:publish`.

    schema/published/api.graphql               the supergraph's client-facing API
    schema/published/subgraphs/<name>.graphql  each subgraph's SDL

The breaking-change check compares the working tree with these files, however many commits
ago they were written. Only `publish` (scripts/schema/publish.py) writes them.
"""

from dataclasses import dataclass
from pathlib import Path

PUBLISHED = Path("schema/published")
PUBLISH_COMMAND = "scripts/task schema:publish"
API = "api.graphql"
SUBGRAPHS = "subgraphs"
README = f"""\
# The published schema

What clients were last given, as of the last `{PUBLISH_COMMAND}`: `{API}` is the
supergraph's client-facing API, `{SUBGRAPHS}/<name>.graphql` each subgraph's SDL. The schema
check measures breaking changes from these files. Written only by that task (with each
subgraph release), never by hand: see the repository's docs/schema.md.
"""


@dataclass(frozen=True)
class Published:
    """The client-facing API (None when it was never published) and each subgraph's SDL."""

    api: str | None
    subgraphs: dict[str, str]


def read_published(root: Path) -> Published | None:
    """What `root`'s schema/published/ holds; None when the directory does not exist."""
    directory = root / PUBLISHED
    if not directory.is_dir():
        return None
    api = directory / API
    files = sorted((directory / SUBGRAPHS).glob("*.graphql"))
    return Published(
        api=api.read_text() if api.exists() else None,
        subgraphs={file.stem: file.read_text() for file in files},
    )


def write_published(root: Path, published: Published) -> list[Path]:
    """Replace `root`'s schema/published/ with `published`; the files written."""
    directory = root / PUBLISHED
    (directory / SUBGRAPHS).mkdir(parents=True, exist_ok=True)
    for file in (directory / SUBGRAPHS).glob("*.graphql"):
        if file.stem not in published.subgraphs:
            file.unlink()
    files = {directory / "README.md": README}
    if published.api is None:
        (directory / API).unlink(missing_ok=True)
    else:
        files[directory / API] = published.api
    for name, sdl in sorted(published.subgraphs.items()):
        files[directory / SUBGRAPHS / f"{name}.graphql"] = sdl
    for path, text in files.items():
        path.write_text(text)
    return list(files)
