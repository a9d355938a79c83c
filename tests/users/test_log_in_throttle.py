"""Log-in throttling that a stranger cannot turn against the owner (issue 37): budgets per
client address and per account and address, refused before the password is checked; failures
on an account from anywhere only slow the attempts on it, by a bounded progressive delay."""

import time
from collections.abc import AsyncIterator

import pytest

from subgraphs.users import throttle
from tests.clients import GraphQL
from tests.factories import PASSWORD, sign_up, unique_email
from tests.users.test_rate_limits import LOG_IN, STRICT, address, call, limited, log_in, started

TIGHT = {
    **STRICT,  # 6 attempts per address, 3 failures per account and address a minute
    "RATE_LIMIT_LOG_IN_ACCOUNT": "4 per minute",  # the longest delay from 4 failures on
    "RATE_LIMIT_LOG_IN_DELAY_SECONDS": 2.0,
}


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The delays the throttle asks for, taken instead of slept (the tests stay fast)."""
    asked: list[float] = []

    async def sleep(seconds: float) -> None:
        asked.append(seconds)

    monkeypatch.setattr(throttle, "sleep", sleep)
    return asked


@pytest.fixture
async def tight(settings, sleeps) -> AsyncIterator[GraphQL]:
    async for api in started(settings, **TIGHT):
        yield api


async def test_strangers_failing_from_many_addresses_do_not_lock_the_owner_out(settings, sleeps):
    """The issue's attack, with the default per-account budgets."""
    async for api in started(settings, TRUSTED_PROXIES="127.0.0.1"):
        owner = await sign_up(api)
        for n in range(10):  # ten wrong passwords, each from its own address
            guess = log_in(owner.email, f"guess {n}!")
            wrong = await call(api, LOG_IN, guess, sender=address())
            assert wrong.codes == ["INVALID_CREDENTIALS"], (n, wrong.body)
        mine = await call(api, LOG_IN, log_in(owner.email, PASSWORD), sender=address())
        assert mine.data and mine.data["logIn"]["token"], mine.body


async def test_one_address_guessing_many_accounts_is_refused(tight):
    sender = address()
    for _ in range(6):  # STRICT: 6 log-in attempts per address a minute
        wrong = await call(tight, LOG_IN, log_in(unique_email(), "guess!"), sender=sender)
        assert wrong.codes == ["INVALID_CREDENTIALS"]
    limited(await call(tight, LOG_IN, log_in(unique_email(), "guess!"), sender=sender))


async def test_one_address_guessing_one_account_is_refused_that_account_only(tight):
    owner, other = await sign_up(tight), await sign_up(tight)
    sender = address()
    for _ in range(3):  # STRICT: 3 failures per account and address a minute
        wrong = await call(tight, LOG_IN, log_in(owner.email, "guess!"), sender=sender)
        assert wrong.codes == ["INVALID_CREDENTIALS"]
    start = time.perf_counter()
    refused = await call(tight, LOG_IN, log_in(owner.email.upper(), PASSWORD), sender=sender)
    assert time.perf_counter() - start < 0.1  # before the password is checked (argon2)
    limited(refused)
    elsewhere = await call(tight, LOG_IN, log_in(other.email, PASSWORD), sender=sender)
    assert elsewhere.data and elsewhere.data["logIn"]["token"], elsewhere.body
    mine = await call(tight, LOG_IN, log_in(owner.email, PASSWORD), sender=address())
    assert mine.data and mine.data["logIn"]["token"], mine.body


async def test_failures_on_an_account_slow_every_attempt_on_it_up_to_a_bound(tight, sleeps):
    owner, other = await sign_up(tight), await sign_up(tight)
    for n in range(6):
        await call(tight, LOG_IN, log_in(owner.email, f"guess {n}!"), sender=address())
    assert sleeps == [0.25, 0.5, 1.0, 2.0, 2.0], sleeps  # none before the first failure
    sleeps.clear()
    mine = await call(tight, LOG_IN, log_in(owner.email, PASSWORD), sender=address())
    assert mine.data and mine.data["logIn"]["token"], mine.body
    assert sleeps == [2.0]  # the owner is slowed too, never refused
    sleeps.clear()
    await call(tight, LOG_IN, log_in(other.email, PASSWORD), sender=address())
    assert sleeps == []  # another account is not


@pytest.mark.parametrize(
    ("failures", "delay"),
    [(0, 0.0), (1, 0.25), (2, 0.5), (3, 1.0), (4, 2.0), (5, 2.0), (1000, 2.0)],
)
def test_the_delay_doubles_with_each_failure_up_to_the_longest(failures: int, delay: float):
    assert throttle.delay(failures, full_at=4, longest=2.0) == delay
