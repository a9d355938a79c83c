"""Store round trips per operation do not grow with the rows returned (DEBUG_STORE_QUERIES)."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from subgraphs.kit import TokenVerifier, runtime_of
from subgraphs.users.keys import SigningKeys
from tests.clients import GraphQL, asgi_client
from tests.factories import import_applications, sign_up

ME = "{ me { id fullName } }"
USER_APPLICATIONS = """
query($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on User {
      applications(first: 50) { totalCount edges { node { id company position status } } }
    }
  }
}"""
APPLICATIONS = """
query($r: [_Any!]!) {
  _entities(representations: $r) { ... on Application { id company status statusHistory { toStatus } } }
}"""


@pytest.fixture(scope="module")
async def counting(settings, users_app, applications_app) -> AsyncIterator[dict[str, Any]]:
    """Both subgraphs again, on the same (migrated) stores, answering `extensions.storeQueries`."""
    from subgraphs.applications.app import create_app as applications_app
    from subgraphs.users.app import create_app as users_app_factory

    debug = settings.model_copy(update={"DEBUG_STORE_QUERIES": True, "MIGRATE_ON_START": False})

    async def jwks() -> dict[str, Any]:
        return runtime_of(users_app).get(SigningKeys).jwks()

    verifier = TokenVerifier(jwks, issuer=debug.JWT_ISSUER, audience=debug.JWT_AUDIENCE)
    users = users_app_factory(debug)  # same DATA_DIR, so the same signing key
    applications = applications_app(debug, verifier=verifier)
    async with asgi_client(users) as u, asgi_client(applications) as a:
        yield {
            "users": GraphQL(u, "/graphql"),
            "applications": GraphQL(a, "/graphql"),
            "app": applications,
        }
    for app in (users, applications):
        await runtime_of(app).db.dispose()


@pytest.fixture(scope="module")
async def seeded(users, counting) -> dict[int, tuple[Any, list[str]]]:
    """Two accounts: one with 10 applications, one with 1,000."""
    seeded = {}
    for count in (10, 1000):
        account = await sign_up(users, full_name=f"Owner of {count}")
        seeded[count] = (account, await import_applications(counting["app"], account, count))
    return seeded


async def store_queries(api: GraphQL, query: str, variables=None, *, token: str) -> int:
    result = await api(query, variables, token=token)
    assert result.data is not None
    return result.body["extensions"]["storeQueries"]


def user_reference(account) -> dict[str, Any]:
    return {"r": [{"__typename": "User", "id": account.id}]}


def application_references(ids: list[str]) -> dict[str, Any]:
    return {"r": [{"__typename": "Application", "id": i} for i in ids]}


async def test_the_cross_subgraph_read_costs_the_same_for_10_and_1000_rows(counting, seeded):
    per_size = {}
    for count, (account, _) in seeded.items():
        me = await store_queries(counting["users"], ME, token=account.token)
        listing = await store_queries(
            counting["applications"],
            USER_APPLICATIONS,
            user_reference(account),
            token=account.token,
        )
        per_size[count] = (me, listing)
    # users: one batched user lookup; applications: the page and its total count.
    assert per_size == {10: (1, 2), 1000: (1, 2)}


async def test_an_entities_batch_costs_the_same_for_10_and_1000_references(counting, seeded):
    per_size = {}
    for count, (account, ids) in seeded.items():
        per_size[count] = await store_queries(
            counting["applications"], APPLICATIONS, application_references(ids), token=account.token
        )
    # one query for the applications, one for all their status histories
    assert per_size == {10: 2, 1000: 2}


async def test_concurrent_operations_each_count_their_own_queries(counting, seeded):
    account, ids = seeded[10]
    kinds = [
        (counting["applications"], USER_APPLICATIONS, user_reference(account), 2),
        (counting["applications"], APPLICATIONS, application_references(ids[:3]), 2),
        (counting["users"], ME, None, 1),
    ] * 6
    counts = await asyncio.gather(
        *(
            store_queries(api, query, variables, token=account.token)
            for api, query, variables, _ in kinds
        )
    )
    assert counts == [expected for *_, expected in kinds]


async def test_no_extension_unless_the_setting_is_on(applications, seeded):
    account, _ = seeded[10]
    result = await applications("{ applications(first: 1) { totalCount } }", token=account.token)
    assert result.data["applications"]["totalCount"] == 10
    assert "extensions" not in result.body


async def test_the_total_is_counted_in_the_same_session_only_when_asked(counting, seeded):
    account, _ = seeded[10]
    api = counting["applications"]
    page = "{ applications(first: 5) { edges { node { id } } } }"
    with_total = """{ applications(first: 5) { ...Total edges { node { id } } } }
    fragment Total on ApplicationConnection { totalCount }"""
    assert await store_queries(api, page, token=account.token) == 1
    assert await store_queries(api, with_total, token=account.token) == 2


async def test_a_count_alone_reads_no_page(counting, seeded):
    account, _ = seeded[10]
    api = counting["applications"]
    count = "{ applications(first: 1) { totalCount } }"
    in_a_fragment = "{ applications { __typename ... on ApplicationConnection { totalCount } } }"
    cursor = "{ applications(first: 1) { pageInfo { endCursor } } }"
    both = "{ applications(first: 1) { totalCount ... on ApplicationConnection { edges { cursor } } } }"
    assert await store_queries(api, count, token=account.token) == 1
    assert await store_queries(api, in_a_fragment, token=account.token) == 1
    assert await store_queries(api, cursor, token=account.token) == 1
    assert await store_queries(api, both, token=account.token) == 2
    result = await api(count, token=account.token)
    assert result.data["applications"]["totalCount"] == 10
