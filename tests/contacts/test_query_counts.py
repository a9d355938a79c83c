"""Store round trips per operation do not grow with the contacts returned (DEBUG_STORE_QUERIES)."""

from collections.abc import AsyncIterator
from typing import Any

import pytest

from subgraphs.kit import TokenVerifier, runtime_of
from subgraphs.users.keys import SigningKeys
from tests.clients import GraphQL, asgi_client
from tests.factories import import_contacts, sign_up

USER_CONTACTS = """
query($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on User {
      contacts(first: 100) { totalCount edges { node { id name emails linkedUser { id } } } }
    }
  }
}"""
CONTACTS = """
query($r: [_Any!]!) {
  _entities(representations: $r) { ... on Contact { id name company socialLinks { url } linkedUser { id } } }
}"""


@pytest.fixture(scope="module")
async def counting(settings, users_app, contacts_app) -> AsyncIterator[GraphQL]:
    """The contacts subgraph again, on the same (migrated) store, answering `storeQueries`."""
    from subgraphs.contacts.app import create_app

    debug = settings.model_copy(update={"DEBUG_STORE_QUERIES": True, "MIGRATE_ON_START": False})

    async def jwks() -> dict[str, Any]:
        return runtime_of(users_app).get(SigningKeys).jwks()

    verifier = TokenVerifier(jwks, issuer=debug.JWT_ISSUER, audience=debug.JWT_AUDIENCE)
    app = create_app(debug, verifier=verifier)
    async with asgi_client(app) as client:
        yield GraphQL(client, "/graphql")
    await runtime_of(app).db.dispose()


@pytest.fixture(scope="module")
async def seeded(users, contacts_app) -> dict[int, tuple[Any, list[str]]]:
    """Two accounts: one with 10 contacts, one with 300."""
    seeded = {}
    for count in (10, 300):
        account = await sign_up(users, full_name=f"Owner of {count}")
        seeded[count] = (account, await import_contacts(contacts_app, account, count))
    return seeded


async def store_queries(api: GraphQL, query: str, variables=None, *, token: str) -> int:
    result = await api(query, variables, token=token)
    assert result.data is not None
    return result.body["extensions"]["storeQueries"]


async def test_user_contacts_cost_the_same_for_10_and_300(counting, seeded):
    per_size = {}
    for count, (account, _) in seeded.items():
        reps = {"r": [{"__typename": "User", "id": account.id}]}
        per_size[count] = await store_queries(counting, USER_CONTACTS, reps, token=account.token)
    assert per_size == {10: 2, 300: 2}  # the page and its total count


async def test_an_entities_batch_is_one_query_for_10_and_300_references(counting, seeded):
    per_size = {}
    for count, (account, ids) in seeded.items():
        reps = {"r": [{"__typename": "Contact", "id": i} for i in ids]}
        per_size[count] = await store_queries(counting, CONTACTS, reps, token=account.token)
    assert per_size == {10: 1, 300: 1}


async def test_the_total_is_counted_only_when_asked(counting, seeded):
    account, _ = seeded[300]
    page = '{ contacts(first: 5, filter: {query: "company 3"}) { edges { node { id } } } }'
    with_total = (
        '{ contacts(first: 5, filter: {query: "company 3"}) { totalCount edges { node { id } } } }'
    )
    assert await store_queries(counting, page, token=account.token) == 1
    assert await store_queries(counting, with_total, token=account.token) == 2
