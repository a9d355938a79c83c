"""schema/ACCEPTED_CHANGES.md: one list line per accepted change, and nothing ambiguous."""

from scripts.schema.accepted import Entry, entry_line, read_accepted
from subgraphs.kit.registry import ROOT


def test_entries_are_list_lines_with_scope_change_and_reason(tmp_path):
    path = tmp_path / "ACCEPTED_CHANGES.md"
    path.write_text(
        "# Accepted\n\nProse is ignored.\n\n```\n- users: Example. — not an entry\n```\n"
        "- users: Field User.headline was removed. — web/ stopped asking in v0.3\n"
        "- supergraph: Enum value ApplicationStatus.OFFER was removed. -- merged into INTERVIEW\n"
    )
    entries, errors = read_accepted(path)
    assert errors == []
    assert entries == [
        Entry("users", "Field User.headline was removed.", "web/ stopped asking in v0.3", 8),
        Entry(
            "supergraph",
            "Enum value ApplicationStatus.OFFER was removed.",
            "merged into INTERVIEW",
            9,
        ),
    ]


def test_a_list_line_without_a_reason_is_an_error(tmp_path):
    path = tmp_path / "ACCEPTED_CHANGES.md"
    path.write_text(f"- users: Field User.headline was removed.\n{entry_line('users', 'X.')}\n")
    entries, errors = read_accepted(path)
    assert entries == []
    assert errors == [
        "ACCEPTED_CHANGES.md:1: not an entry; expected `- <scope>: <change> — <reason>`",
        "ACCEPTED_CHANGES.md:2: write the reason in place of the placeholder",
    ]


def test_the_checked_in_file_parses():
    assert read_accepted(ROOT / "schema" / "ACCEPTED_CHANGES.md")[1] == []
