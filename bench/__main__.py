"""The benchmark: start the system, seed it, load it with wrk, report (`scripts/task bench`).

    python -m bench                              # both modes, Hive Gateway, ~20 minutes
    python -m bench --mode split --workers 2     # one mode, 2 uvicorn workers per subgraph
    python -m bench --router apollo              # the same scenarios through Apollo Gateway
    python -m bench --reference none             # without the reference router (Grafbase's)
    python -m bench --compare .bench/latest.json # ratios against an earlier run

Every process it starts is stopped at the end, on failure and on Ctrl-C. Load goes to
127.0.0.1 only, for a bounded time per run (warm-up + duration).
"""

import argparse
import os
import signal
import sys
from pathlib import Path

from bench import driver, reference, report, stacks, subscriptions
from bench.report import Row
from bench.scenarios import DASHBOARD, SCENARIOS, Requests, Scenario
from bench.seed import Seeded, seed

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["embedded", "split", "both"], default="both")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="uvicorn workers per subgraph in split mode (default 1, production's WEB_CONCURRENCY:"
        " 7-50 %% more Dashboards/s than 2 on 2 cores, in three alternated pairs)",
    )
    parser.add_argument("--duration", type=float, default=6, help="seconds measured per run")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of warm-up per run")
    parser.add_argument(
        "--scenario",
        action="append",
        choices=[s.name for s in SCENARIOS] + [subscriptions.NAME],
        help="run only these (repeatable); default: all",
    )
    parser.add_argument("--router", choices=["hive", "apollo"], default="hive")
    parser.add_argument(
        "--router-cmd",
        help="another router's command line; it reads "
        "ROUTER_PORT, SUPERGRAPH_PATH and SUBGRAPH_<NAME>_URL",
    )
    parser.add_argument(
        "--router-ready",
        default="/readiness",
        help="path that answers 200 once --router-cmd is ready",
    )
    parser.add_argument(
        "--reference",
        choices=["grafbase", "apollo", "none"],
        default="grafbase",
        help="a second router on the same subgraphs, measured after ours in every router "
        "scenario (default: Grafbase's Rust gateway)",
    )
    parser.add_argument("--postgres-url", default=POSTGRES_URL, help="split mode's server")
    parser.add_argument("--compare", type=Path, help="an earlier run's JSON file")
    return parser.parse_args(argv)


def router_choice(args: argparse.Namespace) -> stacks.RouterChoice:
    if args.router_cmd:
        return stacks.command_router(args.router_cmd, args.router_ready)
    if args.router == "apollo":
        return _installed(stacks.APOLLO, stacks.APOLLO_GATEWAY)
    return stacks.RouterChoice()


def reference_choice(args: argparse.Namespace) -> stacks.RouterChoice | None:
    if args.reference == "grafbase":
        return _installed(stacks.GRAFBASE, reference.GRAFBASE)
    if args.reference == "apollo":
        return _installed(stacks.APOLLO, stacks.APOLLO_GATEWAY)
    return None


def _installed(choice: stacks.RouterChoice, package: Path) -> stacks.RouterChoice:
    stacks.npm_ci(package)
    return choice


def start(
    mode: str,
    router: stacks.RouterChoice,
    ref: stacks.RouterChoice | None,
    args: argparse.Namespace,
) -> stacks.System:
    if mode == "embedded":
        return stacks.embedded(report.OUT, router, ref)
    return stacks.split(
        report.OUT, router, workers=args.workers, postgres_url=args.postgres_url, reference=ref
    )


def measure_mode(system: stacks.System, seeded: Seeded, args: argparse.Namespace) -> list[Row]:
    rows: list[Row] = []
    for scenario in SCENARIOS:
        if args.scenario and scenario.name not in args.scenario:
            continue
        for connections in scenario.connections:
            rows += measure_scenario(system, seeded, scenario, connections, args)
    if not args.scenario or subscriptions.NAME in args.scenario:
        rows += subscriptions.measure(system, seeded.users)
    return rows


# Ours and the reference are measured in turn, this many slices each, and compared slice by
# slice: this VM's speed drifts within minutes, so one run of each, one after the other,
# could put most of a ratio down to when each ran.
PAIRED_SLICES = 3


