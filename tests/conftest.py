"""Shared fixtures. Store-dependent suites run on both legs: SQLite and PostgreSQL.

The PostgreSQL leg makes fresh databases for this run (`jt_<run>_<subgraph>`) on the
server at TEST_POSTGRES_URL (default: the one on 127.0.0.1:5432) and drops them after.
It fails, never skips, when that server is down.
"""

import importlib
import inspect
import logging
import os
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from scripts.stack import free_port
from subgraphs.kit import TokenVerifier, runtime_of
from subgraphs.kit.postgres import drop_databases
from subgraphs.kit.registry import subgraph_names
from subgraphs.kit.settings import Settings
from subgraphs.notifications.settings import NotificationsSettings
from subgraphs.postings.settings import PostingsSettings
from subgraphs.users.keys import SigningKeys
from tests.clients import GraphQL, asgi_client

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
RUN_ID = uuid.uuid4().hex[:8]
LEGS = ["sqlite", "postgres"]
RABBITMQ = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672")
# Every test client, and every process the tests start, is 127.0.0.1: per-address budgets for a
# whole test run (the rate-limit tests set their own). Per-account budgets stay as they are.
os.environ.setdefault("RATE_LIMIT_SIGN_UP_ADDRESS", "100000 per hour")
os.environ.setdefault("RATE_LIMIT_LOG_IN_ADDRESS", "100000 per hour")
os.environ.setdefault("RATE_LIMIT_KEY_PREFIX", f"jt-test-{RUN_ID}")
# PostgreSQL allows 100 connections by default (.ci/services raises it to 300): the in-process
# subgraphs and the hosts the tests start (nine subgraphs each, a write and a read pool per
# subgraph) share them. Small pools keep a whole run under the limit; at the default (10) it
# ran out.
os.environ.setdefault("DB_POOL_SIZE", "3")


def database_template(leg: str, data_dir: Path, tag: str) -> str:
    if leg == "sqlite":
        return f"sqlite+aiosqlite:///{data_dir}/{tag}-{{subgraph}}.db"
    return f"{POSTGRES_URL}/jt_{RUN_ID}_{tag}_{{subgraph}}"


@pytest.fixture(scope="session")
def web_build() -> Path:
    """The web app's production build, made once per session (`task web:build`, which skips the
    build when its sources have not changed since the last one)."""
    root = Path(__file__).resolve().parents[1]
    task = Path(sys.executable).parent / "task"
    subprocess.run([str(task), "web:build"], cwd=root, check=True, timeout=600)
    return root / "web" / ".next"


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="session")
async def _postgres_cleanup() -> AsyncIterator[None]:
    yield
    await drop_databases(POSTGRES_URL, like=f"jt_{RUN_ID}_%")


@pytest.fixture(scope="session")
def rabbitmq_vhosts() -> Iterator[Callable[[], str]]:
    """Makes RabbitMQ virtual hosts of this run's own (deleted at the end), one per user of
    the broker, so two consumers never take each other's messages. Fails, never skips, when
    the server at TEST_RABBITMQ_URL (default 127.0.0.1:5672) is down."""
    ctl = ["rabbitmqctl", "--quiet"]
    made: list[str] = []

    def make() -> str:
        vhost = f"jt-{RUN_ID}-{len(made)}"
        subprocess.run([*ctl, "add_vhost", vhost], check=True, capture_output=True)
        permissions = ["set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"]
        subprocess.run([*ctl, *permissions], check=True, capture_output=True)
        made.append(vhost)
        return f"{RABBITMQ}/{vhost}"

    yield make
    for vhost in made:
        subprocess.run([*ctl, "delete_vhost", vhost], check=False, capture_output=True)


@pytest.fixture(scope="session")
def rabbitmq_url(rabbitmq_vhosts: Callable[[], str]) -> str:
    """A virtual host for the event tests."""
    return rabbitmq_vhosts()


