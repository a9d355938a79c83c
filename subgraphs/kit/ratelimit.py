"""Rate limits, for any subgraph that needs them (the users subgraph's log-in and sign-up,
posting imports, the e-mails contacts look up), with the `limits` library (moving windows): kept
in Redis when REDIS_URL is set (production, CI: one count across every process), else in this
process (the embedded profile).

    limits = ctx.get(RateLimits)
    await limits.hit(Rule("log-in/address", "30 per minute"), ctx.client_address)

A refusal is RATE_LIMITED with `extensions.retryAfter` (whole seconds). Every rule checked
during an HTTP request is recorded in the request's budgets (`kit.ratebudget`: the response's
RateLimit-* headers). A Store: `/health/ready` pings Redis. Should Redis not answer, requests
are let through with a warning (no traceback): the limits protect the service, they must not
take it down.
"""

import hashlib
import logging
import math
import time
from functools import cache
from typing import Annotated, NamedTuple

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from pydantic import AfterValidator

from subgraphs.kit.errors import AppError, ErrorCode
from subgraphs.kit.ratebudget import Budget, current
from subgraphs.kit.settings import Settings

logger = logging.getLogger("subgraphs.ratelimit")


class Rule(NamedTuple):
    """What is counted, and how many per window."""

    name: str  # what is counted, e.g. "log-in/account"
    limit: str  # `limits`' notation: "10 per 15 minutes"


def _parsed(value: str) -> str:
    parse(value)  # "10 per 15 minutes"; anything else stops the process at start, named
    return value


# A setting that is a Rule's limit (RATE_LIMIT_*), checked when the settings are read.
RuleLimit = Annotated[str, AfterValidator(_parsed)]


@cache
def _item(limit: str) -> RateLimitItem:
    return parse(limit)


def private_key(text: str) -> str:
    """A key that names `text` (an e-mail address) without storing it."""
    return hashlib.sha256(text.strip().lower().encode()).hexdigest()[:32]


def rate_limited(retry_after: int) -> AppError:
    error = AppError(ErrorCode.RATE_LIMITED, f"Too many attempts; try again in {retry_after} s.")
    error.extensions["retryAfter"] = retry_after
    return error


class RateLimits:
    """The counts behind every Rule of a process (in Redis with REDIS_URL), and a Store."""

    name = "rate limits"

    def __init__(self, settings: Settings) -> None:
        self.storage: Storage
        if settings.REDIS_URL:
            self.storage = RedisStorage(
                f"async+{settings.REDIS_URL}",
                implementation="redispy",
                key_prefix=settings.RATE_LIMIT_KEY_PREFIX,
            )
        else:
            self.storage = MemoryStorage()
        self.limiter = MovingWindowRateLimiter(self.storage)

    async def hit(self, rule: Rule, key: str, *, cost: int = 1) -> None:
        """Count one attempt (or `cost` at once, at most the whole budget); RATE_LIMITED when
        the rule's budget for `key` has not that much left."""
        item = _item(rule.limit)
        try:
            allowed = await self.limiter.hit(item, rule.name, key, cost=min(cost, item.amount))
            wait = await self._told(rule, key, refused=not allowed)
        except Exception as error:  # Redis unreachable: let the attempt through
            return self._unavailable(error)
        if not allowed:
            raise rate_limited(wait)

    async def check(self, rule: Rule, key: str) -> None:
        """RATE_LIMITED when the budget is spent, counting nothing."""
        try:
            allowed = await self.limiter.test(_item(rule.limit), rule.name, key)
            wait = await self._told(rule, key, refused=not allowed)
        except Exception as error:
            return self._unavailable(error)
        if not allowed:
            raise rate_limited(wait)

    async def count(self, rule: Rule, key: str) -> None:
        """Count one attempt, refusing nothing (a failure counted after the fact; the request's
        budget of the rule, if it checked the rule, is brought up to date)."""
        try:
            await self.limiter.hit(_item(rule.limit), rule.name, key)
            await self._told(rule, key, known_only=True)
        except Exception as error:
            self._unavailable(error)

    async def counted(self, rule: Rule, key: str) -> int:
        """How many attempts the window holds for `key` (at most the rule's amount); 0 when the
        store does not answer."""
        item = _item(rule.limit)
        try:
            stats = await self.limiter.get_window_stats(item, rule.name, key)
        except Exception as error:
            self._unavailable(error)
            return 0
        return item.amount - stats.remaining

    async def _told(
        self, rule: Rule, key: str, *, refused: bool = False, known_only: bool = False
    ) -> int:
        """Whole seconds until `key`'s window of `rule` frees an attempt, recorded in the
        request's budgets (only a rule they hold with `known_only`). 0, and no store call, when
        nothing refused and no request asks."""
        budgets = current()
        if not refused and (budgets is None or (known_only and not budgets.knows(rule.name))):
            return 0
        item = _item(rule.limit)
        stats = await self.limiter.get_window_stats(item, rule.name, key)
        wait = max(1, math.ceil(stats.reset_time - time.time()))
        if budgets is not None:
            budgets.record(Budget(rule.name, item.amount, stats.remaining, wait, refused))
        return wait

    def _unavailable(self, error: Exception) -> None:
        logger.warning("rate limits unavailable, attempt let through: %s", error)

    async def ping(self) -> None:
        if not await self.storage.check():
            raise ConnectionError("the rate-limit store does not answer")

    async def migrate(self) -> None:
        """Nothing to migrate."""

    async def dispose(self) -> None:
        """Connections close with the process."""
