"""The HTTP edge of every subgraph: the request-body limit and the client's address."""

import asyncio
import json

import pytest
from starlette.requests import HTTPConnection

from subgraphs.kit.addresses import client_address, trusted_networks
from subgraphs.kit.edge import BodyLimit
from tests.clients import asgi_client

LIMIT = 1000


def small_limit(app):
    return BodyLimit(app, max_bytes=LIMIT)


async def test_a_declared_body_over_the_limit_is_refused_before_it_is_read(users_app):
    received = []

    async def receive():
        received.append(1)
        return {"type": "http.request", "body": b"x" * 100, "more_body": True}

    sent = []

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/graphql",
        "headers": [(b"content-length", b"50000000"), (b"content-type", b"application/json")],
    }
    await asyncio.wait_for(small_limit(users_app)(scope, receive, send), 5)
    assert received == [] and sent[0]["status"] == 413
    body = json.loads(sent[1]["body"])
    assert body["errors"][0]["extensions"]["code"] == "REQUEST_ENTITY_TOO_LARGE"


async def test_a_streamed_body_is_refused_once_it_grows_past_the_limit(users_app):
    async def chunks():
        yield b'{"query": "{ __typename }", "padding": "'
        for _ in range(100):
            yield b"x" * 100
        yield b'"}'

    async with asgi_client(small_limit(users_app)) as client:
        response = await client.post(
            "/graphql", content=chunks(), headers={"content-type": "application/json"}
        )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_ENTITY_TOO_LARGE"


async def test_exempt_routes_limit_their_own_bodies_mounted_or_not():
    reached = []

    async def app(scope, receive, send):
        reached.append(scope["path"])

    limit = BodyLimit(app, max_bytes=LIMIT, exempt=["/objects"])
    big = [(b"content-length", b"50000000")]

    async def send(message):
        pass

    async def receive():
        return {"type": "http.request", "body": b""}

    for path, root in [("/objects", ""), ("/files/objects", "/files"), ("/objects/a/b", "")]:
        scope = {"type": "http", "method": "POST", "path": path, "root_path": root, "headers": big}
        await limit(scope, receive, send)
    assert reached == ["/objects", "/files/objects", "/objects/a/b"]
    sent = []

    async def refused(message):
        sent.append(message)

    for path in ["/graphql", "/objectsx"]:
        scope = {"type": "http", "method": "POST", "path": path, "headers": big}
        await limit(scope, receive, refused)
    assert [m["status"] for m in sent if m["type"] == "http.response.start"] == [413, 413]


async def test_bodies_within_the_limit_pass(users):
    assert (await users("{ __typename }")).data == {"__typename": "Query"}


async def test_every_subgraph_has_the_configured_limit(settings):
    from subgraphs.users.app import create_app

    app = create_app(settings.model_copy(update={"SUBGRAPH_MAX_BODY_BYTES": 200}))
    async with app.router.lifespan_context(app), asgi_client(app) as client:
        small = await client.post("/graphql", json={"query": "{ __typename }"})
        large = await client.post("/graphql", json={"query": "{ __typename }", "x": "y" * 300})
    assert small.status_code == 200 and large.status_code == 413


def connection(peer: str, forwarded: str | None = None) -> HTTPConnection:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return HTTPConnection({"type": "http", "client": (peer, 5000), "headers": headers})


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        ("203.0.113.9", None, "", "203.0.113.9"),
        ("203.0.113.9", "198.51.100.1", "", "203.0.113.9"),  # not configured: header ignored
        ("10.0.0.5", "198.51.100.1", "127.0.0.1", "10.0.0.5"),  # an untrusted peer
        ("127.0.0.1", "198.51.100.1", "127.0.0.1", "198.51.100.1"),  # the router, forwarding
        (
            "127.0.0.1",
            "6.6.6.6, 198.51.100.1",
            "127.0.0.1",
            "198.51.100.1",
        ),  # client-written first hop
        ("10.0.0.5", "198.51.100.1, 10.0.0.7", "10.0.0.0/8", "198.51.100.1"),  # two proxies
        ("127.0.0.1", None, "127.0.0.1", "127.0.0.1"),
        ("::1", "2001:db8::1", "::1", "2001:db8::1"),
    ],
)
def test_the_client_address_comes_from_a_trusted_proxy_only(peer, forwarded, trusted, expected):
    assert client_address(connection(peer, forwarded), trusted_networks(trusted)) == expected
