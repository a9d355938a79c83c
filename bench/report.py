"""Results: a table per mode, the budgets, a JSON file under `.bench/`, and `--compare`."""

import json
import math
import os
import platform
import statistics
import subprocess
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scripts.stack import ROOT

OUT = ROOT / ".bench"


@dataclass
class Row:
    mode: str
    scenario: str
    # "router", "reference:<name>" (the reference router, same requests), "direct" (all legs
    # in turn) or "direct:<subgraph>" (one leg)
    target: str
    connections: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    ops: float
    errors: int
    requests: int
    # On a reference's row: ours ÷ it, the median over slices measured in turn (ours, then
    # it, repeated); the ratio of the whole figures where there are none.
    paired_p50: float | None = None
    paired_ops: float | None = None

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.mode, self.scenario, self.target, self.connections)


def sequential(rows: list[Row], mode: str, scenario: str, connections: int) -> Row:
    """Legs run one after another: latencies add up, throughput is 1 / Σ 1/ops."""
    return Row(
        mode, scenario, "direct", connections,
        p50_ms=sum(r.p50_ms for r in rows), p95_ms=sum(r.p95_ms for r in rows),
        p99_ms=sum(r.p99_ms for r in rows),
        ops=1 / sum(1 / r.ops for r in rows) if all(r.ops for r in rows) else 0.0,
        errors=sum(r.errors for r in rows), requests=min(r.requests for r in rows),
    )  # fmt: skip


def machine(**options: Any) -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        **options,
    }


def table(rows: list[Row], mode: str) -> str:
    index = {row.key: row for row in rows}
    against = {(r.mode, r.scenario, r.connections): r for r in rows if _is_reference(r)}
    lines = [
        f"{'scenario':<16} {'conn':>4} {'target':<20} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
        f" {'ops/s':>7} {'errors':>6}   router÷direct p50 / p95 / ops"
        + ("   router÷reference p50 / ops" if against else ""),
    ]
    for row in (r for r in rows if r.mode == mode):
        direct = index.get((mode, row.scenario, "direct", row.connections))
        measured = direct is not None and direct.p50_ms > 0 and direct.p95_ms > 0  # 0: none done
        ratio = _ratios(row, direct) if row.target == "router" and direct and measured else ""
        ref = against.get((mode, row.scenario, row.connections))
        if row.target == "router" and ref:
            p50, ops = _reference_ratios(row, ref)
            ratio = f"{ratio or '':<24}   {p50:.2f} / {ops:.2f}"
        lines.append(
            f"{row.scenario:<16} {row.connections:>4} {row.target:<20} {row.p50_ms:>7.1f}"
            f" {row.p95_ms:>7.1f} {row.p99_ms:>7.1f} {row.ops:>7.0f} {row.errors:>6}   {ratio}"
        )
    return "\n".join(lines)


def versus_reference(rows: list[Row]) -> list[dict[str, Any]]:
    """Ours ÷ the reference router, per scenario and connections: p50 (below 1: ours is
    faster) and ops/s (above 1: ours serves more); None where the reference has no figure."""
    ours = {(r.mode, r.scenario, r.connections): r for r in rows if r.target == "router"}
    ratios = []
    for ref in filter(_is_reference, rows):
        router = ours.get((ref.mode, ref.scenario, ref.connections))
        if router is None:
            continue
        p50, ops = _reference_ratios(router, ref)
        ratios.append(
            {"mode": ref.mode, "scenario": ref.scenario, "connections": ref.connections,
             "reference": ref.target.split(":", 1)[1], "p50": _rounded(p50),
             "ops": _rounded(ops)}
        )  # fmt: skip
    return ratios


def _rounded(ratio: float) -> float | None:
    return None if math.isnan(ratio) else round(ratio, 3)


def _is_reference(row: Row) -> bool:
    return row.target.startswith("reference:")


def _reference_ratios(router: Row, reference: Row) -> tuple[float, float]:
    if reference.paired_p50 is not None and reference.paired_ops is not None:
        return reference.paired_p50, reference.paired_ops
    nan = float("nan")
    p50 = router.p50_ms / reference.p50_ms if reference.p50_ms else nan
    return p50, router.ops / reference.ops if reference.ops else nan


def paired_ratio(ours: list[float], theirs: list[float]) -> float:
    """The median of ours ÷ theirs over slices measured one after the other: a drift of the
    machine's speed (this VM's halves or doubles within minutes) moves both sides of a pair."""
    ratios = [a / b for a, b in zip(ours, theirs, strict=True) if b]
    return statistics.median(ratios) if ratios else float("nan")


