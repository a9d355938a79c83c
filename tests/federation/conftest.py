"""The real system: the embedded host and the Hive Gateway router, as subprocesses."""

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from scripts.stack import Stack, free_port, host_service, router_service
from subgraphs.kit.registry import subgraph_names
from tests.clients import GraphQL
from tests.conftest import REDIS_URL, RUN_ID, database_template
from tests.files.storage_backends import s3_settings
from tests.postings.site import serving


@dataclass
class System:
    router_url: str
    host_url: str
    database_url: str  # DATABASE_URL: `{subgraph}` stands for each subgraph's name
    env: dict[str, str]  # what the host was started with


@pytest.fixture(scope="session")
def boards_site() -> Iterator[str]:
    """Recorded job-board payloads (and postings) on loopback, for the postings subgraph."""
    with serving() as url:
        yield url


@pytest.fixture(scope="session")
def system(
    boards_site: str,
    store_leg: str,
    rabbitmq_vhosts: Callable[[], str],
    s3_endpoint: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[System]:
    """The SQLite leg as the embedded profile runs (in-process broker, files on local disk
    served by the files subgraph); the PostgreSQL leg as production does, events through
    RabbitMQ (relays in the subgraphs, consumers in the host's worker threads) and files in S3
    (moto_server)."""
    data: Path = tmp_path_factory.mktemp(f"system-{store_leg}")
    host_port, router_port = free_port(), free_port()
    host_url = f"http://127.0.0.1:{host_port}"
    database_url = database_template(store_leg, data, "fed")
    env = {
        "DATA_DIR": str(data),
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "warning",
        "ERASED_REFRESH_SECONDS": "0.2",
        "FILES_SWEEP_SECONDS": "0.2",
        "REMINDER_SCAN_SECONDS": "0.5",
        "POSTINGS_ALLOW_LOOPBACK": "true",  # recorded postings are served on loopback
        # Job boards: the recorded Greenhouse and Lever payloads, polled every 0.2 s.
        "POSTINGS_GREENHOUSE_URL": boards_site,
        "POSTINGS_LEVER_URL": boards_site,
        "POSTINGS_POLL_SECONDS": "0.2",
        "POSTINGS_HOST_GAP_SECONDS": "0",
    }
    if store_leg == "postgres":
        env["BROKER_URL"] = rabbitmq_vhosts()
        env["FILES_STORAGE_URL"] = f"s3://jt-{RUN_ID}-federation"
        env |= s3_settings(s3_endpoint)
        env["REDIS_URL"] = REDIS_URL
    host = host_service(host_port, env=env, log=data / "host.log")
    router = router_service(
        router_port, subgraphs_url=host_url, env={"LOG_LEVEL": "warn"}, log=data / "router.log"
    )
    with Stack([host, router]):
        yield System(
            router_url=f"http://127.0.0.1:{router_port}",
            host_url=host_url,
            database_url=database_url,
            env=env,
        )


@pytest.fixture(scope="session")
async def router(system: System) -> AsyncIterator[GraphQL]:
    async with httpx.AsyncClient(base_url=system.router_url, timeout=30) as client:
        yield GraphQL(client, "/graphql")


@pytest.fixture(scope="session")
async def subgraphs(system: System) -> AsyncIterator[dict[str, GraphQL]]:
    """Each subgraph called directly, bypassing the router (as an attacker could try)."""
    async with httpx.AsyncClient(base_url=system.host_url, timeout=30) as client:
        yield {name: GraphQL(client, f"/{name}/graphql") for name in subgraph_names()}
