"""Log-in and sign-up are rate-limited per account and per client address (in Redis on the
PostgreSQL leg, in-process on SQLite), answering RATE_LIMITED with a retry-after. Log-in's
own rules (no lock-out by strangers, the progressive delay): test_log_in_throttle.py."""

import logging
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from subgraphs.users.app import create_app
from subgraphs.users.settings import UsersSettings
from tests.clients import GraphQL, Result, asgi_client
from tests.factories import PASSWORD, SIGN_UP, sign_up, unique_email

LOG_IN = "mutation($input: LogInInput!) { logIn(input: $input) { token } }"
DELETE = "mutation($p: String!) { deleteAccount(password: $p) }"
STRICT = {
    "RATE_LIMIT_LOG_IN_ACCOUNT": "3 per minute",
    "RATE_LIMIT_LOG_IN_ACCOUNT_ADDRESS": "3 per minute",
    "RATE_LIMIT_LOG_IN_DELAY_SECONDS": 0.0,  # the delay's own tests: test_log_in_throttle.py
    "RATE_LIMIT_LOG_IN_ADDRESS": "6 per minute",
    "RATE_LIMIT_SIGN_UP_ACCOUNT": "2 per minute",
    "RATE_LIMIT_SIGN_UP_ADDRESS": "4 per minute",
    "TRUSTED_PROXIES": "127.0.0.1",  # the test client plays the router: X-Forwarded-For counts
}


async def started(settings, **changes: Any) -> AsyncIterator[GraphQL]:
    prefix = f"{settings.RATE_LIMIT_KEY_PREFIX}-{uuid.uuid4().hex[:6]}"
    app = create_app(UsersSettings.of(settings, RATE_LIMIT_KEY_PREFIX=prefix, **changes))
    async with app.router.lifespan_context(app), asgi_client(app) as client:
        yield GraphQL(client, "/graphql")


@pytest.fixture
async def strict(settings) -> AsyncIterator[GraphQL]:
    async for api in started(settings, **STRICT):
        yield api


def address() -> str:
    """A client address of its own (the documentation range), as the router forwards it."""
    return f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"


async def call(
    api: GraphQL, query: str, variables: dict, *, sender: str, token: str = ""
) -> Result:
    headers = {"x-forwarded-for": sender} | ({"authorization": f"Bearer {token}"} if token else {})
    response = await api.client.post(
        api.path, json={"query": query, "variables": variables}, headers=headers
    )
    return Result(response.status_code, response.json())


def log_in(email: str, password: str) -> dict:
    return {"input": {"email": email, "password": password}}


def limited(result: Result) -> int:
    assert result.codes == ["RATE_LIMITED"], result.body
    retry = result.error["extensions"]["retryAfter"]
    assert isinstance(retry, int) and 1 <= retry <= 60
    assert f"{retry} s" in result.error["message"]
    return retry


async def test_log_ins_from_one_address_are_limited_whatever_the_account(strict):
    sender = address()
    for _ in range(6):
        attempt = await call(
            strict, LOG_IN, log_in(unique_email(), "wrong password!"), sender=sender
        )
        assert attempt.codes == ["INVALID_CREDENTIALS"]
    limited(await call(strict, LOG_IN, log_in(unique_email(), "wrong password!"), sender=sender))
    other = await call(strict, LOG_IN, log_in(unique_email(), "wrong password!"), sender=address())
    assert other.codes == ["INVALID_CREDENTIALS"]


async def test_a_forwarded_address_counts_only_from_a_trusted_proxy(settings):
    async for api in started(settings, **{**STRICT, "TRUSTED_PROXIES": ""}):
        for _ in range(6):  # a new made-up X-Forwarded-For each time: all one address
            attempt = await call(api, LOG_IN, log_in(unique_email(), "wrong!"), sender=address())
            assert attempt.codes == ["INVALID_CREDENTIALS"]
        limited(await call(api, LOG_IN, log_in(unique_email(), "wrong!"), sender=address()))


async def test_sign_ups_are_limited_per_e_mail_and_per_address(strict):
    email, sender = unique_email(), address()
    weak = {"input": {"email": email, "password": "password12", "fullName": "Weak"}}
    for _ in range(2):  # refused attempts count too
        assert (await call(strict, SIGN_UP, weak, sender=sender)).codes == ["BAD_USER_INPUT"]
    good = {"input": {"email": email, "password": PASSWORD, "fullName": "Now Strong"}}
    limited(await call(strict, SIGN_UP, good, sender=address()))
    for _ in range(2):
        fresh = {"input": {"email": unique_email(), "password": PASSWORD, "fullName": "Many"}}
        assert (await call(strict, SIGN_UP, fresh, sender=sender)).data["signUp"]["token"]
    fresh = {"input": {"email": unique_email(), "password": PASSWORD, "fullName": "Too Many"}}
    limited(await call(strict, SIGN_UP, fresh, sender=sender))


async def test_delete_account_passwords_are_limited_too(strict):
    account = await sign_up(strict)
    for _ in range(3):
        wrong = await call(
            strict, DELETE, {"p": "not my password"}, sender=address(), token=account.token
        )
        assert wrong.codes == ["INVALID_CREDENTIALS"]
    limited(await call(strict, DELETE, {"p": PASSWORD}, sender=address(), token=account.token))


async def test_processes_sharing_redis_share_the_counts(settings, store_leg):
    if store_leg != "postgres":
        pytest.skip("in-process counts are per process by design (the embedded profile)")
    prefix = {"RATE_LIMIT_KEY_PREFIX": f"shared-{uuid.uuid4().hex[:6]}"}
    one, two = (
        create_app(UsersSettings.of(settings, **STRICT, **prefix)),
        create_app(UsersSettings.of(settings, **STRICT, **prefix)),
    )
    async with one.router.lifespan_context(one), two.router.lifespan_context(two):
        async with asgi_client(one) as first, asgi_client(two) as second:
            a, b = GraphQL(first, "/graphql"), GraphQL(second, "/graphql")
            account, sender = await sign_up(a), address()
            for api in (a, b, a):
                await call(api, LOG_IN, log_in(account.email, "wrong!"), sender=sender)
            limited(await call(b, LOG_IN, log_in(account.email, PASSWORD), sender=sender))


async def test_an_unreachable_redis_lets_attempts_through_with_a_warning(settings, caplog):
    async for api in started(settings, REDIS_URL="redis://127.0.0.1:1/0"):
        account = await sign_up(api)
        with caplog.at_level(logging.WARNING, logger="subgraphs.ratelimit"):
            result = await api(LOG_IN, log_in(account.email, PASSWORD))
        assert result.data["logIn"]["token"]
        assert any("rate limits unavailable" in r.getMessage() for r in caplog.records)
        assert not any(r.exc_info for r in caplog.records)
        ready = await api.client.get("/health/ready")
        assert ready.status_code == 503 and ready.json()["stores"]["rate limits"] == "down"
