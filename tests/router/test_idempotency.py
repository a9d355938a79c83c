"""Idempotency keys on mutations, at the router: a mutation retried with its Idempotency-Key is
answered once, whatever the subgraph; the same key with another request is refused, as is one
whose first request is still in flight; keys are per user and expire. Each test runs against a
router keeping the records in its memory and one keeping them in Redis."""

import asyncio
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
import redis.asyncio

from tests.clients import GraphQL
from tests.conftest import REDIS_URL
from tests.factories import CREATE_APPLICATION, Account, sign_up
from tests.router.conftest import Host, start_router
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.federation

TTL = 4  # IDEMPOTENCY_TTL_SECONDS of these routers
COUNT = "{ me { applications { totalCount } } }"


@pytest.fixture(scope="module")
async def applications_link(host: Host) -> AsyncIterator[TcpProxy]:
    """The applications subgraph behind a proxy that a test can slow down."""
    proxy = TcpProxy(int(host.url.rsplit(":", 1)[1]))
    await proxy.up()
    yield proxy
    await proxy.down()


@pytest.fixture(scope="module", params=["memory", "redis"])
def redis_prefix(request: pytest.FixtureRequest) -> str | None:
    """The key prefix of the router's records in Redis; None: they are in its memory."""
    return f"test-{uuid.uuid4().hex[:8]}" if request.param == "redis" else None


@pytest.fixture(scope="module")
async def http(
    redis_prefix: str | None, host: Host, applications_link: TcpProxy
) -> AsyncIterator[httpx.AsyncClient]:
    applications = f"http://127.0.0.1:{applications_link.port}/applications/graphql"
    env = {"IDEMPOTENCY_TTL_SECONDS": str(TTL), "SUBGRAPH_APPLICATIONS_URL": applications}
    if redis_prefix:
        env |= {"REDIS_URL": REDIS_URL, "RATE_LIMIT_KEY_PREFIX": redis_prefix}
    else:
        env |= {"REDIS_URL": ""}
    name = "idempotency-redis" if redis_prefix else "idempotency-memory"
    stack, router = start_router(host, name, env)
    with stack:
        async with httpx.AsyncClient(base_url=router.url, timeout=30) as client:
            yield client


@pytest.fixture(scope="module")
async def users(http: httpx.AsyncClient) -> tuple[Account, Account]:
    api = GraphQL(http, "/graphql")
    return await sign_up(api, full_name="Keyed One"), await sign_up(api, full_name="Keyed Two")


async def create(
    http: httpx.AsyncClient, user: Account, key: str | None, company: str = "Once Inc"
) -> httpx.Response:
    headers = {"authorization": f"Bearer {user.token}"} | ({"idempotency-key": key} if key else {})
    variables = {"input": {"company": company, "position": "Engineer"}}
    body = {"query": CREATE_APPLICATION, "variables": variables}
    return await http.post("/graphql", json=body, headers=headers)


async def count(http: httpx.AsyncClient, user: Account) -> int:
    result = await GraphQL(http, "/graphql")(COUNT, token=user.token)
    return int(result.data["me"]["applications"]["totalCount"])


def code(response: httpx.Response) -> str:
    return str(response.json()["errors"][0]["extensions"]["code"])


async def test_a_retried_mutation_is_answered_once(http, users):
    user, _ = users
    key, before = str(uuid.uuid4()), await count(http, user)
    first = await create(http, user, key)
    assert first.status_code == 200 and first.json()["data"]["createApplication"]["id"]
    assert "idempotent-replayed" not in first.headers
    for _ in range(2):
        again = await create(http, user, key)
        assert (again.status_code, again.content) == (first.status_code, first.content)
        assert again.headers["content-type"] == first.headers["content-type"]
        assert again.headers["idempotent-replayed"] == "true"
    assert await count(http, user) == before + 1
    without = await create(http, user, None)  # no key: a new application each time
    created = without.json()["data"]["createApplication"]["id"]
    assert created != first.json()["data"]["createApplication"]["id"]
    assert await count(http, user) == before + 2


async def test_the_same_key_with_another_request_is_refused(http, users):
    user, _ = users
    key, before = str(uuid.uuid4()), await count(http, user)
    assert (await create(http, user, key, company="First Co")).status_code == 200
    other = await create(http, user, key, company="Second Co")
    assert other.status_code == 422 and code(other) == "IDEMPOTENCY_KEY_REUSED"
    assert await count(http, user) == before + 1


