"""Start the stack's processes, wait until each is healthy, and stop them all on exit.

    python -m scripts.stack up      # embedded host + router; Ctrl-C stops everything

`Stack` is also what the federation tests and the benchmark use, so every way of
running the system starts it the same way.
"""

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

ROOT = Path(__file__).resolve().parents[1]
HIVE_GATEWAY = ROOT / "router" / "node_modules" / ".bin" / "hive-gateway"


@dataclass
class Service:
    name: str
    argv: list[str]
    ready_url: str
    env: Mapping[str, str] = field(default_factory=dict)
    log: Path | None = None  # None: share this terminal
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def host_service(port: int, *, env: Mapping[str, str] = {}, log: Path | None = None) -> Service:
    return Service(
        name="embedded host",
        argv=[sys.executable, "-m", "subgraphs.host"],
        ready_url=f"http://127.0.0.1:{port}/health/ready",
        env={"HOST_PORT": str(port), **env},
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
            *("--no-access-log", "--log-level", "warning"),
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
    return Service(
        name="router",
        argv=["node", str(HIVE_GATEWAY), "supergraph", "-c", "router/gateway.config.ts"],
        ready_url=f"http://127.0.0.1:{port}/readiness",
        env={"ROUTER_PORT": str(port), **host, **env},
        log=log,
    )


def up() -> None:
    from subgraphs.kit.settings import settings

    host_port, router_port = settings.HOST_PORT, int(os.environ.get("ROUTER_PORT", "4000"))
    host = host_service(host_port)
    router = router_service(router_port, subgraphs_url=f"http://127.0.0.1:{host_port}")
    stopping = False

    def interrupt(*_: object) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    try:
        with Stack([host, router]):
            print(
                f"\nJob Tracker is up.\n"
                f"  GraphQL + GraphiQL (router): http://localhost:{router_port}/graphql\n"
                f"  embedded subgraphs:          http://127.0.0.1:{host_port}/<name>/graphql\n"
                f"  data:                        {settings.DATA_DIR.resolve()}\n"
                f"Press Ctrl-C to stop.\n",
                flush=True,
            )
            while all(s.process and s.process.poll() is None for s in (host, router)):
                time.sleep(0.5)
            print("a process stopped on its own; stopping the rest", file=sys.stderr)
            sys.exit(1)
    except KeyboardInterrupt:
        print("\nstopping...", flush=True)


if __name__ == "__main__":
    if sys.argv[1:] != ["up"]:
        sys.exit(__doc__)
    up()
