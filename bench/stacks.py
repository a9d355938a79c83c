"""The two systems the benchmark starts, on free ports, with logs under `.bench/<mode>/`.

- embedded: the embedded host (every subgraph in one process, SQLite) and the router.
- split: each subgraph in its own uvicorn process with N workers, on fresh PostgreSQL
  databases (`jt_bench_<subgraph>`, or `$BENCH_DATABASES_<subgraph>`, dropped and recreated
  per run, migrated before the workers start), one signing key generated for the run and
  shared by the users workers, live notifications through Redis (REDIS_URL) as in production.

Either may also start a reference router (Grafbase's gateway, Apollo Gateway) on another
port, in front of the same subgraph processes.
"""

import asyncio
import os
import shlex
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from joserfc.jwk import RSAKey

from scripts.stack import (
    ROOT,
    Service,
    Stack,
    free_port,
    host_service,
    router_service,
    subgraph_service,
)
from subgraphs.kit.postgres import drop_databases
from subgraphs.kit.registry import subgraph_names

APOLLO_GATEWAY = ROOT / "bench" / "apollo-gateway"
# Split mode's databases: `<DATABASES>_<subgraph>`; another name lets two benchmarks share a server.
DATABASES = os.environ.get("BENCH_DATABASES", "jt_bench")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
SEED = {"RATE_LIMIT_SIGN_UP_ADDRESS": "1000 per hour"}  # the seed's 48 sign-ups, one address


@dataclass(frozen=True)
class RouterChoice:
    """Which router runs in front: Hive Gateway (argv None) or any command, e.g. Apollo Gateway.

    A command reads ROUTER_PORT, SUPERGRAPH_PATH and SUBGRAPH_<NAME>_URL from its environment
    (and may write files into DATA_DIR, the mode's run directory).
    """

    name: str = "hive"
    argv: tuple[str, ...] | None = None
    ready_path: str = "/readiness"


APOLLO = RouterChoice(
    "apollo", ("node", str(APOLLO_GATEWAY / "server.mjs")), "/?query=%7B__typename%7D"
)
GRAFBASE = RouterChoice("grafbase", (sys.executable, "-m", "bench.reference"), "/health")


def npm_ci(package: Path) -> None:
    """Install a router's pinned npm package on first use and after its lock file changed."""
    installed = package / "node_modules" / ".package-lock.json"
    lock = package / "package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        subprocess.run(["npm", "ci", "--no-audit", "--prefix", str(package)], check=True)


def command_router(command: str, ready_path: str) -> RouterChoice:
    return RouterChoice(name=command, argv=tuple(shlex.split(command)), ready_path=ready_path)


@dataclass
class System:
    """A started system: where to send requests and where its stores are."""

    mode: str
    stack: Stack
    router_url: str
    subgraph_urls: dict[str, str]
    database_url: str  # the DATABASE_URL template the subgraphs use, `{subgraph}` included
    data_dir: Path  # their DATA_DIR (the search index, logs)
    workers: int = 1
    reference: str | None = None  # the reference router's name, if one runs
    reference_url: str | None = None


def embedded(workdir: Path, router: RouterChoice, reference: RouterChoice | None = None) -> System:
    data = _fresh(workdir / "embedded")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    urls = {name: f"{base}/{name}/graphql" for name in subgraph_names()}
    env = {"DATA_DIR": str(data), "LOG_LEVEL": "warning", "DATABASE_URL": _sqlite(data), **SEED}
    host = host_service(port, env=env, log=data / "host.log")
    router_port = free_port()
    front = _router(router, router_port, urls, f"{base}/users/.well-known/jwks.json", data)
    system = System(
        "embedded", Stack([host, front]), _url(router_port), urls, env["DATABASE_URL"], data
    )
    return _with_reference(system, reference, f"{base}/users/.well-known/jwks.json", data)


def split(
    workdir: Path,
    router: RouterChoice,
    *,
    workers: int,
    postgres_url: str,
    reference: RouterChoice | None = None,
) -> System:
    data = _fresh(workdir / "split")
    ports = {name: free_port() for name in subgraph_names()}
    urls = {name: f"http://127.0.0.1:{port}/graphql" for name, port in ports.items()}
    database_url = f"{postgres_url}/{DATABASES}_{{subgraph}}"
    env = {
        "DATA_DIR": str(data),
        "DATABASE_URL": database_url,
        "MIGRATE_ON_START": "false",
        "JWT_PRIVATE_KEY": RSAKey.generate_key(2048, private=True).as_pem(private=True).decode(),
        "JWKS_URL": f"http://127.0.0.1:{ports['users']}/.well-known/jwks.json",
        "LOG_LEVEL": "warning",
        # 9 subgraphs x N workers x 2 pools x size must stay under PostgreSQL's
        # max_connections (100 by default): 2 gives 72 at most with 2 workers. 4 measured no
        # better on this 2-core server (BENCH_DB_POOL_SIZE to change it).
        "DB_POOL_SIZE": os.environ.get("BENCH_DB_POOL_SIZE", "2"),
        # Production's shape: live notifications reach a subscriber on any worker.
        "REDIS_URL": REDIS_URL,
        "RATE_LIMIT_KEY_PREFIX": f"jt-bench-{uuid.uuid4().hex[:8]}",
        **SEED,
    }
    _reset_databases(postgres_url, database_url, env)
    services = [
        subgraph_service(name, port, workers=workers, env=env, log=data / f"{name}.log")
        for name, port in ports.items()
    ]
    router_port = free_port()
    services.append(_router(router, router_port, urls, env["JWKS_URL"], data))
    system = System("split", Stack(services), _url(router_port), urls, database_url, data, workers)
    return _with_reference(system, reference, env["JWKS_URL"], data)


def _with_reference(
    system: System, reference: RouterChoice | None, jwks_url: str, data: Path
) -> System:
    """Add the reference router to the stack (started last), on the same subgraphs."""
    if reference is None:
        return system
    port = free_port()
    log = f"reference-{reference.name}"
    service = _router(reference, port, system.subgraph_urls, jwks_url, data, log=log)
    service.name = f"reference router ({reference.name})"
    system.stack.services.append(service)
    system.reference, system.reference_url = reference.name, _url(port)
    return system


def _router(
    choice: RouterChoice,
    port: int,
    urls: dict[str, str],
    jwks_url: str,
    data: Path,
    log: str = "router",
) -> Service:
    env = {f"SUBGRAPH_{name.upper()}_URL": url for name, url in urls.items()}
    env.update(JWKS_URL=jwks_url, LOG_LEVEL="warn")
    if choice.argv is None:
        return router_service(port, env=env, log=data / f"{log}.log")
    return Service(
        name=f"router ({choice.name})",
        argv=list(choice.argv),
        ready_url=f"http://127.0.0.1:{port}{choice.ready_path}",
        env={"ROUTER_PORT": str(port), "DATA_DIR": str(data), **env},
        log=data / f"{log}.log",
    )


def _reset_databases(postgres_url: str, database_url: str, env: dict[str, str]) -> None:
    """Drop the benchmark's databases, then create and migrate them (before any worker runs)."""
    asyncio.run(
        drop_databases(postgres_url, like=database_url.format(subgraph="%").rsplit("/", 1)[1])
    )
    subprocess.run(
        [sys.executable, "-m", "subgraphs.kit.migrations", "upgrade"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def _sqlite(data: Path) -> str:
    return f"sqlite+aiosqlite:///{data}/{{subgraph}}.db"


def _url(port: int) -> str:
    return f"http://127.0.0.1:{port}/graphql"
