"""Events under load: lag from a write's commit to its consumer's effect, what the relay
sustains, and what publishing costs a write (`scripts/task bench:events`).

    python -m bench.events                        # embedded (in-process broker) and RabbitMQ
    python -m bench.events --broker rabbitmq --rate 50 --duration 20

Search freshness: `--freshness` applications created one at a time, each timed from its
mutation's answer (committed) until the search subgraph finds it (polled every 5 ms): p50/p95.
Lag: createApplication at `--rate` writes/s straight to the applications subgraph of an
embedded host; analytics consumes each event; the consumers' `events_lag_seconds` histogram
(the host's /metrics) gives p50/p95 (interpolated within buckets). Relay: `--burst` events
committed at once, timed until the outbox is empty. Cost: a write's unit of work with and
without its event, in process, on the same store.
"""

import argparse
import asyncio
import os
import subprocess
import time
import uuid

import httpx
from prometheus_client.parser import text_string_to_metric_families

from bench.report import OUT
from scripts.stack import Stack, free_port, host_service
from subgraphs.applications import events as application_events
from subgraphs.applications import store
from subgraphs.applications.models import ApplicationCreate
from subgraphs.kit import publish
from subgraphs.kit.db import Database
from subgraphs.kit.postgres import drop_databases
from tests.factories import CREATE_APPLICATION, PASSWORD, SIGN_UP

SEARCH = "query($q: String!) { search(query: $q, kinds: [APPLICATION]) { application { id } } }"

RABBITMQ = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672")


def lag_quantiles(metrics: str, subgraph: str = "analytics") -> tuple[float, float, int]:
    """p50 and p95 (seconds) of events_lag_seconds, and the count, from /metrics text."""
    buckets: list[tuple[float, float]] = []
    for family in text_string_to_metric_families(metrics):
        if family.name == "events_lag_seconds":
            for sample in family.samples:
                if sample.name.endswith("_bucket") and sample.labels["subgraph"] == subgraph:
                    buckets.append((float(sample.labels["le"]), sample.value))
    buckets.sort()
    total = buckets[-1][1] if buckets else 0
    return _quantile(buckets, total, 0.5), _quantile(buckets, total, 0.95), int(total)


def _quantile(buckets: list[tuple[float, float]], total: float, q: float) -> float:
    if not total:
        return float("nan")
    rank, lower, below = q * total, 0.0, 0.0
    for upper, count in buckets:
        if count >= rank:
            upper = upper if upper != float("inf") else lower * 2
            return lower + (upper - lower) * (rank - below) / max(count - below, 1)
        lower, below = upper, count
    return lower


async def drive_writes(url: str, token: str, rate: float, duration: float) -> int:
    """createApplication at `rate` per second for `duration` seconds; the number sent."""
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        started, sent, pending = time.monotonic(), 0, []
        while time.monotonic() - started < duration:
            values = {"company": f"Lag {sent}", "position": "Engineer"}
            body = {"query": CREATE_APPLICATION, "variables": {"input": values}}
            headers = {"authorization": f"Bearer {token}"}
            pending.append(
                asyncio.create_task(
                    client.post("/applications/graphql", json=body, headers=headers)
                )
            )
            sent += 1
            await asyncio.sleep(max(0.0, started + sent / rate - time.monotonic()))
        for response in await asyncio.gather(*pending):
            assert response.status_code == 200 and "errors" not in response.json(), response.text
    return sent


