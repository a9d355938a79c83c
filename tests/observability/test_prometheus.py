"""Debian's real Prometheus scrapes the running embedded host and router (1 s interval) and
its HTTP API answers every series the dashboards and alert rules use."""

import asyncio
import shutil
import subprocess
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from scripts.stack import free_port
from tests.clients import GraphQL
from tests.factories import create_application, operation, sign_up
from tests.observability.conftest import Observed

pytestmark = pytest.mark.federation

PROMETHEUS = shutil.which("prometheus") or "/usr/bin/prometheus"
CONFIG = """\
global: {{scrape_interval: 1s, evaluation_interval: 1s}}
scrape_configs:
  - job_name: host  # one registry for every subgraph of the process: scrape one path
    metrics_path: /users/metrics
    static_configs: [{{targets: ["127.0.0.1:{host}"]}}]
  - job_name: router
    static_configs: [{{targets: ["127.0.0.1:{router}"]}}]
"""
SERIES = [  # what the dashboards and alert rules read
    'subgraph_request_seconds_count{subgraph="applications"}',  # RED per subgraph
    'graphql_envelop_request_duration_count{operationName="Dashboard"}',  # per operation
    'graphql_yoga_http_duration_count{operationName="Dashboard"}',
    'graphql_gateway_subgraph_execute_duration_count{subgraphName="analytics"}',
    'store_query_seconds_count{subgraph="applications",statement="SELECT"}',
    'events_outbox_lag_seconds_count{subgraph="applications"}',
    'events_outbox_pending{subgraph="applications"}',
    'events_outbox_oldest_seconds{subgraph="applications"}',
    'events_dead_letters_waiting{subgraph="analytics"}',
    'events_lag_seconds_count{subgraph="search"}',  # search freshness
    "reminder_delay_seconds_count",
]


@pytest.fixture(scope="module")
def prometheus(observed: Observed, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not shutil.which(PROMETHEUS):
        pytest.skip("no prometheus binary: run `scripts/task setup:promtool` (Debian's package)")
    folder = tmp_path_factory.mktemp("prometheus")
    config = folder / "prometheus.yml"
    config.write_text(CONFIG.format(host=observed.host_port, router=observed.router_port))
    port = free_port()
    process = subprocess.Popen(
        [PROMETHEUS, f"--config.file={config}", f"--storage.tsdb.path={folder / 'data'}",
         f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
        stdout=subprocess.DEVNULL, stderr=(folder / "prometheus.log").open("wb"),
    )  # fmt: skip
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
async def router(observed: Observed) -> AsyncIterator[GraphQL]:
    async with httpx.AsyncClient(base_url=observed.router_url, timeout=30) as client:
        yield GraphQL(client, "/graphql")


async def test_prometheus_scrapes_every_series_of_the_dashboards(prometheus, router):
    me = await sign_up(router, full_name="Prom Etheus")
    await create_application(router, me, company="Scrape", position="Target")
    assert (await router(operation("Dashboard"), token=me.token)).status == 200

    missing = list(SERIES)
    async with httpx.AsyncClient(base_url=prometheus, timeout=5) as api:
        for _ in range(200):  # 20 s at most; about 3 scrapes are enough
            missing = [query for query in missing if not await _answers(api, query)]
            if not missing:
                break
            await asyncio.sleep(0.1)
        targets = (await api.get("/api/v1/targets")).json()["data"]["activeTargets"]
    assert {t["labels"]["job"]: t["health"] for t in targets} == {"host": "up", "router": "up"}
    assert not missing, missing


async def _answers(api: httpx.AsyncClient, query: str) -> bool:
    try:
        response = await api.get("/api/v1/query", params={"query": query})
    except httpx.TransportError:
        return False  # still starting
    return response.status_code == 200 and bool(response.json()["data"]["result"])
