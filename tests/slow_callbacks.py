"""asyncio's own slow-callback detection, as a check: while the block runs, the loop is in debug
mode with `slow_callback_duration` set, and every callback it reports as slow is collected."""

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.slow: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("Executing"):  # "Executing <Handle ...> took 0.250 seconds"
            self.slow.append(message)


@contextmanager
def slow_callbacks(limit: float = 0.1) -> Iterator[list[str]]:
    """The callbacks of the running loop that took longer than `limit` seconds in the block."""
    loop = asyncio.get_running_loop()
    was_debug, was_limit = loop.get_debug(), loop.slow_callback_duration
    handler = _Collect()
    logger = logging.getLogger("asyncio")
    logger.addHandler(handler)
    loop.set_debug(True)
    loop.slow_callback_duration = limit
    try:
        yield handler.slow
    finally:
        loop.set_debug(was_debug)
        loop.slow_callback_duration = was_limit
        logger.removeHandler(handler)