def _ratios(router: Row, direct: Row) -> str:
    ops = router.ops / direct.ops if direct.ops else float("nan")
    return f"{router.p50_ms / direct.p50_ms:.2f} / {router.p95_ms / direct.p95_ms:.2f} / {ops:.2f}"


def budgets(rows: list[Row]) -> list[str]:
    """docs/performance.md's budgets against this run (split mode); missing figures are said so."""
    index = {row.key: row for row in rows}
    heavy = index.get(("split", "cross-read-1000", "router", 1))
    router = index.get(("split", "cross-read", "router", 1))
    direct = index.get(("split", "cross-read", "direct", 1))
    loaded = index.get(("split", "cross-read", "router", 16))
    checks = [
        ("cross-read, 1,000-app user, router, 1 conn: p95 ≤ 15 ms",
         heavy and heavy.p95_ms, 15, "≤"),
        ("cross-read, router ÷ direct p50 at 1 conn ≤ 1.5",
         router and direct and router.p50_ms / direct.p50_ms, 1.5, "≤"),
        ("cross-read, router, 16 conns: ≥ 300 ops/s", loaded and loaded.ops, 300, "≥"),
    ]  # fmt: skip
    for mode in ("split", "embedded"):
        dashboard = index.get((mode, "dashboard-1000", "router", 1))
        if dashboard or mode == "split":
            label = f"dashboard, 1,000-app user, router, 1 conn, {mode}: p95 ≤ 25 ms"
            checks.append((label, dashboard and dashboard.p95_ms, 25, "≤"))
        mixed = index.get((mode, "mixed", "router", 64))
        if mixed or mode == "split":  # any error misses it: p99 shown as inf
            label = f"mixed, router, 64 conns, {mode}: 0 errors and p99 ≤ 250 ms"
            p99 = mixed and (mixed.p99_ms if mixed.errors == 0 else float("inf"))
            checks.append((label, p99, 250, "≤"))
    loaded_dashboards = index.get(("split", "dashboard", "router", 16))
    checks.append(("dashboard, router, 16 conns, split: ≥ 150 ops/s",
                   loaded_dashboards and loaded_dashboards.ops, 150, "≥"))  # fmt: skip
    checks += _reference_checks(rows)
    lines = []
    for label, actual, limit, sense in checks:
        if not actual:
            lines.append(f"  n/a   {label} (no figure for it in this run)")
            continue
        met = actual <= limit if sense == "≤" else actual >= limit
        lines.append(f"  {'met ' if met else 'MISS'}  {label}: {actual:.2f}")
    return lines


def _reference_checks(rows: list[Row]) -> list[tuple[str, float | None, float, str]]:
    """Ours against the reference router on the Dashboard, per mode the run measured."""
    ratios = {
        (r["mode"], r["connections"]): r
        for r in versus_reference(rows)
        if r["scenario"] == "dashboard"
    }
    checks: list[tuple[str, float | None, float, str]] = []
    for mode in sorted({r.mode for r in rows if _is_reference(r)}, reverse=True):
        quiet, loaded = ratios.get((mode, 1), {}), ratios.get((mode, 16), {})
        checks += [
            (f"router p50 ≤ 1.25× the reference (dashboard, 1 conn), {mode}, ours ÷ it",  # noqa: RUF001
             quiet.get("p50"), 1.25, "≤"),
            (f"router ops/s ≥ the reference (dashboard, 16 conns), {mode}, ours ÷ it",
             loaded.get("ops"), 1.0, "≥"),
        ]  # fmt: skip
    return checks


def save(rows: list[Row], meta: dict[str, Any]) -> Path:
    OUT.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = OUT / f"bench-{stamp}.json"
    document = {
        "machine": meta,
        "results": [asdict(row) for row in rows],
        "versus_reference": versus_reference(rows),
    }
    path.write_text(json.dumps(document, indent=2) + "\n")
    (OUT / "latest.json").write_text(path.read_text())
    return path


def compare(rows: list[Row], earlier: Path) -> str:
    """This run ÷ an earlier one, for every figure both have (p50, p95: lower is better)."""
    old = {Row(**raw).key: Row(**raw) for raw in json.loads(earlier.read_text())["results"]}
    lines = [f"compared with {earlier} (this ÷ that)", f"{'':<58} {'p50':>6} {'p95':>6} {'ops':>6}"]
    for row in rows:
        was = old.get(row.key)
        if was is None or not was.p50_ms or not was.p95_ms or not was.ops:
            continue
        label = f"{row.mode} {row.scenario} {row.target} c={row.connections}"
        lines.append(
            f"{label:<58} {row.p50_ms / was.p50_ms:>6.2f} {row.p95_ms / was.p95_ms:>6.2f}"
            f" {row.ops / was.ops:>6.2f}"
        )
    return "\n".join(lines)


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip()


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()
