"""Schema registry tasks: export each subgraph's SDL from code into `schema/`.

python -m scripts.schema export     # writes schema/<subgraph>.graphql for every subgraph
"""

import difflib
import importlib
import sys

from subgraphs.kit.registry import sdl_path, subgraph_names


def exported_sdl(name: str) -> str:
    """The subgraph's SDL as the code defines it now (what `_service { sdl }` answers)."""
    schema = importlib.import_module(f"subgraphs.{name}.schema").schema
    return schema.as_str().rstrip("\n") + "\n"


def export() -> None:
    for name in subgraph_names():
        path = sdl_path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(exported_sdl(name))
        print(f"exported {name} -> {path.relative_to(path.parents[1])}")


def drift() -> list[str]:
    """A unified diff per subgraph whose checked-in SDL is not what the code exports."""
    diffs = []
    for name in subgraph_names():
        path = sdl_path(name)
        checked_in = path.read_text() if path.exists() else ""
        fresh = exported_sdl(name)
        if checked_in != fresh:
            lines = difflib.unified_diff(
                checked_in.splitlines(True), fresh.splitlines(True), str(path), f"{name} (code)"
            )
            diffs.append("".join(lines))
    return diffs


def main(argv: list[str]) -> int:
    if argv[:1] == ["export"]:
        export()
        return 0
    if argv[:1] == ["check"]:
        diffs = drift()
        for diff in diffs:
            print(diff, file=sys.stderr)
        if diffs:
            print(
                "schema/ differs from the code: run `scripts/task schema:compose`", file=sys.stderr
            )
            return 1
        print(f"schema/: every SDL matches the code ({len(subgraph_names())} subgraphs)")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
