"""Subscription sockets: each follows the token it was opened with, its frames are capped like
request bodies, and a user holds a bounded number of live subscriptions.

    Socket       one WebSocket connection, seen at the ASGI edge (`kit.edge.GraphQLApp`): a frame
                 over `max_bytes` closes it (CLOSE_TOO_LARGE); `close(code, reason)` closes it
                 from the server side, after which nothing more is sent to the client;
                 `expire_at(when)` closes it (CLOSE_EXPIRED) when its token expires
    Subscribers  this process's live subscriptions by user: at most `per_user` each
                 (SUBSCRIPTION_LIMIT), and `close_owner(user_id)`, which closes every socket
                 holding one of theirs (CLOSE_REVOKED): the hook for revoking sessions

Closing a socket ends the transport's read loop, which cancels its operations: their
subscription generators stop, their pub/sub channels and slots are released.
"""

import asyncio
import contextlib
import time
from collections.abc import Iterator, MutableMapping
from typing import Any, Final
from uuid import UUID

from starlette.types import Message, Receive, Send

from subgraphs.kit.errors import AppError, ErrorCode

# graphql-transport-ws's own codes for Unauthorized and Forbidden; RFC 6455's Message Too Big.
CLOSE_EXPIRED: Final = 4401
CLOSE_REVOKED: Final = 4403
CLOSE_TOO_LARGE: Final = 1009
SCOPE_KEY: Final = "job_tracker.socket"


class Socket:
    """One WebSocket connection: `receive` and `send` wrap the ASGI ones (see the module)."""

    def __init__(self, receive: Receive, send: Send, *, max_bytes: int) -> None:
        self._receive = receive
        self._send = send
        self.max_bytes = max_bytes
        self.close_code: int | None = None
        self._expires_at = float("inf")
        self._expiry: asyncio.Task[None] | None = None

    @staticmethod
    def of(scope: MutableMapping[str, Any]) -> "Socket | None":
        """The socket of a WebSocket connection's scope (None for HTTP requests)."""
        socket = scope.get(SCOPE_KEY)
        return socket if isinstance(socket, Socket) else None

    async def receive(self) -> Message:
        if self.close_code is not None:
            return {"type": "websocket.disconnect", "code": self.close_code}
        message = await self._receive()
        if message["type"] == "websocket.receive" and _over(message, self.max_bytes):
            await self.close(CLOSE_TOO_LARGE, f"Frame over {self.max_bytes} bytes")
            return {"type": "websocket.disconnect", "code": CLOSE_TOO_LARGE}
        return message

    async def send(self, message: Message) -> None:
        if self.close_code is None:  # after a close from here, nothing reaches the client
            await self._send(message)

    async def close(self, code: int, reason: str) -> None:
        """Closes the connection with `code`; the transport's read loop then ends (the client
        answers the close, or the server gives up on it), which ends its operations."""
        if self.close_code is not None:
            return
        self.close_code = code
        with contextlib.suppress(Exception):  # the client left meanwhile
            await self._send({"type": "websocket.close", "code": code, "reason": reason})

    def expire_at(self, when: float) -> None:
        """Close with CLOSE_EXPIRED at `when` (seconds since the epoch, a token's `exp`)."""
        if when >= self._expires_at:
            return
        self._expires_at = when
        if self._expiry is not None:
            self._expiry.cancel()
        self._expiry = asyncio.create_task(self._close_at(when))

    async def _close_at(self, when: float) -> None:
        await asyncio.sleep(max(0.0, when - time.time()))
        await self.close(CLOSE_EXPIRED, "Token expired")

    def finish(self) -> None:
        """The connection ended: no timer outlives it."""
        if self._expiry is not None:
            self._expiry.cancel()


def _over(message: Message, limit: int) -> bool:
    """Whether a received frame is longer than `limit` bytes (a text frame counted as UTF-8)."""
    data = message.get("bytes")
    if data is not None:
        return len(data) > limit
    text = message.get("text") or ""
    if len(text) > limit or 4 * len(text) <= limit:  # 1 to 4 bytes a character
        return len(text) > limit
    return len(text.encode("utf-8", "surrogatepass")) > limit


class Subscribers:
    """This process's live subscriptions, by user (see the module)."""

    def __init__(self, *, per_user: int) -> None:
        self.per_user = per_user
        self._held: dict[UUID, list[Socket]] = {}

    def count(self, owner: UUID) -> int:
        return len(self._held.get(owner, ()))

    @contextlib.contextmanager
    def hold(self, owner: UUID, socket: Socket) -> Iterator[None]:
        """One live subscription of `owner` on `socket` while the block runs, or
        AppError(SUBSCRIPTION_LIMIT) when they already hold `per_user`."""
        held = self._held.setdefault(owner, [])
        if len(held) >= self.per_user:
            raise AppError(
                ErrorCode.SUBSCRIPTION_LIMIT,
                f"At most {self.per_user} live subscriptions at once per user; end one first.",
            )
        held.append(socket)
        try:
            yield
        finally:
            held.remove(socket)
            if not held:
                del self._held[owner]

    async def close_owner(
        self, owner: UUID, *, code: int = CLOSE_REVOKED, reason: str = "Session revoked"
    ) -> int:
        """Closes every socket holding a subscription of `owner` in this process (what revoking
        a session or an account calls); how many were closed."""
        sockets = {id(socket): socket for socket in self._held.get(owner, ())}
        for socket in sockets.values():
            await socket.close(code, reason)
        return len(sockets)
