"""The router tells subgraphs who its client is: X-Forwarded-For as the client sent it, with the
address the router was called from appended (subgraphs believe it from TRUSTED_PROXIES only)."""

from collections.abc import Iterator

import httpx
import pytest

from tests.router.conftest import Host, start_router
from tests.stub_server import StubServer

pytestmark = pytest.mark.federation
SEARCH = '{ searchUsers(name: "a") { totalCount } }'


@pytest.fixture(scope="module")
def users_stand_in() -> Iterator[StubServer]:
    """A stand-in users subgraph: keeps each request's headers, answers every search empty."""
    with StubServer(lambda: {"data": {"searchUsers": {"totalCount": 0}}}) as server:
        yield server


def test_the_subgraph_learns_the_clients_address(host: Host, users_stand_in):
    stack, router = start_router(host, "forwarded", {"SUBGRAPH_USERS_URL": users_stand_in.url})
    cases = [(None, "127.0.0.1"), ("203.0.113.9", "203.0.113.9, 127.0.0.1")]
    with stack:
        for sent, forwarded in cases:
            headers = {"x-forwarded-for": sent} if sent else {}
            response = httpx.post(f"{router.url}/graphql", json={"query": SEARCH}, headers=headers)
            assert response.json() == {"data": {"searchUsers": {"totalCount": 0}}}
            assert users_stand_in.headers[-1]["x-forwarded-for"] == forwarded
