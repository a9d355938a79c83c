"""The production index: Meilisearch, through its official Python client (`meilisearch`,
synchronous, each call on a thread: like the FTS5 index it is tied to no event loop, so the
subgraph's requests and the worker's consumers share one client).

One index (MEILI_INDEX) holds every kind; each document is an entry's key, kind, entity id,
owner, public flag, text fields (searched) and refs (kept, not searched). Owner scoping is a
filter this adapter puts on every search: `(owner_id = "<viewer>" OR public = true) AND kind IN
[...]`. Typo tolerance and prefix matching are Meilisearch's own; matches come back marked in
`_formatted`. Each write waits for its task, so a put is searchable when it returns and a
failed task raises (the consumer retries). Kept thin on purpose: the contract suite is its
whole test.
"""

import asyncio
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from uuid import UUID

import meilisearch

from subgraphs.search.index.port import (
    ELLIPSIS,
    FIELDS,
    MARK_END,
    MARK_START,
    REFS,
    SNIPPET_WORDS,
    Entry,
    Hit,
    Kind,
    clean,
    highlight,
    kept,
)

T = TypeVar("T")
SETTINGS = {
    "searchableAttributes": list(FIELDS),
    "filterableAttributes": ["kind", "owner_id", "public"],
    "displayedAttributes": ["key", "kind", "entity_id", *FIELDS, "refs"],
}


class MeiliIndex:
    name = "search"

    def __init__(self, url: str, *, api_key: str | None, uid: str, timeout_ms: int) -> None:
        self.client = meilisearch.Client(url, api_key, timeout=max(1, timeout_ms // 1000))
        self.uid = uid
        self.timeout_ms = timeout_ms

    async def _run(self, work: Callable[[Any], T]) -> T:
        return await asyncio.to_thread(work, self.client.index(self.uid))

    def _wait(self, task: Any) -> None:
        done = self.client.wait_for_task(task.task_uid, timeout_in_ms=self.timeout_ms)
        if done.status != "succeeded":
            raise RuntimeError(f"Meilisearch task {done.uid} {done.status}: {done.error}")

    async def migrate(self) -> None:
        def migrate(index: Any) -> None:
            created = self.client.wait_for_task(
                self.client.create_index(self.uid, {"primaryKey": "key"}).task_uid,
                timeout_in_ms=self.timeout_ms,
            )
            if created.status != "succeeded" and "already_exists" not in json.dumps(created.error):
                raise RuntimeError(f"Meilisearch could not create {self.uid}: {created.error}")
            self._wait(index.update_settings(SETTINGS))

        await self._run(migrate)

    async def ping(self) -> None:
        await asyncio.to_thread(self.client.health)

    async def dispose(self) -> None:
        return None

    async def put(self, entry: Entry) -> None:
        document = {
            "key": entry.key,
            "kind": entry.kind.value,
            "entity_id": str(entry.id),
            "owner_id": str(entry.owner_id),
            "public": entry.public,
            **{name: clean(entry.fields.get(name)) for name in FIELDS},
            "refs": kept(entry.refs, REFS),
        }
        await self._run(lambda index: self._wait(index.add_documents([document], "key")))

    async def delete(self, kind: Kind, id: UUID) -> None:
        key = f"{kind.value}-{id}"
        await self._run(lambda index: self._wait(index.delete_document(key)))

    async def delete_owner(self, owner_id: UUID) -> None:
        where = f'owner_id = "{owner_id}"'
        await self._run(lambda index: self._wait(index.delete_documents(filter=where)))

    async def clear(self) -> None:
        await self._run(lambda index: self._wait(index.delete_all_documents()))

    async def search(
        self, query: str, *, viewer: UUID, kinds: Sequence[Kind], limit: int
    ) -> list[Hit]:
        if not kinds:
            return []
        listed = ", ".join(f'"{kind.value}"' for kind in kinds)
        options = {
            "limit": limit,
            "filter": f'(owner_id = "{viewer}" OR public = true) AND kind IN [{listed}]',
            "attributesToRetrieve": ["kind", "entity_id", *FIELDS, "refs"],
            "attributesToHighlight": list(FIELDS),
            "attributesToCrop": list(FIELDS),
            "cropLength": SNIPPET_WORDS,
            "cropMarker": ELLIPSIS,
            "highlightPreTag": MARK_START,
            "highlightPostTag": MARK_END,
        }
        found = await self._run(lambda index: index.search(query, options))
        return [_hit(document) for document in found["hits"]]


def _hit(document: dict[str, Any]) -> Hit:
    formatted = document.get("_formatted", {})
    found = (highlight(name, str(formatted.get(name) or "")) for name in FIELDS)
    return Hit(
        Kind(document["kind"]),
        UUID(document["entity_id"]),
        tuple(h for h in found if h is not None),
        fields=kept(document, FIELDS),
        refs=kept(document.get("refs") or {}, REFS),
    )
