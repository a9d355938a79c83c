"""Start the stack's processes, wait until each is healthy, and stop them all on exit.

    python -m scripts.stack up      # host + router + web app, supervised (scripts/supervise.py)

`Stack` is also what the federation tests and the benchmark use, so every way of
running the system starts it the same way.
"""

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import httpx

from subgraphs.kit.edge import KEEP_ALIVE_SECONDS

ROOT = Path(__file__).resolve().parents[1]
HIVE_GATEWAY = ROOT / "router" / "node_modules" / ".bin" / "hive-gateway"
NEXT = ROOT / "web" / "node_modules" / "next" / "dist" / "bin" / "next"


@dataclass
class Service:
    name: str
    argv: list[str]
    ready_url: str
    env: Mapping[str, str] = field(default_factory=dict)
    log: Path | None = None  # None: share this terminal
    die_with_parent: bool = False  # SIGTERM when the starting process dies (single-threaded only)
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        output = open(self.log, "ab") if self.log else None
        self.process = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env={**os.environ, **self.env},
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
            start_new_session=True,  # its own process group: stopping it stops its children
            preexec_fn=_terminate_with_parent if self.die_with_parent else None,
        )

    def wait_ready(self, timeout: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.process.returncode}{self._tail()}"
                )
            try:
                if httpx.get(self.ready_url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(
            f"{self.name} not ready at {self.ready_url} after {timeout:.0f}s{self._tail()}"
        )

    def stop(self, grace: float = 10) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def _tail(self) -> str:
        if self.log is None or not self.log.exists():
            return ""
        return (
            "\n--- last lines of "
            + str(self.log)
            + " ---\n"
            + "\n".join(self.log.read_text(errors="replace").splitlines()[-30:])
        )


class Stack:
    """Services started in order, each waited for; stopped in reverse order, also on failure."""

    def __init__(self, services: list[Service], *, timeout: float = 90) -> None:
        self.services = services
        self.timeout = timeout

    def __enter__(self) -> "Stack":
        try:
            for service in self.services:
                service.start()
                service.wait_ready(self.timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()

    def stop(self) -> None:
        for service in reversed(self.services):
            service.stop()


def _terminate_with_parent() -> None:
    """In the child, before exec: Linux sends it SIGTERM when its parent dies, even by SIGKILL."""
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def free_port() -> int:
    """A free port on 127.0.0.1 that no other port-0 bind gets for about a minute.

    The port is bound, connected to and closed from the server side, which leaves it in
    TIME_WAIT: the kernel hands it to no `bind(0)` meanwhile, but a server that sets
    SO_REUSEADDR (uvicorn, Node) can still listen on it. (The trick of Yelp's
    ephemeral-port-reserve.)
    """
    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        address = server.getsockname()
        with socket.create_connection(address) as client:
            accepted, _ = server.accept()
            accepted.close()  # the side that closes first keeps TIME_WAIT: the server's port
            client.recv(1)
        return address[1]


def port_in_use(host: str, port: int) -> bool:
    """Whether a server listens on host:port (TIME_WAIT leftovers do not count)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
        return False


def _trusted_proxies() -> str:
    return os.environ.get("TRUSTED_PROXIES", "127.0.0.1")


def host_service(port: int, *, env: Mapping[str, str] = {}, log: Path | None = None) -> Service:
    return Service(
        name="embedded host",
        argv=[sys.executable, "-m", "subgraphs.host"],
        ready_url=f"http://127.0.0.1:{port}/health/ready",
        # The router beside it forwards the client's address in X-Forwarded-For.
        env={"HOST_PORT": str(port), "TRUSTED_PROXIES": _trusted_proxies(), **env},
        log=log,
    )


def subgraph_service(
    name: str,
    port: int,
    *,
    workers: int = 1,
    env: Mapping[str, str] = {},
    log: Path | None = None,
) -> Service:
    """One subgraph in its own uvicorn process (production's shape), with `workers` workers.

    Run migrations before (MIGRATE_ON_START=false in `env`): workers would race on them.
    """
    return Service(
        name=f"{name} subgraph",
        argv=[
            *(sys.executable, "-m", "uvicorn", f"subgraphs.{name}.app:create_app", "--factory"),
            *("--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)),
            *("--no-access-log", "--log-level", "warning", "--no-proxy-headers"),
            *("--timeout-keep-alive", str(KEEP_ALIVE_SECONDS)),
        ],
        ready_url=f"http://127.0.0.1:{port}/health/ready",
        env=env,
        log=log,
    )


def router_service(
    port: int,
    *,
    subgraphs_url: str | None = None,
    env: Mapping[str, str] = {},
    log: Path | None = None,
) -> Service:
    """Hive Gateway. `subgraphs_url`: the embedded host; else give SUBGRAPH_<NAME>_URL and
    JWKS_URL in `env`."""
    host = (
        {
            "SUBGRAPHS_BASE_URL": subgraphs_url,
            "JWKS_URL": f"{subgraphs_url}/users/.well-known/jwks.json",
        }
        if subgraphs_url
        else {}
    )
    # One LOG_LEVEL for every process: Python's names, mapped to the router's where they differ.
    level = env.get("LOG_LEVEL", os.environ.get("LOG_LEVEL", "info")).lower()
    level = {"warning": "warn", "critical": "error"}.get(level, level)
    return Service(
        name="router",
        argv=["node", str(HIVE_GATEWAY), "supergraph", "-c", "router/gateway.config.ts"],
        ready_url=f"http://127.0.0.1:{port}/readiness",
        env={"ROUTER_PORT": str(port), **host, **env, "LOG_LEVEL": level},
        log=log,
    )


def web_service(
    port: int,
    *,
    graphql_url: str,
    host: str = "127.0.0.1",
    env: Mapping[str, str] = {},
    log: Path | None = None,
) -> Service:
    """The web app's production build (`task web:build` makes it) served by `next start`.

    `graphql_url` is the router as the browser reaches it (read when a page is served)."""
    return Service(
        name="web app",
        argv=["node", str(NEXT), "start", "web", "--port", str(port), "--hostname", host],
        ready_url=f"http://127.0.0.1:{port}/login",
        env={"GRAPHQL_URL": graphql_url, "NEXT_TELEMETRY_DISABLED": "1", **env},
        log=log,
    )


if __name__ == "__main__":
    if sys.argv[1:] != ["up"]:
        sys.exit(__doc__)
    from scripts.supervise import up

    up()
