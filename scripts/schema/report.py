"""The check's result as one readable report: a section per part, a verdict at the end."""

from scripts.schema.accepted import ACCEPTED, entry_line
from scripts.schema.asyncapi import ASYNCAPI
from scripts.schema.breaking import SAME_API, SUPERGRAPH, SchemaDiff, Verdict
from scripts.schema.check import CheckResult
from scripts.schema.compose import SUPERGRAPH_SDL
from scripts.schema.events import FIX_COMMAND as EVENTS_FIX
from scripts.schema.publish import PublishResult
from scripts.schema.published import PUBLISH_COMMAND, PUBLISHED
from scripts.schema.sdl import FIX_COMMAND

MAX_DIFF_LINES = 80


def render(result: CheckResult) -> str:
    """The whole report; its last line says whether the check passed."""
    failures = result.failures
    lines = [
        *_drift(result),
        *_composition(result),
        *_events(result),
        *_changes(result),
        *_operations(result),
        *_publication(result),
        *_history(result),
        "",
        f"schema check failed: {', '.join(failures)}" if failures else "schema check passed",
    ]
    return "\n".join(lines)


def render_publish(result: PublishResult) -> str:
    """The check's report, then what publishing wrote, or why it wrote nothing."""
    lines = [render(result.check), ""]
    if result.refused:
        failed = ", ".join(result.check.blocks_publishing)
        lines.append(f"schema publish refused: the check fails ({failed}); nothing was written")
        return "\n".join(lines)
    lines.append("published:")
    lines += [f"   {path.as_posix()}" for path in result.written]
    entries = "entry" if result.cleared == 1 else "entries"
    lines.append(f"moved {result.cleared} acknowledged {entries} from {ACCEPTED}")
    lines.append(f"commit {PUBLISHED}/ and {ACCEPTED} with the release")
    return "\n".join(lines)


def _header(part: str, ok: bool, summary: str) -> str:
    return f"== {part}: {'ok' if ok else 'FAIL'} — {summary}"


def _drift(result: CheckResult) -> list[str]:
    if not result.drift:
        names = ", ".join(d.scope for d in result.subgraphs if d.status != "removed")
        return [_header("drift", True, f"every SDL in schema/ is what the code exports ({names})")]
    summary = f"schema/ is not what the code exports; fix: {FIX_COMMAND}"
    return [_header("drift", False, summary), *_indented("".join(result.drift))]


def _composition(result: CheckResult) -> list[str]:
    composition = result.composition
    if composition.errors:
        return [
            _header("composition", False, "the subgraphs do not compose"),
            *(f"   {line}" for line in composition.errors),
            f"   fix the subgraphs' code, then run {FIX_COMMAND}",
        ]
    if composition.stale_diff:
        summary = f"{SUPERGRAPH_SDL} is not the fresh composition; fix: {FIX_COMMAND}"
        return [_header("composition", False, summary), *_indented(composition.stale_diff)]
    return [_header("composition", True, f"the subgraphs compose into {SUPERGRAPH_SDL}")]


def _changes(result: CheckResult) -> list[str]:
    open_ = [v for v in result.verdicts if v.entry is None]
    accepted = len(result.verdicts) - len(open_)
    invalid = [d for d in [*result.subgraphs, result.supergraph] if d.status == "invalid"]
    summary = (
        f"{len(result.verdicts)} breaking for clients, {accepted} acknowledged"
        if result.baseline.found
        else "no baseline to compare with"
    )
    ok = not (open_ or result.accepted_errors or invalid)
    lines = [
        _header("breaking changes", ok, summary),
        f"   baseline: {result.baseline.name} ({result.baseline.reason})",
    ]
    if result.composition.errors:
        lines.append("   (no fresh composition: the supergraph below is the checked-in one)")
    client_facing = set(result.supergraph.breaking)
    for diff in result.subgraphs:
        lines += _diff(diff, lambda c: _subgraph_note(c, client_facing, result.supergraph))
    lines += _diff(result.supergraph, lambda c: _verdict_note(c, result.verdicts))
    events = result.events
    if events.baseline:
        lines.append(f"   events: {len(events.breaking)} breaking for consumers")
        lines += [f"     breaking    {c.change}{_verdict_note(c.change, result.verdicts)}"
                  for c in events.breaking]  # fmt: skip
        if events.added:
            lines.append(f"     added       {', '.join(events.added)}")
    else:
        lines.append("   events: no published contracts to compare with")
    lines += [f"   {error}" for error in result.accepted_errors]
    if open_:
        lines.append(f"   To make a breaking change on purpose, add its line to {ACCEPTED}")
        lines.append("   with the reason (the file is reviewed like code):")
        lines += [f"     {entry_line(_scope(v), v.change)}" for v in open_]
    return lines


