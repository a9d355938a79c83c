"""Settings: kit's, shared by every process, and each subgraph's own beside its code.

`Settings` holds what kit reads, or at least three subgraphs do. A subgraph with variables of
its own declares them in `subgraphs/<name>/settings.py`: a subclass of `Settings` that adds its
fields (validators with them), so its instance is kit's values and its own.

    class PostingsSettings(Settings):
        POSTINGS_ALLOW_LOOPBACK: bool = False

`PostingsSettings.of(settings)` makes one from any `Settings`: the kit values of `settings`,
the subgraph's own read from the environment (and `.env`) as kit's are, and keyword overrides
over both (`of(settings, POSTINGS_ALLOW_LOOPBACK=True)`: how tests change a subgraph's value).
Given an instance of the class and no overrides, it is that instance. So one kit `Settings`
builds every subgraph (the embedded host, the worker): each `create_app` takes it and reads its
own with `.of`. `create_service` and `Database.for_subgraph` do the same (`subgraph_settings`),
so `runtime.settings`, `info.context.settings` and `settings_of(session)` are the subgraph's
own instance, which `PostingsSettings.of(info.context.settings)` returns as it is, typed.

Every variable keeps one name across the system (a subgraph's field never repeats kit's:
`scripts.docs` refuses it). docs/configuration.md lists them, a table per owner, written from
these classes by `python -m scripts.docs` (descriptions: scripts/docs_settings.yaml)."""

import importlib
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from subgraphs.kit.registry import subgraph_names


