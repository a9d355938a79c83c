"""Log-in and sign-up throttles (the RATE_LIMIT_* settings; kit's RateLimits keeps the counts,
in Redis with REDIS_URL), after OWASP's Authentication Cheat Sheet: limits per client address
and per account and address, and a progressive delay per account, never a lock of the account
that anyone could trigger. Accounts are named by a hash of the e-mail address; the client
address is `ctx.client_address` (TRUSTED_PROXIES).

    log-in     every attempt counts against the address; a failed one against the account from
               that address, whose spent budget is refused before the password is checked (no
               argon2 time, no chance), and against the account from anywhere, which only
               slows every attempt on it (`delay`): the owner's right password from an address
               of their own still works while strangers guess elsewhere
    sign-up    every attempt counts against the address and the e-mail address
    deleteAccount   a wrong password counts against the account (only its token's holder can
               fail there), refused past RATE_LIMIT_LOG_IN_ACCOUNT_ADDRESS's budget
"""

from asyncio import sleep
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from limits import parse

from subgraphs.kit import AppError, ErrorCode, Info, RateLimits, Rule, private_key
from subgraphs.users.settings import UsersSettings


def _limits(info: Info) -> RateLimits:
    return info.context.get(RateLimits)


def delay(failures: int, *, full_at: int, longest: float) -> float:
    """Seconds every attempt on an account waits after `failures` failed ones: none without a
    failure, then doubling with each, `longest` from `full_at` failures on."""
    if failures <= 0:
        return 0.0
    return longest / 2 ** (full_at - min(failures, full_at))


async def signing_up(info: Info, email: str) -> None:
    settings = UsersSettings.of(info.context.settings)
    limits = _limits(info)
    address = Rule("sign-up/address", settings.RATE_LIMIT_SIGN_UP_ADDRESS)
    await limits.hit(address, info.context.client_address)
    account = Rule("sign-up/account", settings.RATE_LIMIT_SIGN_UP_ACCOUNT)
    await limits.hit(account, private_key(email))


async def _slowed(limits: RateLimits, failures: Rule, key: str, *, longest: float) -> None:
    """Wait out the delay the account's failures call for (the event loop serves others)."""
    full_at = parse(failures.limit).amount
    wait = delay(await limits.counted(failures, key), full_at=full_at, longest=longest)
    if wait > 0:
        await sleep(wait)


@asynccontextmanager
async def password_checked(info: Info, account: str, *, by_address: bool) -> AsyncIterator[None]:
    """Around a password check for `account`. `by_address` (log-in): the address's attempts
    and the account's failures from it refused past their budgets, then the attempt slowed by
    the account's failures from anywhere. Else (deleteAccount, signed in): the account's
    failures refused past the budget. A wrong password (INVALID_CREDENTIALS) is counted."""
    settings = UsersSettings.of(info.context.settings)
    limits = _limits(info)
    key = private_key(account)
    mine = Rule("log-in/account-address", settings.RATE_LIMIT_LOG_IN_ACCOUNT_ADDRESS)
    everyone = Rule("log-in/account", settings.RATE_LIMIT_LOG_IN_ACCOUNT)
    if by_address:
        address = Rule("log-in/address", settings.RATE_LIMIT_LOG_IN_ADDRESS)
        await limits.hit(address, info.context.client_address)
        mine_key = f"{key}/{info.context.client_address}"
        await limits.check(mine, mine_key)
        await _slowed(limits, everyone, key, longest=settings.RATE_LIMIT_LOG_IN_DELAY_SECONDS)
    else:
        mine_key = key
        await limits.check(mine, mine_key)
    try:
        yield
    except AppError as error:
        if error.code is ErrorCode.INVALID_CREDENTIALS:
            await limits.count(mine, mine_key)
            if by_address:
                await limits.count(everyone, key)
        raise
