"""Rate-limit headers through the router: the subgraphs tell the budget an operation touched
(RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After when refused) and the
router passes the tightest one on to the client."""

import httpx
import pytest

from tests.factories import unique_email

pytestmark = pytest.mark.federation

NAMES = ("ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "retry-after")
LOG_IN = "logIn(input: {email: $email, password: $password}) { token }"
PASTE = 'importPosting(input: {text: "Backend Engineer at Acme, Berlin"}) { company }'
ADDRESS_BUDGET = 60  # RATE_LIMIT_LOG_IN_ADDRESS: the router's address, shared by every test
FAILURES_BUDGET = 10  # RATE_LIMIT_LOG_IN_ACCOUNT_ADDRESS: failed log-ins per account
PASTE_BUDGET = 30  # RATE_LIMIT_PASTE_POSTING: pasted postings per user


async def post(http: httpx.AsyncClient, query: str, token: str | None = None, **variables):
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )


def told(response: httpx.Response) -> dict[str, int]:
    return {name: int(response.headers[name]) for name in NAMES if name in response.headers}


def codes(response: httpx.Response) -> list[str]:
    return [error["extensions"]["code"] for error in response.json().get("errors", [])]


async def test_failed_log_ins_tell_a_shrinking_budget_then_retry_after(http):
    email = unique_email()
    query = f"mutation($email: String!, $password: String!) {{ {LOG_IN} }}"
    for spent in range(1, FAILURES_BUDGET + 1):
        response = await post(http, query, email=email, password="wrong password!")
        assert codes(response) == ["INVALID_CREDENTIALS"]
        headers = told(response)
        assert headers["ratelimit-limit"] == FAILURES_BUDGET, headers
        assert headers["ratelimit-remaining"] == FAILURES_BUDGET - spent
        assert 1 <= headers["ratelimit-reset"] <= 15 * 60 and "retry-after" not in headers
    refused = await post(http, query, email=email, password="wrong password!")
    assert codes(refused) == ["RATE_LIMITED"]
    retry_after = refused.json()["errors"][0]["extensions"]["retryAfter"]
    assert told(refused)["retry-after"] == retry_after == told(refused)["ratelimit-reset"]
    assert told(refused)["ratelimit-remaining"] == 0


async def test_an_unlimited_operation_has_no_rate_limit_headers(http, account):
    response = await post(http, "{ me { id } }", account.token)
    assert response.json()["data"]["me"]["id"] == account.id
    assert told(response) == {}


@pytest.mark.parametrize("order", ["paste first", "log-in first"])
async def test_an_operation_over_two_subgraphs_tells_the_tightest_budget(http, account, order):
    """A pasted posting (postings: 30 a minute per user) and a failed log-in (users: 10 per
    account): the log-in's budget is the tighter, whichever subgraph answers last."""
    fields = [PASTE, LOG_IN] if order == "paste first" else [LOG_IN, PASTE]
    query = f"mutation($email: String!, $password: String!) {{ {' '.join(fields)} }}"
    response = await post(http, query, account.token, email=unique_email(), password="wrong!")
    assert codes(response) == ["INVALID_CREDENTIALS"]
    headers = told(response)
    assert headers["ratelimit-limit"] == FAILURES_BUDGET
    assert headers["ratelimit-remaining"] == FAILURES_BUDGET - 1
    assert response.headers["ratelimit-remaining"] == str(FAILURES_BUDGET - 1)  # one value