async def search_freshness(client: httpx.AsyncClient, token: str, count: int) -> list[float]:
    """Seconds from each createApplication's answer until search finds it, `count` times."""
    headers, seconds = {"authorization": f"Bearer {token}"}, []
    for _ in range(count):
        company = f"Fresh{uuid.uuid4().hex[:12]}"
        body = {"query": CREATE_APPLICATION,
                "variables": {"input": {"company": company, "position": "Engineer"}}}  # fmt: skip
        created = await client.post("/applications/graphql", json=body, headers=headers)
        committed = time.monotonic()
        made = created.json()["data"]["createApplication"]["id"]
        query = {"query": SEARCH, "variables": {"q": company}}
        while True:
            found = (await client.post("/search/graphql", json=query, headers=headers)).json()
            if [hit["application"]["id"] for hit in found["data"]["search"]] == [made]:
                break
            if time.monotonic() - committed > 30:
                raise AssertionError(f"{company} not found after 30 s")
            await asyncio.sleep(0.005)
        seconds.append(time.monotonic() - committed)
    return seconds


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def relay_throughput(url: str, database_url: str, burst: int) -> float:
    """Events per second the running host's relay moves out of the applications outbox."""
    db = Database(database_url.format(subgraph="applications"), subgraph="applications")
    owner = uuid.uuid4()
    try:
        async with db.session(owner=owner) as session:
            for n in range(burst):
                state = _state(n)
                payload = application_events.ApplicationChanged.model_validate(
                    {"application": state}
                )
                await publish(session, application_events.UPDATED, aggregate_id=str(state["id"]),
                              payload=payload)  # fmt: skip
        started = time.monotonic()
        outbox = db.event_tables.outbox
        while True:
            async with db.admin() as session:
                left = (await (await session.connection()).execute(outbox.select())).all()
            if not left:
                return burst / (time.monotonic() - started)
            await asyncio.sleep(0.01)
    finally:
        await db.dispose()


def _state(n: int) -> dict[str, object]:
    now = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
    step = {"from_status": None, "to_status": "SAVED", "changed_at": now}
    return {"id": str(uuid.uuid4()), "company": f"Burst {n}", "position": "Engineer",
            "location": None, "salary_min": None, "salary_max": None, "salary_currency": None,
            "job_url": None, "status": "SAVED", "notes": None, "applied_at": None,
            "created_at": now, "updated_at": now, "history": [step]}  # fmt: skip


async def write_cost(database_url: str, writes: int) -> tuple[float, float]:
    """Mean ms per createApplication unit of work without, then with, its event."""
    db = Database(database_url.format(subgraph="applications"), subgraph="applications")
    owner, timings = uuid.uuid4(), []
    publishing = application_events.application_changed

    async def flush_only(session, *_, **__):  # the same write, no event
        await session.flush()

    try:
        for hook in (flush_only, publishing):
            application_events.application_changed = hook
            started = time.perf_counter()
            for n in range(writes):
                async with db.session(owner=owner) as session:
                    data = ApplicationCreate(company=f"Cost {n}", position="Engineer")
                    await store.create_application(session, data=data)
            timings.append((time.perf_counter() - started) * 1000 / writes)
    finally:
        application_events.application_changed = publishing
        await db.dispose()
    return timings[0], timings[1]


def _vhost() -> str:
    name = f"jt-bench-{uuid.uuid4().hex[:6]}"
    subprocess.run(["rabbitmqctl", "-q", "add_vhost", name], check=True, capture_output=True)
    permissions = ["set_permissions", "-p", name, "guest", ".*", ".*", ".*"]
    subprocess.run(["rabbitmqctl", "-q", *permissions], check=True, capture_output=True)
    return name


async def measure(broker: str, args: argparse.Namespace) -> dict[str, float]:
    workdir = OUT / f"events-{broker}"
    workdir.mkdir(parents=True, exist_ok=True)
    port, vhost = free_port(), None
    if broker == "rabbitmq":
        vhost = _vhost()
        database_url = f"{args.postgres_url}/jt_bench_events_{vhost.replace('-', '_')}_{{subgraph}}"
    else:
        database_url = f"sqlite+aiosqlite:///{workdir}/{uuid.uuid4().hex[:6]}-{{subgraph}}.db"
    env = {"DATA_DIR": str(workdir), "DATABASE_URL": database_url, "LOG_LEVEL": "warning"}
    if vhost:
        env["BROKER_URL"] = f"{RABBITMQ}/{vhost}"
    url = f"http://127.0.0.1:{port}"
    try:
        with Stack([host_service(port, env=env, log=workdir / "host.log")]):
            figures = await _measure_running(url, database_url, args)
        if args.freshness_only:
            return figures
        # with the host stopped: nothing else writes to the store while the cost is timed
        without, with_event = await write_cost(database_url, args.cost_writes)
        return figures | {"write_ms_without_event": without, "write_ms_with_event": with_event}
    finally:
        if vhost:
            drop = ["rabbitmqctl", "-q", "delete_vhost", vhost]
            await asyncio.to_thread(subprocess.run, drop, capture_output=True)

            await drop_databases(
                args.postgres_url, like=f"jt_bench_events_{vhost.replace('-', '_')}%"
            )


