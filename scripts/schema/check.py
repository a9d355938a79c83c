"""`schema:check`: drift, composition, breaking changes and operations, in one result."""

from dataclasses import dataclass
from pathlib import Path

from graphql import GraphQLError

from scripts.schema.accepted import ACCEPTED, read_accepted
from scripts.schema.api import api_schema, api_text
from scripts.schema.baseline import Baseline, published_baseline
from scripts.schema.breaking import SUPERGRAPH, SchemaDiff, Verdict, diff_sdl, judge
from scripts.schema.compose import SUPERGRAPH_SDL, Composition, compose
from scripts.schema.operations import OperationsResult, validate_operations
from scripts.schema.sdl import drift
from subgraphs.kit.registry import ROOT, SUPERGRAPH_YAML, sdl_path, subgraph_names


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


def run_check(root: Path = ROOT, baseline: Baseline | None = None) -> CheckResult:
    """Run every part of the check on the registry at `root` (supergraph.yaml, schema/),
    measuring breaking changes from `baseline` (default: the published schema)."""
    config, checked_in = root / SUPERGRAPH_YAML.name, root / SUPERGRAPH_SDL
    composition = compose(config, checked_in)
    supergraph_sdl = composition.sdl or (checked_in.read_text() if checked_in.exists() else None)
    baseline = baseline or published_baseline(root)
    subgraphs = _subgraph_diffs(config, baseline)
    supergraph = diff_sdl(
        SUPERGRAPH,
        _client_api(baseline.supergraph),
        _client_api(supergraph_sdl),
        baseline=baseline.found,
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
    """Each subgraph listed now or in the baseline, its SDL file now against the baseline's."""
    now = {name: sdl_path(name, config) for name in subgraph_names(config)}
    then = baseline.subgraphs or {}
    diffs = []
    for name in [*now, *(n for n in then if n not in now)]:
        new = now[name].read_text() if name in now and now[name].exists() else None
        diffs.append(diff_sdl(name, then.get(name), new, baseline=baseline.found))
    return diffs


def _client_api(sdl: str | None) -> str | None:
    """The client-facing API of a supergraph SDL (or of an API, as published) as canonical
    text; `sdl` itself when it does not build, for `diff_sdl` to report it invalid."""
    if sdl is None:
        return None
    try:
        return api_text(sdl)
    except (GraphQLError, TypeError):
        return sdl
