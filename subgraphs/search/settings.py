"""The search subgraph's own variables (kit's `Settings` plus these; see `kit.settings`)."""

from pydantic import SecretStr

from subgraphs.kit import Settings


class SearchSettings(Settings):
    """Its index. MEILI_URL unset: SQLite FTS5 in DATA_DIR/search-index.db, one host only (the
    embedded profile, and processes sharing DATA_DIR); production: Meilisearch."""

    MEILI_URL: str | None = None
    MEILI_API_KEY: SecretStr | None = None
    MEILI_INDEX: str = "job-tracker"  # the one index every kind of entry goes to
    MEILI_TASK_TIMEOUT_MS: int = 5000  # an index write waits this long for Meilisearch's task
