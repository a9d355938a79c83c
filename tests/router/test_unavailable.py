"""A subgraph the router cannot reach is SERVICE_UNAVAILABLE, naming it: its fields are null in a
partial answer (HTTP 200), and an answer with no data at all is HTTP 503 with Retry-After. Before,
each was INTERNAL_SERVER_ERROR "Unexpected error." (HTTP 500), as while the host restarted."""

import httpx
import pytest

from scripts.stack import free_port
from tests.router.conftest import start_router

pytestmark = pytest.mark.federation

APPLICATIONS = "{ applications(first: 1) { totalCount } }"


@pytest.fixture(scope="module")
def cut_off(host):
    """A router whose applications subgraph is at a port nobody listens on."""
    stack, router = start_router(
        host,
        "unavailable",
        {"SUBGRAPH_APPLICATIONS_URL": f"http://127.0.0.1:{free_port()}/graphql"},
    )
    with stack:
        yield router


async def test_the_whole_answer_failing_is_503_with_retry_after(cut_off, account):
    async with httpx.AsyncClient(base_url=cut_off.url, timeout=30) as client:
        response = await client.post(
            "/graphql",
            json={"query": APPLICATIONS},
            headers={"authorization": f"Bearer {account.token}"},
        )
    assert response.status_code == 503
    assert response.headers["retry-after"] == "2"
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "SERVICE_UNAVAILABLE", "service": "applications"}
    assert (
        error["message"] == "The applications service is unavailable right now; try again shortly."
    )
    assert "body" not in response.text  # the subgraph request is not echoed


async def test_a_partial_answer_names_the_missing_service(cut_off, account):
    query = "{ me { fullName applications(first: 1) { totalCount } } }"
    async with httpx.AsyncClient(base_url=cut_off.url, timeout=30) as client:
        response = await client.post(
            "/graphql", json={"query": query}, headers={"authorization": f"Bearer {account.token}"}
        )
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"me": {"fullName": "Router Tester", "applications": None}}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["SERVICE_UNAVAILABLE"]
    assert body["errors"][0]["path"][0] == "me"  # the entity fetch's place in the plan
