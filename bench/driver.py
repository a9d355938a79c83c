"""The load generator: wrk with bench/wrk.lua (Debian's `wrk`, installed when missing).

wrk is a C event loop: it keeps 16 connections busy for a few percent of one core, where a
Python driver would take a large share of this 2-core machine from the system it measures.

A request list is walked in order, each wrk thread from its own share of it, and a run starts
where the last run of the same list stopped (warm-up, then measurement, then the direct legs):
a list of writes that moves each application one status further per round never asks for
the status an application already has, so every write writes.
"""

import hashlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LUA = Path(__file__).with_name("wrk.lua")


@dataclass(frozen=True)
class Request:
    """One GraphQL request as a given user: their bearer token and the JSON body."""

    token: str
    body: dict[str, Any]


@dataclass(frozen=True)
class Measurement:
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    walked: int = 0  # the most requests one thread sent: how far along the list it went

    @property
    def ops(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def merged(slices: list[Measurement]) -> Measurement:
    """One target's figures from slices of its load taken in turn with another target's:
    counts and seconds add up; each percentile is the median of the slices' (wrk reports
    percentiles, not its histogram)."""
    return Measurement(
        requests=sum(m.requests for m in slices),
        seconds=sum(m.seconds for m in slices),
        errors=sum(m.errors for m in slices),
        p50_ms=statistics.median(m.p50_ms for m in slices),
        p95_ms=statistics.median(m.p95_ms for m in slices),
        p99_ms=statistics.median(m.p99_ms for m in slices),
        walked=sum(m.walked for m in slices),
    )


def ensure_wrk() -> str:
    """The wrk binary; `apt-get install -y wrk` first when it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: apt-get install -y wrk", file=sys.stderr, flush=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError("wrk is still not on PATH after apt-get install")
    return found


def run(
    url: str,
    requests: list[Request],
    *,
    connections: int,
    seconds: float,
    rate: float | None = None,
) -> Measurement:
    """Closed-loop load on `url` for `seconds`; `rate` (ops/s, all connections) paces writes."""
    pause_ms = int(connections * 1000 / rate) if rate else 0
    lines = [
        f"{request.token}\n{json.dumps(request.body, separators=(',', ':'))}\n"
        for request in requests
    ]
    key = hashlib.sha256("".join(lines).encode()).hexdigest()
    threads = min(connections, 2)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as file:
        file.writelines(lines)
    try:
        start = _walked.get(key, 0)
        output = _wrk(url, file.name, connections, threads, seconds, [pause_ms, start, threads])
    finally:
        Path(file.name).unlink()
    measurement = _parse(output)
    _walked[key] = start + measurement.walked
    return measurement


_walked: dict[str, int] = {}  # by request list: where the next run starts


def _wrk(
    url: str,
    requests_file: str,
    connections: int,
    threads: int,
    seconds: float,
    options: list[int],
) -> str:
    argv = [
        ensure_wrk(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout=10s",
        "-s",
        str(LUA),
        url,
        "--",
        requests_file,
        *map(str, options),
    ]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return done.stdout


def _parse(output: str) -> Measurement:
    line = next((ln for ln in output.splitlines() if ln.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    for sample in (ln for ln in output.splitlines() if ln.startswith("ERROR ")):
        print(f"    first error of a wrk thread: {sample.removeprefix('ERROR ')}", flush=True)
    raw = json.loads(line.removeprefix("BENCH "))
    return Measurement(
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        errors=raw["errors"] + raw["socket_errors"],
        p50_ms=raw["p50_us"] / 1000,
        p95_ms=raw["p95_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        walked=raw["walked"],
    )