def measure_scenario(
    system: stacks.System,
    seeded: Seeded,
    scenario: Scenario,
    connections: int,
    args: argparse.Namespace,
) -> list[Row]:
    """Warm up, then measure each target (ours and the reference in turn, then the legs one
    after another); the legs together also give "direct"."""
    rows = []
    targets = _targets(system, scenario)
    if system.reference_url and scenario.router is not None:
        rows += _paired(system, seeded, scenario, connections, args, targets[:2])
        targets = targets[2:]
    for target, url, requests in targets:
        print(f"  {scenario.name:<16} c={connections:<3} {target}", flush=True)
        load = requests(seeded)
        driver.run(url, load, connections=connections, seconds=args.warmup, rate=scenario.rate)
        m = driver.run(
            url, load, connections=connections, seconds=args.duration, rate=scenario.rate
        )
        rows.append(_row(system, scenario, target, connections, m))
    legs = [row for row in rows if row.target.startswith("direct:")]
    if len(legs) == 1:
        legs[0].target = "direct"
    elif legs:
        rows.append(report.sequential(legs, system.mode, scenario.name, connections))
    return rows


def _paired(
    system: stacks.System,
    seeded: Seeded,
    scenario: Scenario,
    connections: int,
    args: argparse.Namespace,
    pair: list[tuple[str, str, Requests]],
) -> list[Row]:
    """Ours and the reference, warmed up, then PAIRED_SLICES slices of `--duration` each in
    turn; the reference's row carries the slice-by-slice ratios."""
    print(f"  {scenario.name:<16} c={connections:<3} {pair[0][0]} and {pair[1][0]}", flush=True)
    loads = [requests(seeded) for _, _, requests in pair]
    slices: list[list[driver.Measurement]] = [[], []]
    seconds = args.duration / PAIRED_SLICES
    for (_, url, _), load in zip(pair, loads, strict=True):
        driver.run(url, load, connections=connections, seconds=args.warmup, rate=scenario.rate)
    for _ in range(PAIRED_SLICES):
        for (_, url, _), load, taken in zip(pair, loads, slices, strict=True):
            taken.append(
                driver.run(url, load, connections=connections, seconds=seconds, rate=scenario.rate)
            )
    ours, theirs = (
        _row(system, scenario, target, connections, driver.merged(taken))
        for (target, _, _), taken in zip(pair, slices, strict=True)
    )
    theirs.paired_p50 = report.paired_ratio(
        [m.p50_ms for m in slices[0]], [m.p50_ms for m in slices[1]]
    )
    theirs.paired_ops = report.paired_ratio([m.ops for m in slices[0]], [m.ops for m in slices[1]])
    return [ours, theirs]


def _row(
    system: stacks.System, scenario: Scenario, target: str, connections: int, m: driver.Measurement
) -> Row:
    figures = (m.p50_ms, m.p95_ms, m.p99_ms, m.ops, m.errors, m.requests)
    return Row(system.mode, scenario.name, target, connections, *figures)


def _targets(system: stacks.System, scenario: Scenario) -> list[tuple[str, str, Requests]]:
    targets = [
        (f"direct:{leg.subgraph}", system.subgraph_urls[leg.subgraph], leg.requests)
        for leg in scenario.direct
    ]
    if scenario.router is not None:
        targets.insert(0, ("router", system.router_url, scenario.router))
        if system.reference_url:
            reference_target = (f"reference:{system.reference}", system.reference_url)
            targets.insert(1, (*reference_target, scenario.router))
    return targets


def _interrupt(*_: object) -> None:
    """SIGTERM stops the benchmark like Ctrl-C: the stack's exit stops what it started."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    driver.ensure_wrk()
    router = router_choice(args)
    ref = reference_choice(args)
    modes = ["embedded", "split"] if args.mode == "both" else [args.mode]
    rows: list[Row] = []
    for mode in modes:
        print(f"\n{mode}: starting the system ...", flush=True)
        system = start(mode, router, ref, args)
        with system.stack:
            seeded = seed(system.router_url, system.database_url, system.data_dir)
            if system.reference_url:
                reference.check(
                    system.router_url, system.reference_url, seeded.heavy.token, DASHBOARD
                )
            rows += measure_mode(system, seeded, args)
        against = f", reference: {ref.name}" if ref else ""
        print(f"\n{mode} mode (router: {router.name}{against}, workers: {system.workers})")
        print(report.table(rows, mode), flush=True)
    meta = report.machine(
        router=router.name,
        reference=ref.name if ref else None,
        workers=args.workers,
        duration=args.duration,
        warmup=args.warmup,
    )
    path = report.save(rows, meta)
    print(f"\nbudgets ({meta['cores']} cores, {meta['cpu']}):", *report.budgets(rows), sep="\n")
    print(f"\nwritten to {path}")
    if args.compare:
        print("\n" + report.compare(rows, args.compare))


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("\ninterrupted: everything started was stopped")
