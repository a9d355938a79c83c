"""Modules stay small (the project's habit: under about 300 lines, split by meaning): no module
of production code, Python under subgraphs/, scripts/, bench/ and deploy/ or the router's
TypeScript, is longer than 300 lines. Migrations (Alembic writes them, and a revision is never
split) and generated files are not counted."""

from pathlib import Path

from subgraphs.kit.registry import ROOT

MAX_LINES = 300
PYTHON_ROOTS = ("subgraphs", "scripts", "bench", "deploy")
GENERATED = ("@generated", "DO NOT EDIT")  # the usual markers, in a file's first lines
SKIPPED_DIRS = {"node_modules", "__pycache__", "migrations"}


def production_modules() -> list[Path]:
    found = [path for root in PYTHON_ROOTS for path in (ROOT / root).rglob("*.py")]
    found += (ROOT / "router").glob("*.ts")
    return sorted(path for path in found if not _exempt(path.relative_to(ROOT)))


def _exempt(relative: Path) -> bool:
    if SKIPPED_DIRS & set(relative.parts) or relative.parts[:3] == ("subgraphs", "kit", "alembic"):
        return True
    head = (ROOT / relative).read_text().splitlines()[:5]
    return any(marker in line for line in head for marker in GENERATED)


def test_the_count_reaches_every_part_of_the_tree():
    counted = {path.relative_to(ROOT).parts[0] for path in production_modules()}
    assert counted == {*PYTHON_ROOTS, "router"}


def test_no_production_module_is_longer_than_300_lines():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in production_modules()
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert not too_long, f"longer than {MAX_LINES} lines (split by meaning): " + ", ".join(
        f"{name} ({lines} lines)" for name, lines in sorted(too_long.items())
    )
