"""Where the time goes per operation: CPU milliseconds per request in each process of the system
(the router, each subgraph's processes, the store's server), and the wall-clock latency.

    python -m bench.cpu                                  # split, dashboard-1000, 300 requests
    python -m bench.cpu --mode embedded --scenario board --requests 500
    python -m bench.cpu --concurrency 16                 # 16 requests in flight at once

Requests go through the router, one at a time unless `--concurrency` says otherwise, the
scenario's own list (users rotated). CPU
time is read from /proc (user + system, every process of each service's process group, and
PostgreSQL's backends serving the benchmark's databases) before and after: unlike latency it
hardly moves when other work shares the machine, so it says which process to make cheaper.
In split mode it also counts the PostgreSQL sessions opened meanwhile (`pg_stat_database`): a
pool that opens connections under load pays a backend start for each.
"""

import argparse
import os
import statistics
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from sqlalchemy.engine import make_url

from bench import driver, report, stacks
from bench.__main__ import POSTGRES_URL
from bench.scenarios import SCENARIOS
from bench.seed import seed

TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def _group_pids(pgid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[2]) == pgid:
            pids.append(int(entry.name))
    return pids


def _postgres_pids(database_like: str) -> list[int]:
    """PostgreSQL backends connected to the benchmark's databases (their title names it)."""
    done = subprocess.run(["ps", "-eo", "pid=,args="], capture_output=True, text=True)
    return [
        int(line.split(None, 1)[0])
        for line in done.stdout.splitlines()
        if "postgres:" in line and database_like in line
    ]


def _machine_busy() -> float:
    """CPU seconds the whole machine spent busy (all cores, every process: this client too)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / TICK


def _prefix(system: stacks.System) -> str:
    """What the names of the benchmark's databases start with ("jt_bench_")."""
    return system.database_url.rsplit("/", 1)[1].split("{")[0]


def snapshot(system: stacks.System) -> dict[str, float]:
    figures: dict[str, float] = {"machine (this client too)": _machine_busy()}
    for service in system.stack.services:
        assert service.process is not None
        pids = _group_pids(service.process.pid)
        figures[service.name] = sum(_cpu_seconds(pid) for pid in pids)
    if system.mode == "split":
        figures["postgresql"] = sum(_cpu_seconds(p) for p in _postgres_pids(_prefix(system)))
    return figures


def _sessions_opened(system: stacks.System) -> int:
    """PostgreSQL sessions ever opened on the benchmark's databases (PostgreSQL 14 or later)."""
    url = make_url(system.database_url.replace("{subgraph}", ""))
    server = url.set(drivername="postgresql", database="postgres")
    query = f"SELECT sum(sessions) FROM pg_stat_database WHERE datname LIKE '{_prefix(system)}%'"
    done = subprocess.run(
        ["psql", server.render_as_string(hide_password=False), "-Atc", query],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(done.stdout.strip() or 0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.cpu", description=__doc__.split("\n")[0])
    parser.add_argument("--mode", choices=["embedded", "split"], default="split")
    parser.add_argument("--workers", type=int, default=1, help="per subgraph in split mode")
    parser.add_argument("--scenario", default="dashboard-1000", choices=[s.name for s in SCENARIOS])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=1, help="requests in flight at once")
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument(
        "--wrk",
        type=float,
        metavar="SECONDS",
        help="load with wrk for this long instead (--concurrency connections; --requests ignored):"
        " the Python client cannot keep 16 requests in flight on 2 cores",
    )
    parser.add_argument(
        "--router",
        choices=["hive", "grafbase"],
        default="hive",
        help="which router runs in front (grafbase: the reference, for the subgraphs' share)",
    )
    args = parser.parse_args(argv)
    scenario = next(s for s in SCENARIOS if s.name == args.scenario)
    assert scenario.router is not None, "a scenario with a router target"
    router = stacks.GRAFBASE if args.router == "grafbase" else stacks.RouterChoice()
    if args.mode == "embedded":
        system = stacks.embedded(report.OUT, router)
    else:
        system = stacks.split(
            report.OUT, router, workers=args.workers, postgres_url=args.postgres_url
        )
    limits = httpx.Limits(max_connections=args.concurrency)
    with system.stack, httpx.Client(timeout=30, limits=limits) as client:
        seeded = seed(system.router_url, system.database_url, system.data_dir)
        load = scenario.router(seeded)

        def send(n: int) -> float:
            request = load[n % len(load)]
            started = time.perf_counter()
            answer = client.post(
                system.router_url,
                json=request.body,
                headers={"Authorization": f"Bearer {request.token}"},
            )
            elapsed = time.perf_counter() - started
            assert answer.status_code == 200 and "errors" not in answer.json(), answer.text
            return elapsed

        split = system.mode == "split"  # embedded mode has no PostgreSQL
        with ThreadPoolExecutor(args.concurrency) as pool:
            list(pool.map(send, range(min(100, args.requests))))  # warm-up
            sessions = _sessions_opened(system) if split else 0
            before = snapshot(system)
            if args.wrk:
                measured = driver.run(
                    system.router_url, load, connections=args.concurrency, seconds=args.wrk
                )
                assert measured.errors == 0, f"{measured.errors} errors under wrk"
                count = measured.requests
                p50, p95 = measured.p50_ms, measured.p95_ms
            else:
                wall = list(pool.map(send, range(args.requests)))
                count = args.requests
                quantiles = statistics.quantiles([1000 * w for w in wall], n=100)
                p50, p95 = quantiles[49], quantiles[94]
            after = snapshot(system)
            sessions = _sessions_opened(system) - sessions if split else 0
    per = {name: 1000 * (after[name] - before.get(name, 0)) / count for name in after}
    print(
        f"\n{args.scenario}, {args.mode} ({system.workers} workers), {count} requests,"
        f" {args.concurrency} at once, {router.name} in front"
    )
    print(f"{'process':<28} {'CPU ms/request':>15}")
    machine = per.pop("machine (this client too)")
    for name, ms in sorted(per.items(), key=lambda item: -item[1]):
        print(f"{name:<28} {ms:>15.2f}")
    print(f"{'all':<28} {sum(per.values()):>15.2f}")
    print(f"{'machine (this client too)':<28} {machine:>15.2f}")
    if split:
        print(f"PostgreSQL sessions opened meanwhile: {sessions}")
    rate = f", wrk {count / args.wrk:.0f} requests/s" if args.wrk else ""
    print(f"latency p50 {p50:.1f} ms, p95 {p95:.1f} ms{rate}")
    cores = os.cpu_count() or 1
    print(f"CPU bound on {cores} cores: at most {1000 * cores / sum(per.values()):.0f} requests/s")


if __name__ == "__main__":
    main()