def _diff(diff: SchemaDiff, note) -> list[str]:
    title = "supergraph (client-facing API)" if diff.scope == SUPERGRAPH else diff.scope
    lines = [f"   {title}: {diff.status}" + (f": {diff.error}" if diff.error else "")]
    lines += [f"     breaking    {change}{note(change)}" for change in diff.breaking]
    lines += [f"     dangerous   {change}" for change in diff.dangerous]
    lines += [f"     deprecated  {coordinate}" for coordinate in diff.deprecated]
    if diff.added:
        lines.append(f"     added       {', '.join(diff.added)}")
    if diff.status == "changed" and not (diff.breaking or diff.dangerous or diff.added):
        if not diff.deprecated:
            lines.append("     (descriptions only)")
    return lines


def _subgraph_note(change: str, client_facing: set[str], supergraph: SchemaDiff) -> str:
    if change in client_facing:
        return "  (clients too: see supergraph)"
    if supergraph.status in ("changed", "unchanged", SAME_API):
        return "  (this subgraph only: clients still get it from the supergraph)"
    return ""


def _verdict_note(change: str, verdicts: list[Verdict]) -> str:
    verdict = next(v for v in verdicts if v.change == change)
    source = f"  [from {', '.join(verdict.sources)}]" if verdict.sources else ""
    if verdict.entry is None:
        return f"{source}  NOT ACKNOWLEDGED"
    return f"{source}  acknowledged ({ACCEPTED.name}:{verdict.entry.line}): {verdict.entry.reason}"


def _scope(verdict: Verdict) -> str:
    return verdict.sources[0] if len(verdict.sources) == 1 else SUPERGRAPH


def _indented(text: str) -> list[str]:
    lines = [f"   {line}" for line in text.rstrip("\n").splitlines()]
    if len(lines) > MAX_DIFF_LINES:
        hidden = len(lines) - MAX_DIFF_LINES
        lines = [*lines[:MAX_DIFF_LINES], f"   ... {hidden} more lines"]
    return lines


def _operations(result: CheckResult) -> list[str]:
    ops = result.operations
    if result.api_error:
        return [_header("operations", False, result.api_error)]
    counted = f"{ops.operations} operations in {ops.files} files (web/, tests/graphql/)"
    if not ops.problems:
        return [_header("operations", True, f"{counted} validate against the supergraph")]
    summary = f"{len(ops.problems)} problems in {counted} against the supergraph"
    return [_header("operations", False, summary), *(f"   {p}" for p in ops.problems)]


def _events(result: CheckResult) -> list[str]:
    events = result.events
    if events.drift:
        summary = f"{ASYNCAPI} is not what the code declares; fix: {EVENTS_FIX}"
        return [_header("events", False, summary), *_indented(events.drift)]
    if events.problems:
        summary = f"{len(events.problems)} reads that what is sent does not satisfy"
        return [_header("events", False, summary), *(f"   {p}" for p in events.problems)]
    return [_header("events", True, f"{ASYNCAPI} is the code's; every consumer's reads are sent")]


def _publication(result: CheckResult) -> list[str]:
    if not result.unpublished:
        return [_header("publication", True, f"{PUBLISHED}/ is the schema checked in")]
    summary = f"the schema is not published; each change publishes what it ships: {PUBLISH_COMMAND}"
    return [_header("publication", False, summary), *(f"   {u}" for u in result.unpublished)]


def _history(result: CheckResult) -> list[str]:
    history = result.history
    note = [f"   ({history.note})"] if history.note else []
    if not history.unacknowledged:
        summary = f"{history.publications} publications, each breaking change acknowledged"
        return [_header("history", True, summary), *note]
    summary = "publications made breaking changes their ACKNOWLEDGED.md does not name"
    lines = [f"   {change}" for change in history.unacknowledged]
    return [_header("history", False, summary), *lines, *note]
