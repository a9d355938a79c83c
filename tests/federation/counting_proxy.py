"""An HTTP proxy on loopback between the router and the embedded host that reads each subgraph
answer's `extensions.storeQueries` (DEBUG_STORE_QUERIES) before the router sees it.

The router keeps subgraph `extensions` to itself, so a count per subgraph for an operation that
crosses subgraphs is only visible on the way back from each subgraph: the test points the
router's SUBGRAPHS_BASE_URL here and reads `counts()` after each operation it sends (one at a
time). Nothing changes in the host or the router.
"""

import json
import threading
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn

from scripts.stack import free_port

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
# Recomputed on each side of the proxy (httpx decodes and re-frames the body).
HOP_HEADERS = {"host", "content-length", "transfer-encoding", "connection", "content-encoding"}


class CountingProxy:
    def __init__(self, target: str) -> None:
        self.target = target
        self.url = ""
        self._counts: Counter[str] = Counter()
        self._answers: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._client: httpx.AsyncClient | None = None

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()
            self._answers.clear()

    def counts(self) -> dict[str, int]:
        """Store queries per subgraph since the last `reset`, for every subgraph that answered
        the router (0 for one that answered without touching its store)."""
        with self._lock:
            return {name: self._counts[name] for name in sorted(self._answers)}

    def _record(self, subgraph: str, body: bytes) -> None:
        answers = json.loads(body)
        with self._lock:
            for answer in answers if isinstance(answers, list) else [answers]:
                extensions = answer.get("extensions") or {}
                self._answers[subgraph] += 1
                self._counts[subgraph] += extensions.get("storeQueries", 0)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        """One client to the target for the server's life, on the server's event loop."""
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self._client = httpx.AsyncClient(base_url=self.target, timeout=60)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._client is not None:
                    await self._client.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        assert self._client is not None
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = [
            (name.decode(), value.decode())
            for name, value in scope["headers"]
            if name.decode().lower() not in HOP_HEADERS | {"accept-encoding"}
        ]
        query = scope["query_string"].decode()
        path = scope["raw_path"].decode() + (f"?{query}" if query else "")
        answer = await self._client.request(scope["method"], path, headers=headers, content=body)
        parts = scope["path"].strip("/").split("/")
        if scope["method"] == "POST" and len(parts) == 2 and parts[1] == "graphql":
            self._record(parts[0], answer.content)
        out = [
            (name.encode(), value.encode())
            for name, value in answer.headers.items()
            if name.lower() not in HOP_HEADERS
        ]
        out.append((b"content-length", str(len(answer.content)).encode()))
        await send({"type": "http.response.start", "status": answer.status_code, "headers": out})
        await send({"type": "http.response.body", "body": answer.content})


@contextmanager
def counting_proxy(target: str) -> Iterator[CountingProxy]:
    """A CountingProxy to `target`, served by uvicorn on a thread of its own."""
    proxy = CountingProxy(target)
    port = free_port()
    config = uvicorn.Config(proxy, host="127.0.0.1", port=port, lifespan="on", log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the counting proxy did not start")
        threading.Event().wait(0.02)
    proxy.url = f"http://127.0.0.1:{port}"
    try:
        yield proxy
    finally:
        server.should_exit = True
        thread.join(10)