class Settings(BaseSettings):
    """What every process reads (docs/configuration.md), from the environment or .env; a
    subgraph's own variables are in its `settings.py`, a subclass (module docstring)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    ENVIRONMENT: Literal["development", "production"] = "development"
    LOG_LEVEL: str = "INFO"
    DATA_DIR: Path = Path(".data")

    # `{subgraph}` is replaced by the subgraph's name, `{data_dir}` by DATA_DIR, so one
    # variable gives every subgraph its own store.
    DATABASE_URL: str = "sqlite+aiosqlite:///{data_dir}/{subgraph}.db"
    DB_POOL_SIZE: int = 10
    # Documents (contacts, file metadata) in MongoDB instead of DATABASE_URL's store:
    # mongodb://user:pass@host:27017 (a database per subgraph, `job_tracker_<subgraph>`), or
    # with a database in its path, where `{subgraph}` is replaced like above.
    MONGODB_URL: str | None = None
    MIGRATE_ON_START: bool = True
    # Answer each operation's store round trips in `extensions.storeQueries` (benchmarks, tests).
    DEBUG_STORE_QUERIES: bool = False

    JWT_ISSUER: str = "job-tracker"
    JWT_AUDIENCE: str = "job-tracker"
    JWT_TTL_SECONDS: int = 12 * 3600
    # Where verifiers read the signing keys; default: the embedded host's users subgraph.
    JWKS_URL: str | None = None
    JWKS_CACHE_SECONDS: int = 300

    # Events. Unset: an in-process stub broker that only the embedded host runs (its relays
    # and consumers in the same process); standalone subgraphs then keep events in their
    # outbox until a broker is configured. Production: amqp://user:pass@rabbitmq:5672/%2F
    BROKER_URL: str | None = None
    EVENTS_MAX_RETRIES: int = 8
    EVENTS_MIN_BACKOFF_MS: int = 500
    EVENTS_MAX_BACKOFF_MS: int = 300_000
    EVENTS_TIME_LIMIT_MS: int = 60_000
    RELAY_SWEEP_SECONDS: float = 1.0
    RELAY_BATCH: int = 200
    WORKER_THREADS: int = 4
    WORKER_METRICS_PORT: int = 9191
    # How stale a process's list of erased accounts (refused tokens) may be.
    ERASED_REFRESH_SECONDS: float = 5.0

    # Peers (addresses or networks, comma-separated) whose X-Forwarded-For names the client: the
    # router, a load balancer. Empty: the peer is the client, whatever the headers say.
    TRUSTED_PROXIES: str = ""

    # Rate limits (docs/security.md; each subgraph's own RATE_LIMIT_* in `limits`' notation,
    # `kit.RuleLimit`). REDIS_URL keeps the counts in Redis (production, CI: shared by every
    # process); unset, in each process (embedded profile).
    REDIS_URL: str | None = None
    RATE_LIMIT_KEY_PREFIX: str = "job-tracker"

    HOST_BIND: str = "127.0.0.1"
    HOST_PORT: int = 4001
    # The router's address (it reads them itself); the admin CLI's `health` asks it there.
    ROUTER_HOST: str = "127.0.0.1"
    ROUTER_PORT: int = 4000

    PAGE_SIZE_DEFAULT: int = 20
    PAGE_SIZE_MAX: int = 100
    GRAPHIQL: bool = True

    # Parsing input from outside (pasted postings and pages): in worker processes, at most this
    # many at once per subgraph process (one per user), each stopped past its time budget
    # (INPUT_TOO_COMPLEX).
    PARSE_WORKERS: int = Field(default=2, ge=1, le=16)
    PARSE_TIME_LIMIT_SECONDS: float = Field(default=5.0, gt=0, le=60)

    # Operation limits of every subgraph (docs/security.md): the router's or looser, so a
    # request the router lets through, or plans, passes; a subgraph reached directly still has them.
    SUBGRAPH_MAX_DEPTH: int = 20
    SUBGRAPH_MAX_ALIASES: int = 100
    SUBGRAPH_MAX_TOKENS: int = 10_000
    SUBGRAPH_MAX_REPEATED_COST: int = 20_000
    SUBGRAPH_MAX_BODY_BYTES: int = 2 * 1024 * 1024
    # Live subscriptions one user may hold at once in one subgraph process (SUBSCRIPTION_LIMIT
    # past it). WebSocket frames are capped at SUBGRAPH_MAX_BODY_BYTES, like request bodies.
    SUBSCRIPTIONS_PER_USER: int = Field(default=20, ge=1, le=1000)

    OTEL_EXPORTER_OTLP_ENDPOINT: str | None = None
    OTEL_SERVICE_NAME: str = "job-tracker"

    @classmethod
    def of(cls, settings: "Settings", **overrides: Any) -> Self:
        """`settings` as this class: itself when it is one and nothing is overridden; else its
        values of this class's fields, the others from the environment, `overrides` over both."""
        if isinstance(settings, cls) and not overrides:
            return settings
        unknown = set(overrides) - set(cls.model_fields)
        if unknown:
            raise TypeError(f"{cls.__name__} has no {', '.join(sorted(unknown))}")
        shared = type(settings).model_fields.keys() & cls.model_fields.keys()
        return cls(**{**{name: getattr(settings, name) for name in shared}, **overrides})

    @property
    def jwks_url(self) -> str:
        return self.JWKS_URL or f"http://127.0.0.1:{self.HOST_PORT}/users/.well-known/jwks.json"

    def database_url(self, subgraph: str) -> str:
        return self.DATABASE_URL.format(subgraph=subgraph, data_dir=self.DATA_DIR)

    def documents_url(self, subgraph: str) -> str | None:
        return self.MONGODB_URL.format(subgraph=subgraph) if self.MONGODB_URL else None


@cache
def settings_class(subgraph: str) -> type[Settings]:
    """The class of `subgraph`'s settings: the subclass of `Settings` its `settings.py`
    declares, or `Settings` itself when it has none."""
    module_name = f"subgraphs.{subgraph}.settings"
    if find_spec(f"subgraphs.{subgraph}") is None or find_spec(module_name) is None:
        return Settings
    module = importlib.import_module(module_name)
    found = [
        value
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, Settings) and value is not Settings
        and value.__module__ == module_name
    ]  # fmt: skip
    if len(found) != 1:
        raise TypeError(f"{module_name} must declare one subclass of kit's Settings")
    return found[0]


def settings_classes() -> dict[str, type[Settings]]:
    """kit's class, then each subgraph's own (of those that have one), by owner."""
    owned = {name: settings_class(name) for name in subgraph_names()}
    return {"kit": Settings} | {name: cls for name, cls in owned.items() if cls is not Settings}


def subgraph_settings(settings: Settings, subgraph: str) -> Settings:
    """`settings` as `subgraph`'s own class makes them (`of`)."""
    return settings_class(subgraph).of(settings)


settings = Settings()
