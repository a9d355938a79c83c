"""Whether the event loop was held up while a block ran, measured in the CPU time of the loop's
thread (`loop_lag`): work done on the loop shows, a process kept off its core does not."""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


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
