"""schema/ACCEPTED_CHANGES.md: the reviewed list of breaking changes made on purpose.

Every list line outside code blocks is one entry:

    - <scope>: <change, exactly as the check prints it> — <reason>

`<scope>` is the subgraph the change comes from (or `supergraph`); the separator before the
reason is an em dash (` — `) or two hyphens (` -- `). A list line that does not parse is an
error, so a typo cannot silently leave a change unacknowledged.

Entries acknowledge the changes since the last publication (schema/published/): publishing
clears them, so an entry never excuses a later change, however alike.
"""

import re
from dataclasses import dataclass
from pathlib import Path

ACCEPTED = Path("schema/ACCEPTED_CHANGES.md")  # relative to the repository root
ENTRY = re.compile(r"^- (?P<scope>[A-Za-z0-9_-]+): (?P<change>.+?) (?:—|--) (?P<reason>.*\S.*)$")


@dataclass(frozen=True)
class Entry:
    """One acknowledged breaking change."""

    scope: str
    change: str
    reason: str
    line: int


def read_accepted(path: Path) -> tuple[list[Entry], list[str]]:
    """The entries of the file, and one error per list line that is not a valid entry."""
    if not path.exists():
        return [], []
    return _parse(path.read_text(), path.name)


def parse_entries(text: str) -> list[Entry]:
    """The valid entries of a text in this file's format (a publication's ACKNOWLEDGED.md)."""
    return _parse(text, "")[0]


def _parse(content: str, name: str) -> tuple[list[Entry], list[str]]:
    entries: list[Entry] = []
    errors: list[str] = []
    in_code = False
    for number, text in enumerate(content.splitlines(), start=1):
        if text.lstrip().startswith("```"):
            in_code = not in_code
        if in_code or not text.startswith("- "):
            continue
        match = ENTRY.match(text.rstrip())
        if not match:
            errors.append(
                f"{name}:{number}: not an entry; expected `- <scope>: <change> — <reason>`"
            )
        elif match["reason"].startswith("<reason"):
            errors.append(f"{name}:{number}: write the reason in place of the placeholder")
        else:
            entries.append(Entry(match["scope"], match["change"], match["reason"], number))
    return entries, errors


def entry_line(scope: str, change: str) -> str:
    """The line that acknowledges `change`, with a placeholder for the reason."""
    return f"- {scope}: {change} — <reason: why it is safe, who was told>"


def clear_entries(path: Path) -> int:
    """Remove every entry from the file, keeping everything else; how many were removed."""
    entries, _ = read_accepted(path)
    if not entries:
        return 0
    dropped = {entry.line for entry in entries}
    lines = path.read_text().splitlines(keepends=True)
    kept = [line for number, line in enumerate(lines, start=1) if number not in dropped]
    path.write_text("".join(kept).rstrip("\n") + "\n")
    return len(dropped)
