"""A rate-limited operation tells its budget in the IETF draft's headers: RateLimit-Limit,
RateLimit-Remaining and RateLimit-Reset of the tightest rule it touched, and Retry-After when
refused; an operation no rule limits carries none of them."""

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.clients import GraphQL, Result
from tests.factories import PASSWORD, sign_up, unique_email
from tests.users.test_rate_limits import LOG_IN, STRICT, address, limited, log_in, started

NAMES = ("ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "retry-after")


async def log_in_from(api, email: str, password: str, sender: str) -> httpx.Response:
    variables = log_in(email, password)
    headers = {"x-forwarded-for": sender}
    return await api.client.post(
        api.path, json={"query": LOG_IN, "variables": variables}, headers=headers
    )


@pytest.fixture
async def strict(settings) -> AsyncIterator[GraphQL]:
    async for api in started(settings, **STRICT):
        yield api


def told(response: httpx.Response) -> dict[str, int]:
    return {name: int(response.headers[name]) for name in NAMES if name in response.headers}


async def test_failed_log_ins_count_down_to_a_refusal_with_retry_after(strict):
    """STRICT: 3 failures per account from one address, 6 attempts per address. The failures'
    rule is the tighter one, so it is the one told."""
    email, sender = unique_email(), address()
    remaining = []
    for _ in range(3):
        response = await log_in_from(strict, email, "wrong password!", sender)
        assert Result(response.status_code, response.json()).codes == ["INVALID_CREDENTIALS"]
        headers = told(response)
        assert headers["ratelimit-limit"] == 3 and "retry-after" not in headers
        assert 1 <= headers["ratelimit-reset"] <= 60
        remaining.append(headers["ratelimit-remaining"])
    assert remaining == [2, 1, 0]
    refused = await log_in_from(strict, email, PASSWORD, sender)
    retry_after = limited(Result(refused.status_code, refused.json()))
    headers = told(refused)
    assert headers["ratelimit-limit"] == 3 and headers["ratelimit-remaining"] == 0
    assert headers["retry-after"] == retry_after == headers["ratelimit-reset"]


async def test_log_ins_from_one_address_tell_the_address_budget_once_it_is_tightest(strict):
    account, sender = await sign_up(strict), address()
    limits, remaining = [], []
    for _ in range(6):
        response = await log_in_from(strict, account.email, PASSWORD, sender)
        assert response.json()["data"]["logIn"]["token"]
        limits.append(told(response)["ratelimit-limit"])
        remaining.append(told(response)["ratelimit-remaining"])
    # The account's failures from this address (3, none spent) until the address's own 6
    # attempts run lower (at the third attempt both have 3 left).
    assert remaining == [3, 3, 3, 2, 1, 0]
    assert limits[:2] == [3, 3] and limits[3:] == [6, 6, 6]
    refused = await log_in_from(strict, account.email, PASSWORD, sender)
    assert told(refused)["retry-after"] == limited(Result(refused.status_code, refused.json()))


async def test_an_operation_no_rule_limits_has_no_rate_limit_headers(strict):
    account = await sign_up(strict)
    response = await strict.client.post(
        strict.path,
        json={"query": "{ me { id } }"},
        headers={"authorization": f"Bearer {account.token}"},
    )
    assert response.json()["data"]["me"]["id"] == account.id
    assert told(response) == {}
