"""Composition through `router/compose.mjs` (@theguild/federation-composition), from Python."""

import difflib
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from subgraphs.kit.registry import ROOT

COMPOSE_SCRIPT = ROOT / "router" / "compose.mjs"
SUPERGRAPH_SDL = Path("schema/supergraph.graphql")  # relative to the repository root


@dataclass(frozen=True)
class Composition:
    """What composing the subgraphs gave: the supergraph, or the composer's errors."""

    sdl: str | None
    errors: list[str]
    stale_diff: str  # checked-in supergraph -> fresh composition; empty when up to date


def compose(config: Path, checked_in: Path) -> Composition:
    """Compose the subgraphs `config` lists and compare the result with `checked_in`."""
    with tempfile.TemporaryDirectory(prefix="compose-") as tmp:
        out = Path(tmp) / "supergraph.graphql"
        command = ["node", str(COMPOSE_SCRIPT), "--config", str(config), "--out", str(out)]
        try:
            run = subprocess.run(command, capture_output=True, text=True, check=False)
        except FileNotFoundError:
            return Composition(None, ["node is not installed: composition needs Node 20"], "")
        if run.returncode != 0:
            lines = [line for line in run.stderr.splitlines() if line.strip()]
            return Composition(None, lines or [f"compose.mjs exited {run.returncode}"], "")
        fresh = out.read_text()
    current = checked_in.read_text() if checked_in.exists() else ""
    diff = difflib.unified_diff(
        current.splitlines(True), fresh.splitlines(True), checked_in.name, "fresh composition"
    )
    return Composition(fresh, [], "".join(diff))
