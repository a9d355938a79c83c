"""`task up`: the embedded host, the router and the web app, kept running until a signal stops them.

- SIGINT (Ctrl-C), SIGTERM or SIGHUP to this process, or to `scripts/task up` (which passes
  them on), stops the web app, the router, then the host, and exits 0.
- When one of them exits on its own, only that one is started again, after
  1, 2, 4 ... 30 s (back to 1 s once it has run for a minute), with a line on stderr each time.
- A port already taken ends with a message naming it and the variable that moves it.
"""

import os
import signal
import sys
import time
from dataclasses import dataclass

from scripts.stack import (
    Service,
    Stack,
    host_service,
    port_in_use,
    router_service,
    web_service,
)

BACKOFF_SECONDS = (1, 2, 4, 8, 16, 30)
STABLE_SECONDS = 60


def say(message: str) -> None:
    print(f"[task up] {message}", file=sys.stderr, flush=True)


class Stop(Exception):
    """A stop signal arrived."""


@dataclass
class Supervised:
    service: Service
    started_at: float = 0.0
    failures: int = 0
    restart_at: float | None = None

    def check(self, now: float) -> None:
        process = self.service.process
        if self.restart_at is None and process is not None and process.poll() is not None:
            if now - self.started_at >= STABLE_SECONDS:
                self.failures = 0
            delay = BACKOFF_SECONDS[min(self.failures, len(BACKOFF_SECONDS) - 1)]
            self.failures += 1
            self.restart_at = now + delay
            say(
                f"{self.service.name} exited with code {process.returncode}; "
                f"starting it again in {delay} s (restart {self.failures})"
            )
        elif self.restart_at is not None and now >= self.restart_at:
            self.restart_at, self.started_at = None, now
            self.service.start()
            say(f"{self.service.name} started again (pid {self.service.process.pid})")  # type: ignore[union-attr]


def _stop(signum: int, _frame: object) -> None:
    for each in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(each, signal.SIG_IGN)  # one stop at a time; the rest is shutting down
    raise Stop(signal.Signals(signum).name)


def _ports_free(ports: dict[str, tuple[str, int]]) -> None:
    for variable, (host, port) in ports.items():
        if port_in_use(host, port):
            sys.exit(
                f"Port {port} on {host} is already in use ({variable}). Stop what listens there, "
                f"or choose another port: {variable}=<port> scripts/task up"
            )


def up() -> None:
    from subgraphs.files.settings import FilesSettings
    from subgraphs.kit.settings import settings

    host_port, router_port = settings.HOST_PORT, int(os.environ.get("ROUTER_PORT", "4000"))
    router_host = os.environ.get("ROUTER_HOST", "127.0.0.1")
    web_port, web_host = (
        int(os.environ.get("WEB_PORT", "3000")),
        os.environ.get("WEB_HOST", "127.0.0.1"),
    )
    _ports_free(
        {
            "HOST_PORT": (settings.HOST_BIND, host_port),
            "ROUTER_PORT": (router_host, router_port),
            "WEB_PORT": (web_host, web_port),
        }
    )
    web_url = f"http://localhost:{web_port}"
    graphql_url = os.environ.get("GRAPHQL_URL", f"http://localhost:{router_port}/graphql")
    # The router and the files subgraph's upload routes let the web app's origin in (unless
    # CORS_ORIGINS says otherwise); the web app lets its pages post uploads to those routes.
    cors = {"CORS_ORIGINS": os.environ.get("CORS_ORIGINS", web_url)}
    host = host_service(host_port, env=cors)
    router = router_service(router_port, subgraphs_url=f"http://127.0.0.1:{host_port}", env=cors)
    web = web_service(
        web_port,
        graphql_url=graphql_url,
        host=web_host,
        env={"FILES_PUBLIC_URL": FilesSettings.of(settings).files_public_url},
    )
    services = (host, router, web)
    for service in services:
        service.die_with_parent = True  # even a SIGKILL of this process stops them
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, _stop)
    try:
        with Stack(list(services)):
            print(
                f"\nJob Tracker is up.\n"
                f"  web app:                     {web_url}\n"
                f"  GraphQL + GraphiQL (router): http://localhost:{router_port}/graphql\n"
                f"  embedded subgraphs:          http://127.0.0.1:{host_port}/<name>/graphql\n"
                f"  data:                        {settings.DATA_DIR.resolve()}\n"
                f"Press Ctrl-C to stop.\n",
                flush=True,
            )
            now = time.monotonic()
            supervised = [Supervised(service, started_at=now) for service in services]
            while True:
                for each in supervised:
                    each.check(time.monotonic())
                time.sleep(0.2)
    except Stop as stop:
        say(f"{stop}: stopping the web app, the router and the host")
    except RuntimeError as failure:  # a service that did not become ready: its log tail says why
        sys.exit(f"[task up] {failure}")
