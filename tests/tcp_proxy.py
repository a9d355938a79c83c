"""A TCP proxy on loopback that a test can take down and bring back: a server "going away"
for the client that talks to it through the proxy, without stopping the real server. With a
`delay`, each chunk the client sends waits that long first: a slow server."""

import asyncio
import contextlib
from collections.abc import Callable


class TcpProxy:
    def __init__(self, target_port: int, *, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._links: set[asyncio.StreamWriter] = set()
        self.delay = 0.0  # seconds

    async def up(self) -> None:
        """Accept connections (on the same port as before, once it has one)."""
        self._server = await asyncio.start_server(self._link, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def down(self) -> None:
        """Refuse new connections and cut the open ones."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._links):
            writer.close()
        self._links.clear()

    async def _link(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self._links |= {writer, up_writer}
        await asyncio.gather(_pipe(reader, up_writer, lambda: self.delay), _pipe(up_reader, writer))


async def _pipe(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    delay: Callable[[], float] = lambda: 0.0,
) -> None:
    with contextlib.suppress(ConnectionError, OSError):
        while data := await reader.read(65536):
            if (seconds := delay()) > 0:
                await asyncio.sleep(seconds)
            writer.write(data)
            await writer.drain()
    writer.close()
