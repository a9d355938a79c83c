"""The router tells subgraphs who its client is: X-Forwarded-For as the client sent it, with the
address the router was called from appended (subgraphs believe it from TRUSTED_PROXIES only)."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from scripts.stack import free_port
from tests.router.conftest import Host, start_router

pytestmark = pytest.mark.federation
SEARCH = '{ searchUsers(name: "a") { totalCount } }'


class Recording(BaseHTTPRequestHandler):
    """A stand-in users subgraph: records each request's headers, answers every search empty."""

    seen: list[dict[str, str]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        Recording.seen.append({k.lower(): v for k, v in self.headers.items()})
        body = json.dumps({"data": {"searchUsers": {"totalCount": 0}}}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture(scope="module")
def users_stand_in() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Recording)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/graphql"
    server.shutdown()


def test_the_subgraph_learns_the_clients_address(host: Host, users_stand_in):
    stack, router = start_router(host, "forwarded", {"SUBGRAPH_USERS_URL": users_stand_in})
    cases = [(None, "127.0.0.1"), ("203.0.113.9", "203.0.113.9, 127.0.0.1")]
    with stack:
        for sent, forwarded in cases:
            headers = {"x-forwarded-for": sent} if sent else {}
            response = httpx.post(f"{router.url}/graphql", json={"query": SEARCH}, headers=headers)
            assert response.json() == {"data": {"searchUsers": {"totalCount": 0}}}
            assert Recording.seen[-1]["x-forwarded-for"] == forwarded
