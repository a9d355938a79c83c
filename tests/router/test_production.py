"""ENVIRONMENT=production: trusted documents only, no introspection, no browser page, unless asked."""

import hashlib
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.factories import OPERATIONS, sign_up
from tests.router.conftest import Host, start_router

pytestmark = pytest.mark.federation
PAGE = {"accept": "text/html"}
INTROSPECTION = {"query": "{ __schema { queryType { name } } }"}


def persisted(name: str, variables: dict | None = None) -> dict:
    digest = hashlib.sha256((OPERATIONS / f"{name}.graphql").read_bytes()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    return {"extensions": extensions, "variables": variables or {}}


def code(response: httpx.Response) -> str:
    return response.json()["errors"][0]["extensions"]["code"]


@pytest.fixture(scope="module")
async def production(host: Host) -> AsyncIterator[httpx.AsyncClient]:
    stack, router = start_router(host, "production", {"ENVIRONMENT": "production"})
    with stack:
        async with httpx.AsyncClient(base_url=router.url, timeout=30) as client:
            yield client


@pytest.fixture(scope="module")
async def production_open(host: Host) -> AsyncIterator[httpx.AsyncClient]:
    """Production with trusted documents off and the page asked for; limits from the environment."""
    env = {
        "ENVIRONMENT": "production",
        "TRUSTED_DOCUMENTS": "false",
        "ROUTER_GRAPHIQL": "true",
        "ROUTER_MAX_DEPTH": "4",
        "ROUTER_MAX_ALIASES": "1",
    }
    stack, router = start_router(host, "production-open", env)
    with stack:
        async with httpx.AsyncClient(base_url=router.url, timeout=30) as client:
            yield client


async def test_only_trusted_documents_run(production, api):
    account = await sign_up(api)
    me = await production.post(
        "/graphql",
        json=persisted("Me", {"first": 5}),
        headers={"authorization": f"Bearer {account.token}"},
    )
    assert me.json()["data"]["me"]["fullName"] == "Ada Lovelace"
    text = await production.post(
        "/graphql", json={"query": (OPERATIONS / "Me.graphql").read_text()}
    )
    assert (text.status_code, code(text)) == (400, "PERSISTED_QUERY_ONLY")
    unknown = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}}
    assert code(await production.post("/graphql", json=unknown)) == "PERSISTED_QUERY_NOT_FOUND"


async def test_no_browser_page_and_no_landing_page(production):
    page = await production.get("/graphql", headers=PAGE)
    assert "text/html" not in page.headers.get("content-type", "")
    assert (await production.get("/", headers=PAGE)).status_code == 404


async def test_introspection_is_off_and_field_names_are_not_suggested(production_open):
    introspection = await production_open.post("/graphql", json=INTROSPECTION)
    assert code(introspection) == "GRAPHQL_VALIDATION_FAILED"
    typo = await production_open.post("/graphql", json={"query": "{ me { fullNam } }"})
    assert "Did you mean" not in typo.text


async def test_the_page_can_be_asked_for_and_limits_come_from_the_environment(production_open):
    page = await production_open.get("/graphql", headers=PAGE)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    deep = await production_open.post(
        "/graphql", json={"query": "{ me { interestedIn { edges { node { id } } } } }"}
    )
    assert code(deep) == "MAX_DEPTH_LIMIT"
    aliased = await production_open.post(
        "/graphql", json={"query": "{ a: __typename b: __typename }"}
    )
    assert code(aliased) == "MAX_ALIASES_LIMIT"
