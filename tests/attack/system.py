"""An embedded host and a router with two CORS origins, as subprocesses, for the attack replay."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from scripts.stack import Stack, free_port, host_service, router_service
from subgraphs.kit.settings import settings_classes

CORS_ORIGINS = "http://localhost:3000,https://app.example"
# The defaults, not the test run's generous per-address budgets (tests/conftest.py).
PRODUCTION_LIMITS = {
    "LOG_LEVEL": "warning",
    **{
        name: str(field.default)
        for owner in settings_classes().values()
        for name, field in owner.model_fields.items()
        if name.startswith("RATE_LIMIT_") and name != "RATE_LIMIT_KEY_PREFIX"
    },
}


@dataclass
class System:
    router_url: str
    host_url: str
    logs: list[Path]

    def log_text(self, since: dict[Path, int] | None = None) -> str:
        since = since or {}
        return "".join(
            log.read_text(errors="replace")[since.get(log, 0) :]
            for log in self.logs
            if log.exists()
        )

    def log_sizes(self) -> dict[Path, int]:
        return {log: len(log.read_text(errors="replace")) for log in self.logs if log.exists()}


@contextmanager
def running_system(data: Path) -> Iterator[System]:
    host_port, router_port = free_port(), free_port()
    host_log, router_log = data / "host.log", data / "router.log"
    host = host_service(host_port, env={"DATA_DIR": str(data), **PRODUCTION_LIMITS}, log=host_log)
    router = router_service(
        router_port,
        subgraphs_url=f"http://127.0.0.1:{host_port}",
        env={"LOG_LEVEL": "warn", "CORS_ORIGINS": CORS_ORIGINS},
        log=router_log,
    )
    with Stack([host, router]):
        yield System(
            f"http://127.0.0.1:{router_port}",
            f"http://127.0.0.1:{host_port}",
            [host_log, router_log],
        )
