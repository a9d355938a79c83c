"""The search index: one port (`port.SearchIndex`), two backends. `index_for(settings)` is
this process's index for those settings: Meilisearch with MEILI_URL, else SQLite FTS5 in
DATA_DIR/search-index.db; made once and migrated on first use, by the service or by the
consumer that reaches it first."""

import asyncio

from subgraphs.search.index.fts import FtsIndex
from subgraphs.search.index.meili import MeiliIndex
from subgraphs.search.index.port import (
    FIELDS,
    Entry,
    Fragment,
    Highlight,
    Hit,
    Kind,
    SearchIndex,
    terms,
)
from subgraphs.search.settings import SearchSettings

__all__ = [
    "FIELDS",
    "Entry",
    "Fragment",
    "Highlight",
    "Hit",
    "Kind",
    "SearchIndex",
    "index_for",
    "make_index",
    "ready_index",
    "terms",
]

_made: dict[tuple[object, ...], SearchIndex] = {}
_migrated: set[int] = set()


def make_index(settings: SearchSettings) -> SearchIndex:
    """A new index as `settings` configure it."""
    if settings.MEILI_URL:
        key = settings.MEILI_API_KEY.get_secret_value() if settings.MEILI_API_KEY else None
        return MeiliIndex(
            settings.MEILI_URL,
            api_key=key,
            uid=settings.MEILI_INDEX,
            timeout_ms=settings.MEILI_TASK_TIMEOUT_MS,
        )
    return FtsIndex(settings.DATA_DIR / "search-index.db")


def index_for(settings: SearchSettings) -> SearchIndex:
    """This process's index for `settings` (one per configuration)."""
    key = (settings.MEILI_URL, settings.MEILI_INDEX, str(settings.DATA_DIR.resolve()))
    if key not in _made:
        _made[key] = make_index(settings)
    return _made[key]


async def ready_index(settings: SearchSettings) -> SearchIndex:
    """`index_for(settings)`, migrated once in this process (idempotent if twice at once)."""
    index = index_for(settings)
    if id(index) not in _migrated:
        await asyncio.shield(index.migrate())
        _migrated.add(id(index))
    return index