async def _measure_running(
    url: str, database_url: str, args: argparse.Namespace
) -> dict[str, float]:
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        variables = {"input": {"email": f"lag-{uuid.uuid4().hex[:8]}@example.com",
                               "password": PASSWORD, "fullName": "Lag Bench"}}  # fmt: skip
        signed = (
            await client.post("/users/graphql", json={"query": SIGN_UP, "variables": variables})
        ).json()
        token = signed["data"]["signUp"]["token"]
        fresh = await search_freshness(client, token, args.freshness)
        freshness = {"search_fresh_p50_ms": _percentile(fresh, 0.5) * 1000,
                     "search_fresh_p95_ms": _percentile(fresh, 0.95) * 1000,
                     "search_fresh_max_ms": max(fresh) * 1000}  # fmt: skip
        if args.freshness_only:
            return freshness
        sent = await drive_writes(url, token, args.rate, args.duration)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            p50, p95, count = lag_quantiles((await client.get("/analytics/metrics")).text)
            if count >= sent:
                break
            await asyncio.sleep(0.2)
    events_per_s = await relay_throughput(url, database_url, args.burst)
    return freshness | {"writes": sent, "consumed": count, "lag_p50_ms": p50 * 1000,
                        "lag_p95_ms": p95 * 1000, "relay_events_per_s": events_per_s}  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.events", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--broker", choices=["embedded", "rabbitmq", "both"], default="both")
    parser.add_argument("--rate", type=float, default=50, help="writes per second")
    parser.add_argument("--duration", type=float, default=20, help="seconds of writes")
    parser.add_argument("--burst", type=int, default=2000, help="events for the relay test")
    parser.add_argument("--cost-writes", type=int, default=300)
    parser.add_argument("--freshness", type=int, default=50, help="applications searched for")
    parser.add_argument(
        "--freshness-only", action="store_true", help="only the search freshness measurement"
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432"),
    )
    args = parser.parse_args(argv)
    brokers = ["embedded", "rabbitmq"] if args.broker == "both" else [args.broker]
    if args.freshness_only:
        print(f"{'broker':10} {'n':>4} {'search fresh p50 ms':>19} {'p95 ms':>8} {'max ms':>8}")
        for broker in brokers:
            r = asyncio.run(measure(broker, args))
            print(f"{broker:10} {args.freshness:>4} {r['search_fresh_p50_ms']:>19.1f} "
                  f"{r['search_fresh_p95_ms']:>8.1f} {r['search_fresh_max_ms']:>8.1f}",
                  flush=True)  # fmt: skip
        return
    print(f"{'broker':10} {'writes':>6} {'lag p50 ms':>10} {'p95 ms':>8} {'relay ev/s':>10} "
          f"{'write ms':>8} {'+event ms':>9} {'search fresh p50/p95 ms':>23}")  # fmt: skip
    for broker in brokers:
        r = asyncio.run(measure(broker, args))
        cost = r["write_ms_with_event"] - r["write_ms_without_event"]
        print(f"{broker:10} {r['writes']:>6.0f} {r['lag_p50_ms']:>10.1f} {r['lag_p95_ms']:>8.1f} "
              f"{r['relay_events_per_s']:>10.0f} {r['write_ms_without_event']:>8.2f} "
              f"{cost:>9.2f} {r['search_fresh_p50_ms']:>11.1f}/{r['search_fresh_p95_ms']:<11.1f}",
              flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