S3_START_SECONDS = 20


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real S3 API on loopback: `moto_server` (PyPI `moto[server]`) on a free port, for this
    run only. Fails, never skips, when it does not answer within S3_START_SECONDS."""
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    server = Path(sys.executable).with_name("moto_server")
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(server), "-H", "127.0.0.1", "-p", str(port)], stdout=output, stderr=output
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + S3_START_SECONDS
    try:
        while True:
            try:
                httpx.get(f"{url}/moto-api/data.json", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"moto_server did not start: {log.read_text()[-2000:]}")
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session", params=LEGS)
def store_leg(request: pytest.FixtureRequest, _postgres_cleanup: None) -> str:
    return request.param


def redis_url(leg: str) -> str | None:
    """Rate limits: in Redis on the PostgreSQL leg (as production and CI), in-process on SQLite."""
    return REDIS_URL if leg == "postgres" else None


@pytest.fixture(scope="session")
def settings(store_leg: str, data_dir: Path) -> Settings:
    return Settings(
        DATA_DIR=data_dir,
        DATABASE_URL=database_template(store_leg, data_dir, "unit"),
        MIGRATE_ON_START=True,
        REDIS_URL=redis_url(store_leg),
    )


@pytest.fixture(scope="session")
async def users_app(settings: Settings) -> AsyncIterator[Any]:
    from subgraphs.users.app import create_app

    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app


@asynccontextmanager
async def running(subgraph: str, settings: Settings, users_app: Any) -> AsyncIterator[Any]:
    """A subgraph's app, its store migrated, verifying tokens against the users subgraph's
    keys (in process: no JWKS over HTTP)."""
    create_app = importlib.import_module(f"subgraphs.{subgraph}.app").create_app

    async def users_jwks() -> dict[str, Any]:
        return runtime_of(users_app).get(SigningKeys).jwks()

    verifier = TokenVerifier(users_jwks, issuer=settings.JWT_ISSUER, audience=settings.JWT_AUDIENCE)
    app = create_app(settings, verifier=verifier)
    async with app.router.lifespan_context(app):
        yield app


def _test_settings(name: str, settings: Settings, leg: str) -> Settings:
    """A subgraph's settings in the unit tests: the session's, with what its tests need."""
    if name == "search":  # its index is a file under DATA_DIR: one per leg, like the databases
        return settings.model_copy(update={"DATA_DIR": settings.DATA_DIR / f"search-{leg}"})
    if name == "notifications":  # tests run the scheduler themselves
        return NotificationsSettings.of(settings, NOTIFICATIONS_SCHEDULER=False)
    if name == "postings":
        # Its tests serve recorded postings on loopback, which production refuses to fetch;
        # they poll boards (`poller.poll_due`) and run the matcher (`matcher.match_due`)
        # themselves: after the first rounds at start-up, the background tasks wait an hour.
        return PostingsSettings.of(
            settings,
            POSTINGS_ALLOW_LOOPBACK=True,
            POSTINGS_TIMEOUT_SECONDS=1.5,
            POSTINGS_POLL_SECONDS=3600,
            POSTINGS_MATCH_SECONDS=3600,
        )
    return settings


def _app_fixture(name: str) -> Any:
    """`<name>_app`: the subgraph's app in process, its store migrated, for the session."""

    async def app(settings: Settings, users_app: Any, store_leg: str) -> AsyncIterator[Any]:
        async with running(name, _test_settings(name, settings, store_leg), users_app) as made:
            yield made

    return pytest.fixture(scope="session", name=f"{name}_app")(app)


def _client_fixture(name: str) -> Any:
    """`<name>`: a GraphQL client of the subgraph's app (`<name>_app`)."""

    async def client(**apps: Any) -> AsyncIterator[GraphQL]:
        async with asgi_client(apps[f"{name}_app"]) as http:
            yield GraphQL(http, "/graphql")

    # pytest finds what a fixture needs in its signature: this one needs `<name>_app`.
    app = inspect.Parameter(f"{name}_app", inspect.Parameter.KEYWORD_ONLY, annotation=Any)
    client.__signature__ = inspect.Signature([app])  # type: ignore[attr-defined]
    return pytest.fixture(scope="session", name=name)(client)


# Every subgraph of supergraph.yaml has both (users' app above: the others verify its tokens).
for _name in subgraph_names():
    if _name != "users":
        globals()[f"_{_name}_app"] = _app_fixture(_name)
    globals()[f"_{_name}_client"] = _client_fixture(_name)


@pytest.fixture
def unexpected(caplog: pytest.LogCaptureFixture) -> Callable[[], list[logging.LogRecord]]:
    """The unexpected errors (and tracebacks) logged since it was last asked."""
    caplog.set_level(logging.ERROR, logger="subgraphs")

    def logged() -> list[logging.LogRecord]:
        records = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
        caplog.clear()
        return records

    return logged


@pytest.fixture
def anyio_backend() -> Iterator[str]:
    yield "asyncio"