async def test_keys_are_per_user(http, users):
    one, two = users
    key, before = str(uuid.uuid4()), await count(http, two)
    first = await create(http, one, key)
    second = await create(http, two, key)
    assert second.status_code == 200 and "idempotent-replayed" not in second.headers
    assert second.json() != first.json()
    assert await count(http, two) == before + 1
    assert (await create(http, one, key)).content == first.content
    assert (await create(http, two, key)).content == second.content


async def test_a_key_whose_request_is_in_flight_is_409(http, users, applications_link):
    user, _ = users
    key, before = str(uuid.uuid4()), await count(http, user)
    applications_link.delay = 1.0
    try:
        first = asyncio.create_task(create(http, user, key))
        await asyncio.sleep(0.4)
        meanwhile = await create(http, user, key)
    finally:
        applications_link.delay = 0.0
    assert meanwhile.status_code == 409 and code(meanwhile) == "IDEMPOTENCY_KEY_IN_PROGRESS"
    assert meanwhile.headers["retry-after"] == "1"
    answered = await first
    assert answered.status_code == 200
    assert (await create(http, user, key)).content == answered.content
    assert await count(http, user) == before + 1


async def test_keys_expire(http, users):
    user, _ = users
    key, before = str(uuid.uuid4()), await count(http, user)
    first = await create(http, user, key)
    assert (await create(http, user, key)).headers["idempotent-replayed"] == "true"
    await asyncio.sleep(TTL + 0.5)
    later = await create(http, user, key)
    assert later.status_code == 200 and "idempotent-replayed" not in later.headers
    assert later.json() != first.json()
    assert await count(http, user) == before + 2


async def test_a_key_on_a_query_or_an_anonymous_mutation_is_ignored(http, users):
    user, _ = users
    key = str(uuid.uuid4())
    headers = {"authorization": f"Bearer {user.token}", "idempotency-key": key}
    query = await http.post("/graphql", json={"query": COUNT}, headers=headers)
    assert query.status_code == 200 and "idempotent-replayed" not in query.headers
    assert (await create(http, user, key)).status_code == 200  # the key was not taken
    log_in = 'mutation { logIn(input: {email: "nobody@example.com", password: "x"}) { token } }'
    for _ in range(2):
        anonymous = await http.post(
            "/graphql", json={"query": log_in}, headers={"idempotency-key": key}
        )
        assert code(anonymous) == "INVALID_CREDENTIALS"
        assert "idempotent-replayed" not in anonymous.headers


async def test_a_malformed_key_is_400(http, users):
    user, _ = users
    response = await create(http, user, "k" * 256)
    assert response.status_code == 400 and code(response) == "BAD_REQUEST"
    quoted = str(uuid.uuid4())
    first = await create(http, user, f'"{quoted}"')  # the draft's form: a quoted string
    assert (await create(http, user, quoted)).content == first.content


async def test_with_redis_url_the_records_are_in_redis(http, users, redis_prefix):
    if redis_prefix is None:
        pytest.skip("the records are in the router's memory")
    user, _ = users
    await create(http, user, str(uuid.uuid4()))
    client = redis.asyncio.Redis.from_url(REDIS_URL)
    try:
        names = await client.keys(f"{redis_prefix}:idempotency:*")
        assert names
        lifetimes = [await client.pttl(name) for name in names]
        assert all(0 < lifetime <= TTL * 1000 for lifetime in lifetimes)
    finally:
        await client.aclose()


async def test_a_keyed_mutation_is_503_while_redis_does_not_answer(host):
    """Never run twice for want of a record: refused, to be retried; without a key, served."""
    stack, router = start_router(
        host, "idempotency-no-redis", {"REDIS_URL": "redis://127.0.0.1:1/0"}
    )
    with stack:
        async with httpx.AsyncClient(base_url=router.url, timeout=30) as http:
            user = await sign_up(GraphQL(http, "/graphql"), full_name="No Redis")
            refused = await create(http, user, str(uuid.uuid4()))
            assert refused.status_code == 503 and code(refused) == "SERVICE_UNAVAILABLE"
            assert refused.headers["retry-after"] == "2"
            assert (await create(http, user, None)).status_code == 200
            assert await count(http, user) == 1
