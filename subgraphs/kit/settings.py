"""One settings object for every process. docs/configuration.md lists every variable, written
from this class by `python -m scripts.docs` (descriptions: scripts/docs_settings.yaml)."""

from pathlib import Path
from typing import Literal, Self

from limits import parse
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every variable a process reads (docs/configuration.md), from the environment or .env."""

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
    # PEM of the RS256 signing key (users subgraph). Generated under DATA_DIR in development.
    JWT_PRIVATE_KEY: SecretStr | None = None
    # PEM public keys still published in the JWKS while tokens they signed are alive.
    JWT_RETIRED_PUBLIC_KEYS: str = ""
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

    # Rate limits (docs/security.md), in `limits`' notation. REDIS_URL keeps the counts in
    # Redis (production, CI: shared by every process); unset, in each process (embedded profile).
    REDIS_URL: str | None = None
    RATE_LIMIT_KEY_PREFIX: str = "job-tracker"
    RATE_LIMIT_LOG_IN_ADDRESS: str = "60 per 5 minutes"  # log-in attempts per client address
    # Failed log-ins per account from one client address: refused past it (deleteAccount: wrong
    # passwords per account, whose token only its holder has).
    RATE_LIMIT_LOG_IN_ACCOUNT_ADDRESS: str = "10 per 15 minutes"
    # Failed log-ins per account from any address: never refused, every attempt on the account
    # slowed instead, the delay doubling with each failure up to RATE_LIMIT_LOG_IN_DELAY_SECONDS
    # at this many.
    RATE_LIMIT_LOG_IN_ACCOUNT: str = "10 per 15 minutes"
    RATE_LIMIT_LOG_IN_DELAY_SECONDS: float = 2.0
    RATE_LIMIT_SIGN_UP_ACCOUNT: str = "5 per hour"  # sign-up attempts per e-mail address
    RATE_LIMIT_SIGN_UP_ADDRESS: str = "30 per hour"  # sign-up attempts per client address
    RATE_LIMIT_IMPORT_POSTING: str = "30 per minute"  # importPosting by URL, per user
    RATE_LIMIT_PASTE_POSTING: str = "30 per minute"  # importPosting of pasted text/HTML, per user
    # E-mail addresses a user's createContact/updateContact look up among registered users
    RATE_LIMIT_CONTACT_EMAILS: str = "60 per minute"

    HOST_BIND: str = "127.0.0.1"
    HOST_PORT: int = 4001
    # The router's address (it reads them itself); the admin CLI's `health` asks it there.
    ROUTER_HOST: str = "127.0.0.1"
    ROUTER_PORT: int = 4000

    PAGE_SIZE_DEFAULT: int = 20
    PAGE_SIZE_MAX: int = 100
    GRAPHIQL: bool = True

    # Files (the files subgraph's uploads). Unset: local disk under DATA_DIR/files, served by the
    # files subgraph itself behind HMAC-signed URLs; `file:///srv/files`: local disk there;
    # `s3://bucket`: S3 (or MinIO) through aioboto3, at S3_ENDPOINT_URL when set.
    FILES_STORAGE_URL: str | None = None
    S3_ENDPOINT_URL: str | None = None
    # Where clients reach S3 when it differs from S3_ENDPOINT_URL (compose: minio:9000 inside,
    # localhost:9000 for the browser); presigned URLs are made for this one.
    S3_PUBLIC_ENDPOINT_URL: str | None = None
    S3_REGION: str = "us-east-1"
    # Unset: boto's own chain (AWS_* variables, instance roles).
    S3_ACCESS_KEY_ID: str | None = None
    S3_SECRET_ACCESS_KEY: SecretStr | None = None
    # Local disk: where clients reach the files subgraph (its upload and download routes).
    FILES_PUBLIC_URL: str | None = None
    # Local disk: the HMAC key of its signed URLs. Generated under DATA_DIR in development.
    FILES_SIGNING_SECRET: SecretStr | None = None
    FILES_MAX_BYTES: int = 10 * 1024 * 1024
    FILES_UPLOAD_URL_SECONDS: int = 900
    FILES_DOWNLOAD_URL_SECONDS: int = 300
    # An upload not completed this long after createUpload is removed, object included.
    FILES_UNFINISHED_SECONDS: int = 3600
    FILES_SWEEP_SECONDS: float = 60.0
    # Browser origins (comma-separated, exact) allowed to call the local backend's upload and
    # download routes: the web app's. The router reads the same variable for its own CORS.
    CORS_ORIGINS: str = "http://localhost:3000"
    # Exports (startExport): how long the file is kept; how often the job looks for new ones.
    EXPORTS_KEEP_SECONDS: int = 3600
    EXPORTS_POLL_SECONDS: float = 2.0
    # A job RUNNING this long is taken as abandoned (its process died) and made again.
    EXPORTS_STALE_SECONDS: int = 1800
    # Imports (importApplications, previewImport): the largest CSV and the most rows accepted.
    IMPORTS_MAX_BYTES: int = 5 * 1024 * 1024
    IMPORTS_MAX_ROWS: int = 10_000
    # Parsing input from outside (pasted postings and pages): in worker processes, at most this
    # many at once per subgraph process (one per user), each stopped past its time budget
    # (INPUT_TOO_COMPLEX).
    PARSE_WORKERS: int = Field(default=2, ge=1, le=16)
    PARSE_TIME_LIMIT_SECONDS: float = Field(default=5.0, gt=0, le=60)

    # Calendar feeds (interviews): the HMAC key their secret URLs derive from (generated under
    # DATA_DIR in development), where clients reach the interviews subgraph, and how long a
    # calendar client may keep a copy.
    CALENDAR_FEED_SECRET: SecretStr | None = None
    INTERVIEWS_PUBLIC_URL: str | None = None
    CALENDAR_FEED_MAX_AGE_SECONDS: int = 300

    # Search (the search subgraph's index). Unset: SQLite FTS5 in DATA_DIR/search-index.db, one
    # host only (the embedded profile, and processes sharing DATA_DIR); production: Meilisearch.
    MEILI_URL: str | None = None
    MEILI_API_KEY: SecretStr | None = None
    MEILI_INDEX: str = "job-tracker"  # the one index every kind of entry goes to
    MEILI_TASK_TIMEOUT_MS: int = 5000  # an index write waits this long for Meilisearch's task

    # Posting import (the postings subgraph's server-side fetch of a job posting's URL). Refused
    # always: schemes other than http(s), and addresses that are private, link-local, multicast,
    # reserved or unspecified after DNS resolution; loopback too unless allowed here (tests,
    # self-hosters whose job board runs on the same machine). POSTINGS_ALLOWED_NETWORKS names
    # further networks (comma-separated CIDRs, e.g. an intranet job board) that may be fetched.
    POSTINGS_ALLOW_LOOPBACK: bool = False
    POSTINGS_ALLOWED_NETWORKS: str = ""
    POSTINGS_MAX_BYTES: int = 2 * 1024 * 1024  # of a fetched page (read streamed) or pasted HTML
    POSTINGS_TEXT_MAX_CHARS: int = 200_000  # of a posting pasted as text
    POSTINGS_TIMEOUT_SECONDS: float = 10.0  # the whole fetch, redirects included
    POSTINGS_MAX_REDIRECTS: int = 5
    # Discovering openings: the public job-board APIs polled for the boards users follow.
    POSTINGS_GREENHOUSE_URL: str = "https://boards-api.greenhouse.io"
    POSTINGS_LEVER_URL: str = "https://api.lever.co"
    POSTINGS_POLL_SECONDS: float = 60.0  # how often the poller looks for boards that are due
    POSTINGS_BOARD_INTERVAL_SECONDS: float = 3600.0  # a board is fetched at most this often
    POSTINGS_BOARD_BACKOFF_MAX_SECONDS: float = 86_400.0  # longest wait after failures
    POSTINGS_HOST_GAP_SECONDS: float = 1.0  # between two requests to one API host
    POSTINGS_MATCH_SECONDS: float = 1.0  # how often the matcher looks for matches to compute

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

    # Notifications (docs/architecture/notifications.md). E-mail goes to SMTP_URL
    # (smtp://user:pass@host:587, STARTTLS when offered; smtps:// for TLS from the start); unset,
    # each e-mail is written as an .eml file under MAIL_DIR (default DATA_DIR/mail) for the user
    # to open.
    SMTP_URL: SecretStr | None = None
    MAIL_FROM: str = "Job Tracker <notifications@job-tracker.localhost>"
    MAIL_DIR: Path | None = None
    SMTP_TIMEOUT_SECONDS: float = 30.0
    # How often the reminder scheduler looks for due reminders and undelivered notifications.
    REMINDER_SCAN_SECONDS: float = 10.0
    # Whether this process runs the scheduler (the notifications subgraph, the embedded host and
    # the worker do by default; several at once are safe).
    NOTIFICATIONS_SCHEDULER: bool = True

    OTEL_EXPORTER_OTLP_ENDPOINT: str | None = None
    OTEL_SERVICE_NAME: str = "job-tracker"

    @model_validator(mode="after")
    def _files_limits(self) -> Self:
        if self.FILES_MAX_BYTES < 1:
            raise ValueError("FILES_MAX_BYTES must be at least 1")
        if min(self.FILES_UPLOAD_URL_SECONDS, self.FILES_DOWNLOAD_URL_SECONDS) < 1:
            raise ValueError("FILES_UPLOAD_URL_SECONDS and FILES_DOWNLOAD_URL_SECONDS must be >= 1")
        if self.FILES_UNFINISHED_SECONDS <= self.FILES_UPLOAD_URL_SECONDS:
            raise ValueError("FILES_UNFINISHED_SECONDS must be above FILES_UPLOAD_URL_SECONDS")
        return self

    @field_validator("SMTP_URL", mode="after")
    @classmethod
    def _smtp_url(cls, value: SecretStr | None) -> SecretStr | None:
        url = value.get_secret_value() if value is not None else None
        if url is not None and not url.startswith(("smtp://", "smtps://")):
            raise ValueError("SMTP_URL must look like smtp://user:password@host:587 (or smtps://)")
        return value

    @field_validator("REMINDER_SCAN_SECONDS", mode="after")
    @classmethod
    def _scan_interval(cls, value: float) -> float:
        if not 0 < value <= 50:  # reminders are promised within 60 s of their time
            raise ValueError("REMINDER_SCAN_SECONDS must be above 0 and at most 50")
        return value

    @field_validator(
        "RATE_LIMIT_LOG_IN_ACCOUNT",
        "RATE_LIMIT_LOG_IN_ACCOUNT_ADDRESS",
        "RATE_LIMIT_LOG_IN_ADDRESS",
        mode="after",
    )
    @classmethod
    def _log_in_limit(cls, value: str) -> str:
        parse(value)  # "10 per 15 minutes"; anything else stops the process at start, named
        return value

    @field_validator("RATE_LIMIT_LOG_IN_DELAY_SECONDS", mode="after")
    @classmethod
    def _log_in_delay(cls, value: float) -> float:
        if not 0 <= value <= 10:  # a delay, not a lock: every attempt waits at most this long
            raise ValueError("RATE_LIMIT_LOG_IN_DELAY_SECONDS must be from 0 to 10")
        return value

    @field_validator(
        "RATE_LIMIT_SIGN_UP_ACCOUNT",
        "RATE_LIMIT_SIGN_UP_ADDRESS",
        "RATE_LIMIT_IMPORT_POSTING",
        "RATE_LIMIT_PASTE_POSTING",
        "RATE_LIMIT_CONTACT_EMAILS",
        mode="after",
    )
    @classmethod
    def _sign_up_limit(cls, value: str) -> str:
        parse(value)
        return value

    @property
    def jwks_url(self) -> str:
        return self.JWKS_URL or f"http://127.0.0.1:{self.HOST_PORT}/users/.well-known/jwks.json"

    def database_url(self, subgraph: str) -> str:
        return self.DATABASE_URL.format(subgraph=subgraph, data_dir=self.DATA_DIR)

    @property
    def files_public_url(self) -> str:
        return (self.FILES_PUBLIC_URL or f"http://127.0.0.1:{self.HOST_PORT}/files").rstrip("/")

    @property
    def cors_origins(self) -> list[str]:
        return [origin.strip() for origin in self.CORS_ORIGINS.split(",") if origin.strip()]

    @property
    def mail_dir(self) -> Path:
        return self.MAIL_DIR or self.DATA_DIR / "mail"

    @property
    def interviews_public_url(self) -> str:
        default = f"http://127.0.0.1:{self.HOST_PORT}/interviews"
        return (self.INTERVIEWS_PUBLIC_URL or default).rstrip("/")

    def documents_url(self, subgraph: str) -> str | None:
        return self.MONGODB_URL.format(subgraph=subgraph) if self.MONGODB_URL else None


settings = Settings()
