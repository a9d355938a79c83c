"""`schema:check`: drift, composition, breaking changes (API and events), operations, whether
what is checked in is what was published, and the history of publications, in one result."""

from dataclasses import dataclass, field
from pathlib import Path

from graphql import GraphQLError

from scripts.schema.accepted import ACCEPTED, read_accepted
from scripts.schema.api import api_schema, api_text
from scripts.schema.baseline import Baseline, published_baseline
from scripts.schema.breaking import SUPERGRAPH, SchemaDiff, Verdict, diff_sdl, judge
from scripts.schema.compose import SUPERGRAPH_SDL, Composition, compose
from scripts.schema.events import EventsResult, check_events
from scripts.schema.history import HistoryResult, verify_history
from scripts.schema.operations import OperationsResult, validate_operations
from scripts.schema.publication import unpublished
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
    events: EventsResult = field(default_factory=EventsResult)
    unpublished: list[str] = field(default_factory=list)  # what differs from schema/published/
    history: HistoryResult = field(default_factory=HistoryResult)

    @property
    def failures(self) -> list[str]:
        """The parts that fail, but publication: see `blocks_publishing`."""
        broken = [d for d in [*self.subgraphs, self.supergraph] if d.status == "invalid"]
        unacknowledged = [v for v in self.verdicts if v.entry is None]
        failed = {
            "drift": bool(self.drift),
            "composition": bool(self.composition.errors or self.composition.stale_diff),
            "events": bool(self.events.drift or self.events.problems),
            "breaking changes": bool(unacknowledged or self.accepted_errors or broken),
            "operations": bool(self.operations.problems or self.api_error),
            "publication": bool(self.unpublished),
            "history": bool(self.history.unacknowledged),
        }
        return [name for name, bad in failed.items() if bad]

    @property
    def blocks_publishing(self) -> list[str]:
        """The failures that publishing cannot fix (it fixes an unpublished schema)."""
        return [name for name in self.failures if name != "publication"]


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
    events = check_events(root, baseline.events)
    operations, api_error = OperationsResult(), None
    try:
        operations = validate_operations(root, api_schema(supergraph_sdl or ""))
    except (GraphQLError, TypeError) as error:
        api_error = f"no supergraph to validate against: {str(error).splitlines()[0]}"
    verdicts = judge(supergraph, subgraphs, entries)
    for change in events.breaking:
        said = (e for e in entries if (e.scope, e.change) == (change.scope, change.change))
        verdicts.append(Verdict(change.change, (change.scope,), next(said, None)))
    return CheckResult(
        drift=drift(config),
        composition=composition,
        baseline=baseline,
        subgraphs=subgraphs,
        supergraph=supergraph,
        verdicts=verdicts,
        accepted_errors=accepted_errors,
        operations=operations,
        api_error=api_error,
        events=events,
        unpublished=unpublished(root),
        history=verify_history(root),
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
