"""Per-request context: the verified viewer, sessions opened for them, and DataLoaders made
for this request only."""

from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from functools import cached_property
from typing import Any, TypeVar
from uuid import UUID

import strawberry
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.requests import HTTPConnection
from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext

from subgraphs.kit.addresses import client_address
from subgraphs.kit.db import Database
from subgraphs.kit.errors import AppError, ErrorCode, unauthenticated
from subgraphs.kit.events.erasure import account_deleted, refuse_if_erased
from subgraphs.kit.pagination import page_size
from subgraphs.kit.runtime import Runtime
from subgraphs.kit.settings import Settings
from subgraphs.kit.sockets import Socket

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")
# A store function that loads many keys in one query: `(session, keys) -> {key: value}`.
Fetch = Callable[[AsyncSession, Sequence[K]], Awaitable[Mapping[K, V]]]


class Context(BaseContext):
    """`info.context` in every resolver: the viewer, their sessions, loaders, services."""

    def __init__(
        self,
        *,
        runtime: Runtime,
        user_id: UUID | None,
        auth_error: AppError | None = None,
        connection: HTTPConnection | None = None,
        token_expires_at: float | None = None,
    ) -> None:
        super().__init__()
        self.runtime = runtime
        self.user_id = user_id
        self.token_expires_at = token_expires_at  # the verified token's `exp`
        # The WebSocket this context serves (`kit.sockets`), None for an HTTP request.
        self.socket = Socket.of(connection.scope) if connection is not None else None
        self._connection = connection
        self._auth_error = auth_error
        self._loaders: dict[Callable[..., Any], DataLoader[Any, Any]] = {}

    @cached_property
    def client_address(self) -> str:
        """Who sent the request (`kit.addresses.client_address`), worked out when a resolver
        asks (log-in and sign-up count by it): parsing the addresses of every request cost about
        2 % of a small subgraph call."""
        if self._connection is None:
            return "unknown"
        return client_address(self._connection, self.runtime.trusted_proxies)

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    @property
    def db(self) -> Database:
        return self.runtime.db

    def get(self, kind: type[T]) -> T:
        """The subgraph's store or service of this type."""
        return self.runtime.get(kind)

    def require_user(self) -> UUID:
        if self.user_id is None:
            raise self._auth_error or unauthenticated()
        return self.user_id

    async def require_subscriber(self) -> UUID:
        """The viewer of a subscription: from the Authorization header of the WebSocket upgrade
        (what the router sends), else from `connectionParams.authorization` ("Bearer <token>",
        what browsers can send), verified like any token."""
        if self.user_id is not None or self._auth_error is not None:
            return self.require_user()
        params = self.connection_params if isinstance(self.connection_params, dict) else {}
        given = params.get("authorization", params.get("Authorization"))
        scheme, _, token = given.partition(" ") if isinstance(given, str) else ("", "", "")
        if scheme.lower() != "bearer" or not token.strip():
            return self.require_user()
        verified = await self.runtime.verifier.verified(token.strip())
        try:
            user_id = UUID(verified.subject)
        except ValueError:
            raise unauthenticated() from None
        if await self.runtime.erased.contains(user_id):
            raise account_deleted()
        self.user_id, self.token_expires_at = user_id, verified.expires_at
        return user_id

    @asynccontextmanager
    async def subscription(self) -> AsyncIterator[UUID]:
        """The viewer of a live subscription, for as long as it runs: over a WebSocket only
        (BAD_REQUEST else), at most SUBSCRIPTIONS_PER_USER of them at once per user in this
        process (SUBSCRIPTION_LIMIT), and the socket closed (4401) when the token expires."""
        if self.socket is None:
            raise AppError(ErrorCode.BAD_REQUEST, "Subscriptions are served over WebSocket only.")
        owner = await self.require_subscriber()
        with self.runtime.subscribers.hold(owner, self.socket):
            if self.token_expires_at is not None:
                self.socket.expire_at(self.token_expires_at)
            yield owner

    def reader(self) -> AbstractAsyncContextManager[AsyncSession]:
        """A read session for the viewer (anonymous: public tables only)."""
        return self.db.reader(owner=self.user_id, anonymous_error=self._auth_error)

    @asynccontextmanager
    async def writer(self) -> AsyncIterator[AsyncSession]:
        """The unit of work for the viewer: committed when the block ends without error, unless
        the viewer's account was erased meanwhile (`kit.events.erasure.refuse_if_erased`)."""
        async with self.db.session(owner=self.user_id, anonymous_error=self._auth_error) as session:
            yield session
            if self.user_id is not None:
                if self.runtime.erased.known(self.user_id):  # erased while it ran
                    raise account_deleted()
                await refuse_if_erased(session, self.user_id)

    def page_size(self, first: int | None) -> int:
        """`first` checked against PAGE_SIZE_MAX, or PAGE_SIZE_DEFAULT when not given."""
        return page_size(
            first, default=self.settings.PAGE_SIZE_DEFAULT, maximum=self.settings.PAGE_SIZE_MAX
        )

    def loader(self, fetch: Fetch[K, V]) -> DataLoader[K, V | None]:
        """This request's DataLoader over `fetch`, made on first use: each batch of keys is
        one call to `fetch` in a read session for the viewer; a key it does not answer (not
        there, or not the viewer's) loads as None."""
        made = self._loaders.get(fetch)
        if made is None:

            async def batch(keys: list[K]) -> list[V | None]:
                async with self.reader() as session:
                    found = await fetch(session, keys)
                return [found.get(key) for key in keys]

            made = self._loaders[fetch] = DataLoader(batch)
        return made


Info = strawberry.Info[Context, None]


def bearer_token(connection: HTTPConnection) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def build_context(connection: HTTPConnection, *, runtime: Runtime) -> Context:
    user_id: UUID | None = None
    expires_at: float | None = None
    error: AppError | None = None
    token = bearer_token(connection)
    if token is not None:
        try:
            verified = await runtime.verifier.verified(token)
            user_id, expires_at = UUID(verified.subject), verified.expires_at
        except AppError as problem:
            error = problem
        except ValueError:
            error = unauthenticated()
        if user_id is not None and await runtime.erased.contains(user_id):
            user_id, error = None, account_deleted()
    return Context(
        runtime=runtime,
        user_id=user_id,
        auth_error=error,
        connection=connection,
        token_expires_at=expires_at,
    )
