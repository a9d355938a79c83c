"""Each subgraph's SDL exported from code into `schema/`, and the drift between the two."""

import difflib
import importlib
from pathlib import Path

from subgraphs.kit.registry import SUPERGRAPH_YAML, sdl_path, subgraph_names

FIX_COMMAND = "scripts/task schema:compose"


def exported_sdl(name: str) -> str:
    """The subgraph's SDL as the code defines it now (what `_service { sdl }` answers)."""
    schema = importlib.import_module(f"subgraphs.{name}.schema").schema
    return schema.as_str().rstrip("\n") + "\n"


def export(config: Path = SUPERGRAPH_YAML) -> None:
    """Write every subgraph's exported SDL to the file `supergraph.yaml` names for it."""
    for name in subgraph_names(config):
        path = sdl_path(name, config)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(exported_sdl(name))
        print(f"exported {name} -> {path.relative_to(config.resolve().parent)}")


def drift(config: Path = SUPERGRAPH_YAML) -> list[str]:
    """A unified diff per subgraph whose checked-in SDL is not what the code exports."""
    diffs = []
    for name in subgraph_names(config):
        path = sdl_path(name, config)
        checked_in = path.read_text() if path.exists() else ""
        fresh = exported_sdl(name)
        if checked_in != fresh:
            shown = path.relative_to(config.resolve().parent)
            lines = difflib.unified_diff(
                checked_in.splitlines(True), fresh.splitlines(True), str(shown), f"{name} (code)"
            )
            diffs.append("".join(lines))
    return diffs
