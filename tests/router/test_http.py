"""CORS with two origins, the metrics' bounded labels and the browser page."""

import re

import pytest

from tests.router.conftest import CORS_ORIGINS

pytestmark = pytest.mark.federation
QUERY = {"query": "{ __typename }"}


@pytest.mark.parametrize("origin", CORS_ORIGINS.split(","))
async def test_an_allowed_origin_gets_itself_back(http, origin):
    response = await http.post("/graphql", json=QUERY, headers={"origin": origin})
    assert response.headers["access-control-allow-origin"] == origin
    assert response.headers["access-control-allow-credentials"] == "true"
    assert "Origin" in response.headers["vary"]


async def test_a_page_may_send_an_idempotency_key_and_read_the_rate_limit_headers(http):
    origin = CORS_ORIGINS.split(",")[0]
    preflight = {
        "origin": origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type, idempotency-key",
    }
    response = await http.options("/graphql", headers=preflight)
    allowed = response.headers["access-control-allow-headers"].lower()
    assert "idempotency-key" in allowed
    response = await http.post("/graphql", json=QUERY, headers={"origin": origin})
    exposed = response.headers["access-control-expose-headers"].lower()
    for name in ("ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "retry-after"):
        assert name in exposed


async def test_a_foreign_origin_gets_no_cors_headers(http):
    for method in ("POST", "OPTIONS"):
        headers = {"origin": "https://evil.example", "access-control-request-method": "POST"}
        response = await http.request(method, "/graphql", json=QUERY, headers=headers)
        assert not any(name.startswith("access-control-") for name in response.headers)
        assert "Origin" in response.headers["vary"]


async def test_responses_without_an_origin_vary_on_it_too(http):
    assert "Origin" in (await http.post("/graphql", json=QUERY)).headers["vary"]


async def test_operation_names_do_not_grow_the_metrics(http):
    for n in range(300):
        await http.post("/graphql", json={"query": f"query Made{n}Up {{ __typename }}"})
    await http.post("/graphql", json={"query": "query Me { __typename }"})
    metrics = (await http.get("/metrics")).text
    names = set(re.findall(r'operationName="([^"]*)"', metrics))
    assert "Made7Up" not in names and {"other", "Me"} <= names
    assert len(metrics) < 200_000
    assert 'url="' not in metrics and 'path="' not in metrics


async def test_the_browser_page_is_compressed_and_opens_on_the_quick_start(http):
    page = await http.get("/graphql", headers={"accept": "text/html", "accept-encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip"
    assert int(page.headers["content-length"]) < 6_000_000  # on the wire; 21 MB decoded
    html = page.text
    assert "localStorage.setItem(key('operations')" in html and "mutation SignUp" in html
    brotli = await http.get("/graphql", headers={"accept": "text/html", "accept-encoding": "br"})
    assert brotli.headers["content-encoding"] == "br"
    assert int(brotli.headers["content-length"]) < 5_000_000
    plain = await http.get(
        "/graphql", headers={"accept": "text/html", "accept-encoding": "identity"}
    )
    assert "content-encoding" not in plain.headers
