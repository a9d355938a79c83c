"""Log-in and sign-up, rate-limited per account and per client address (the RATE_LIMIT_*
settings; kit's RateLimits keeps the counts, in Redis with REDIS_URL). Accounts are named by a
hash of the e-mail address; the client address is `ctx.client_address` (TRUSTED_PROXIES).

    log-in     every attempt counts against the address; a failed one against the account, and
               an account whose budget is spent is refused before the password is checked, so
               guessing costs neither argon2 time nor a chance
    sign-up    every attempt counts against the address and the e-mail address
    deleteAccount   a wrong password counts against the account, as a failed log-in does
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from subgraphs.kit import AppError, ErrorCode, Info, RateLimits, Rule, private_key


def _limits(info: Info) -> RateLimits:
    return info.context.get(RateLimits)


async def signing_up(info: Info, email: str) -> None:
    settings = info.context.settings
    limits = _limits(info)
    address = Rule("sign-up/address", settings.RATE_LIMIT_SIGN_UP_ADDRESS)
    await limits.hit(address, info.context.client_address)
    account = Rule("sign-up/account", settings.RATE_LIMIT_SIGN_UP_ACCOUNT)
    await limits.hit(account, private_key(email))


@asynccontextmanager
async def password_checked(info: Info, account: str, *, by_address: bool) -> AsyncIterator[None]:
    """Around a password check for `account`: refused when its failures are spent, and a
    wrong password (INVALID_CREDENTIALS) counted."""
    settings = info.context.settings
    limits = _limits(info)
    if by_address:
        address = Rule("log-in/address", settings.RATE_LIMIT_LOG_IN_ADDRESS)
        await limits.hit(address, info.context.client_address)
    failures = Rule("log-in/account", settings.RATE_LIMIT_LOG_IN_ACCOUNT)
    key = private_key(account)
    await limits.check(failures, key)
    try:
        yield
    except AppError as error:
        if error.code is ErrorCode.INVALID_CREDENTIALS:
            await limits.count(failures, key)
        raise
