"""The postings subgraph's own variables (kit's `Settings` plus these; see `kit.settings`)."""

from subgraphs.kit import RuleLimit, Settings


class PostingsSettings(Settings):
    """Posting import (a server-side fetch of a job posting's URL, or pasted text) and
    discovering openings on the job boards users follow."""

    # Refused always: schemes other than http(s), and addresses that are private, link-local,
    # multicast, reserved or unspecified after DNS resolution; loopback too unless allowed here
    # (tests, self-hosters whose job board runs on the same machine). POSTINGS_ALLOWED_NETWORKS
    # names further networks (comma-separated CIDRs, e.g. an intranet job board) that may be
    # fetched.
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
    # Rate limits per user, in `limits`' notation (docs/security.md).
    RATE_LIMIT_IMPORT_POSTING: RuleLimit = "30 per minute"  # importPosting by URL
    RATE_LIMIT_PASTE_POSTING: RuleLimit = "30 per minute"  # importPosting of pasted text/HTML
