"""The rate-limit budget one HTTP request touched, told to the client in the headers of the
IETF draft "RateLimit header fields for HTTP" (draft-ietf-httpapi-ratelimit-headers, the
`RateLimit-Limit` / `-Remaining` / `-Reset` names of its earlier revisions, which clients and
proxies know), and `Retry-After` when a rule refused.

    with tracking() as budgets:          # kit's GraphQLApp, around each HTTP request
        ...                              # RateLimits records every rule it checks
    response.headers.update(budgets.headers())

The rule told is the tightest one the request touched: the fewest attempts remaining (a
refusal first, then the longest wait). `RateLimit-Reset` is whole seconds until the rule's
moving window frees an attempt. A request that touched no rule gets no header.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import NamedTuple


class Budget(NamedTuple):
    """Where one rule stands for the request's key after the request's attempt."""

    rule: str
    limit: int
    remaining: int
    reset: int  # whole seconds until the window frees an attempt
    refused: bool = False


class Budgets:
    """The budgets a request touched, one per rule (the latest count of each)."""

    def __init__(self) -> None:
        self._by_rule: dict[str, Budget] = {}

    def record(self, budget: Budget) -> None:
        self._by_rule[budget.rule] = budget

    def knows(self, rule: str) -> bool:
        return rule in self._by_rule

    def tightest(self) -> Budget | None:
        return min(
            self._by_rule.values(),
            key=lambda budget: (budget.remaining, not budget.refused, -budget.reset),
            default=None,
        )

    def headers(self) -> dict[str, str]:
        budget = self.tightest()
        if budget is None:
            return {}
        told = {
            "RateLimit-Limit": str(budget.limit),
            "RateLimit-Remaining": str(budget.remaining),
            "RateLimit-Reset": str(budget.reset),
        }
        return told | ({"Retry-After": str(budget.reset)} if budget.refused else {})


# The current request's budgets: asyncio copies context into the tasks a request's resolvers
# run in, so they all record into the one `Budgets` object the request opened.
_current: ContextVar[Budgets | None] = ContextVar("rate_budgets", default=None)


def current() -> Budgets | None:
    """The budgets of the request being served, None outside one (a WebSocket, a worker)."""
    return _current.get()


@contextmanager
def tracking() -> Iterator[Budgets]:
    budgets = Budgets()
    token = _current.set(budgets)
    try:
        yield budgets
    finally:
        _current.reset(token)
