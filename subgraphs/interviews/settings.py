"""The interviews subgraph's own variables (kit's `Settings` plus these; see `kit.settings`)."""

from pydantic import SecretStr

from subgraphs.kit import Settings


class InterviewsSettings(Settings):
    """Calendar feeds: the HMAC key their secret URLs derive from (generated under DATA_DIR in
    development), where clients reach the interviews subgraph, and how long a calendar client
    may keep a copy."""

    CALENDAR_FEED_SECRET: SecretStr | None = None
    INTERVIEWS_PUBLIC_URL: str | None = None
    CALENDAR_FEED_MAX_AGE_SECONDS: int = 300

    @property
    def interviews_public_url(self) -> str:
        default = f"http://127.0.0.1:{self.HOST_PORT}/interviews"
        return (self.INTERVIEWS_PUBLIC_URL or default).rstrip("/")
