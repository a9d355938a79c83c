"""CPU-heavy parsing of input from outside (pasted postings, pages, resumes, CSV) away from the
event loop: in worker processes, each call with a time budget.

    draft = await info.context.get(Offload).run(extract.from_text, text, what="The posting")

A thread would not do: Python's regular-expression engine and C parsers keep the GIL for a
whole call, so one pathological input would still stop every request of the process. A worker
process that passes PARSE_TIME_LIMIT_SECONDS is killed (pebble's pool starts another) and the
caller gets INPUT_TOO_COMPLEX. Workers are started by a fork server (a clean process, never a
fork of this multi-threaded one), on first use, at most PARSE_WORKERS at once; calls beyond
them wait their turn without holding the event loop. Workers run at a lower priority (nice 10)
than the processes answering requests. Calls with the same `key` (a user) run one
at a time, so one sender cannot hold every worker while others wait.
"""

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessPool
from prometheus_client import Counter

from subgraphs.kit.errors import AppError, ErrorCode
from subgraphs.kit.settings import Settings

logger = logging.getLogger("subgraphs.offload")
T = TypeVar("T")
NICENESS = 10  # workers yield the CPU to the processes answering requests


def _lower_priority() -> None:
    os.nice(NICENESS)


REFUSED = Counter(
    "parse_refused_total", "Parses stopped past their time budget or lost with their worker"
)


class Offload:
    """A subgraph's pool of parsing processes (a service: `ctx.get(Offload)`)."""

    def __init__(self, settings: Settings) -> None:
        self.seconds = settings.PARSE_TIME_LIMIT_SECONDS
        self.workers = settings.PARSE_WORKERS
        self._pool: ProcessPool | None = None
        self._keys: dict[str, tuple[asyncio.Lock, int]] = {}  # a lock per key, and its users

    async def run(
        self, function: Callable[..., T], *args: Any, what: str, key: str | None = None
    ) -> T:
        """`function(*args)` in a worker process (both importable by name, arguments and result
        picklable); INPUT_TOO_COMPLEX, naming `what`, when it takes longer than the budget.
        Calls with the same `key` run one after the other."""
        if key is None:
            return await self._run(function, args, what)
        lock, users = self._keys.get(key) or (asyncio.Lock(), 0)
        self._keys[key] = (lock, users + 1)
        try:
            async with lock:
                return await self._run(function, args, what)
        finally:
            lock, users = self._keys[key]
            if users == 1:
                del self._keys[key]
            else:
                self._keys[key] = (lock, users - 1)

    async def _run(self, function: Callable[..., T], args: tuple[Any, ...], what: str) -> T:
        pool = self._pool if self._pool is not None and self._pool.active else None
        if pool is None:  # starting the fork server and the workers blocks for a while
            pool = await asyncio.to_thread(self._started)
        future = pool.schedule(function, args=args, timeout=self.seconds)
        try:
            return await asyncio.wrap_future(future)
        except (FutureTimeout, ProcessExpired) as error:
            REFUSED.inc()
            logger.warning("%s: %s stopped (%s)", what, function.__qualname__, error)
            raise AppError(
                ErrorCode.INPUT_TOO_COMPLEX,
                f"{what} could not be read within {self.seconds:g} s: it is too large or too "
                "complex. Paste a shorter part of it.",
            ) from None
        except asyncio.CancelledError:
            future.cancel()  # type: ignore[no-untyped-call]  # the request went away: stop it too
            raise

    def _started(self) -> ProcessPool:
        if self._pool is None or not self._pool.active:
            context = multiprocessing.get_context("forkserver")
            self._pool = ProcessPool(
                max_workers=self.workers, initializer=_lower_priority, context=context
            )
        return self._pool

    async def dispose(self) -> None:
        """Stop the workers (at the service's exit)."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.stop()  # type: ignore[no-untyped-call]
            await asyncio.to_thread(pool.join, 5)
