"""asyncio's own slow-callback detection, as a check: while the block runs, the loop is in debug
mode with `slow_callback_duration` set, and every callback it reports as slow is collected."""

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.slow: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("Executing"):  # "Executing <Handle ...> took 0.250 seconds"
            self.slow.append(message)


@asynccontextmanager
async def slow_callbacks(limit: float = 0.1) -> AsyncIterator[list[str]]:
    """The callbacks of the running loop that took longer than `limit` seconds in the block.
    On the way out it yields to the loop once: the step that ran the block's last statements
    ends there and is measured (and reported) while the check is still on."""
    loop = asyncio.get_running_loop()
    was_debug, was_limit = loop.get_debug(), loop.slow_callback_duration
    handler = _Collect()
    logger = logging.getLogger("asyncio")
    logger.addHandler(handler)
    loop.set_debug(True)
    loop.slow_callback_duration = limit
    try:
        yield handler.slow
        await asyncio.sleep(0)
    finally:
        loop.set_debug(was_debug)
        loop.slow_callback_duration = was_limit
        logger.removeHandler(handler)


@asynccontextmanager
async def loop_lag(tick: float = 0.01) -> AsyncIterator[list[float]]:
    """How much CPU the loop's thread spent between the wake-ups of a task sleeping `tick` at
    a time, while the block ran: a callback that holds the loop for 300 ms of work shows as a
    lag of about 300 ms. CPU time, not the clock: a process the machine's other work keeps off
    its core for a moment (a parallel test run on two cores) holds nothing up in its loop."""
    lags: list[float] = []

    async def watch() -> None:
        while True:
            start = time.thread_time()
            await asyncio.sleep(tick)
            lags.append(time.thread_time() - start)

    watcher = asyncio.create_task(watch())
    await asyncio.sleep(tick * 2)  # watching before the block starts
    try:
        yield lags
        await asyncio.sleep(tick * 2)  # a late wake-up at the block's end is counted
    finally:
        watcher.cancel()
