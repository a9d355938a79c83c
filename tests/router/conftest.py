"""The real router (Hive Gateway) in front of one embedded host on SQLite, as subprocesses.

`router` runs with the development defaults; a test that needs other settings starts its own
router on the same host with `start_router(host, env)`.
"""

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from scripts.stack import Stack, free_port, host_service, router_service
from tests.clients import GraphQL
from tests.factories import Account, sign_up

CORS_ORIGINS = "http://localhost:3000,https://app.example"


@dataclass
class Host:
    url: str
    data: Path


@dataclass
class Router:
    url: str
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture(scope="session")
def host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Host]:
    data = tmp_path_factory.mktemp("router-host")
    port = free_port()
    env = {"DATA_DIR": str(data), "LOG_LEVEL": "warning"}
    with Stack([host_service(port, env=env, log=data / "host.log")]):
        yield Host(f"http://127.0.0.1:{port}", data)


def start_router(host: Host, name: str, env: dict[str, str] | None = None) -> tuple[Stack, Router]:
    port = free_port()
    log = host.data / f"router-{name}.log"
    service = router_service(
        port, subgraphs_url=host.url, env={"LOG_LEVEL": "warn", **(env or {})}, log=log
    )
    return Stack([service]), Router(f"http://127.0.0.1:{port}", log)


@pytest.fixture(scope="session")
def router(host: Host) -> Iterator[Router]:
    stack, router = start_router(host, "default", {"CORS_ORIGINS": CORS_ORIGINS})
    with stack:
        yield router


@pytest.fixture(scope="session")
async def http(router: Router) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=router.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def api(http: httpx.AsyncClient) -> GraphQL:
    return GraphQL(http, "/graphql")


@pytest.fixture(scope="session")
async def account(api: GraphQL) -> Account:
    return await sign_up(api, full_name="Router Tester")
