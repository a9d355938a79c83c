"""`schema:check`: drift, composition, breaking changes and operations, in one result."""

from dataclasses import dataclass
from pathlib import Path

import yaml
from graphql import GraphQLError

from scripts.schema.accepted import read_accepted
from scripts.schema.api import api_schema
from scripts.schema.baseline import Baseline, find_baseline
from scripts.schema.breaking import SUPERGRAPH, SchemaDiff, Verdict, diff_sdl, judge
from scripts.schema.compose import Composition, compose
from scripts.schema.operations import OperationsResult, validate_operations
from scripts.schema.sdl import drift
from subgraphs.kit.registry import ROOT, sdl_path, subgraph_names

SUPERGRAPH_SDL = Path("schema/supergraph.graphql")
ACCEPTED = Path("schema/ACCEPTED_CHANGES.md")


@dataclass
class CheckResult:
    """Everything the report shows; `failures` names the parts that fail."""

    drift: list[str]
    composition: Composition
    baseline: Baseline
    subgraphs: list[SchemaDiff]
    supergraph: SchemaDiff
    verdicts: list[Verdict]
    accepted_errors: list[str]
    operations: OperationsResult
    api_error: str | None = None

    @property
    def failures(self) -> list[str]:
        broken = [d for d in [*self.subgraphs, self.supergraph] if d.status == "invalid"]
        unacknowledged = [v for v in self.verdicts if v.entry is None]
        failed = {
            "drift": bool(self.drift),
            "composition": bool(self.composition.errors or self.composition.stale_diff),
            "breaking changes": bool(unacknowledged or self.accepted_errors or broken),
            "operations": bool(self.operations.problems or self.api_error),
        }
        return [name for name, bad in failed.items() if bad]


def run_check(root: Path = ROOT, base: str | None = None) -> CheckResult:
    """Run every part of the check on the registry at `root` (supergraph.yaml, schema/)."""
    config, checked_in = root / "supergraph.yaml", root / SUPERGRAPH_SDL
    composition = compose(config, checked_in)
    supergraph_sdl = composition.sdl or (checked_in.read_text() if checked_in.exists() else None)
    baseline = find_baseline(root, base)
    subgraphs = _subgraph_diffs(config, baseline)
    supergraph = diff_sdl(
        SUPERGRAPH,
        baseline.read(checked_in),
        supergraph_sdl,
        baseline=baseline.commit is not None,
    )
    entries, accepted_errors = read_accepted(root / ACCEPTED)
    operations, api_error = OperationsResult(), None
    try:
        operations = validate_operations(root, api_schema(supergraph_sdl or ""))
    except (GraphQLError, TypeError) as error:
        api_error = f"no supergraph to validate against: {str(error).splitlines()[0]}"
    return CheckResult(
        drift=drift(config),
        composition=composition,
        baseline=baseline,
        subgraphs=subgraphs,
        supergraph=supergraph,
        verdicts=judge(supergraph, subgraphs, entries),
        accepted_errors=accepted_errors,
        operations=operations,
        api_error=api_error,
    )


def _subgraph_diffs(config: Path, baseline: Baseline) -> list[SchemaDiff]:
    """Each subgraph listed now or at the baseline, its SDL file now against then."""
    now = {name: sdl_path(name, config) for name in subgraph_names(config)}
    then = dict(now)
    old_config = baseline.read(config)
    if old_config is not None:
        listed = (yaml.safe_load(old_config) or {}).get("subgraphs") or {}
        then = {name: (config.parent / s["schema"]["file"]) for name, s in listed.items()}
    diffs = []
    for name in [*now, *(n for n in then if n not in now)]:
        new = now[name].read_text() if name in now and now[name].exists() else None
        old = baseline.read(then[name]) if name in then else None
        diffs.append(diff_sdl(name, old, new, baseline=baseline.commit is not None))
    return diffs
