"""The one list of subgraphs: `supergraph.yaml` at the repository root (rover's format)."""

from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
SUPERGRAPH_YAML = ROOT / "supergraph.yaml"


@cache
def load(path: Path = SUPERGRAPH_YAML) -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load(path.read_text())
    return config


def subgraph_names(path: Path = SUPERGRAPH_YAML) -> list[str]:
    return list(load(path)["subgraphs"])


def sdl_path(name: str, path: Path = SUPERGRAPH_YAML) -> Path:
    file: str = load(path)["subgraphs"][name]["schema"]["file"]
    return (path.parent / file).resolve()
