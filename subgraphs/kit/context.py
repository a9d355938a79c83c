"""Per-request context: the verified user, the store, and DataLoaders made for this request only."""

from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

from starlette.requests import HTTPConnection
from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext

from subgraphs.kit.auth import TokenVerifier
from subgraphs.kit.db import Database
from subgraphs.kit.errors import AppError, unauthenticated
from subgraphs.kit.pagination import page_size
from subgraphs.kit.settings import Settings

Loader = TypeVar("Loader", bound=DataLoader[Any, Any])


class Context(BaseContext):
    def __init__(
        self, *, db: Database, settings: Settings, user_id: UUID | None, auth_error: AppError | None
    ) -> None:
        super().__init__()
        self.db = db
        self.settings = settings
        self.user_id = user_id
        self._auth_error = auth_error
        self._loaders: dict[str, DataLoader[Any, Any]] = {}

    @property
    def state(self) -> Any:
        """The subgraph app's `app.state` (what its `create_app` put there)."""
        assert self.request is not None
        return self.request.app.state

    def require_user(self) -> UUID:
        if self.user_id is None:
            raise self._auth_error or unauthenticated()
        return self.user_id

    def page_size(self, first: int | None) -> int:
        """`first` checked against PAGE_SIZE_MAX, or PAGE_SIZE_DEFAULT when not given."""
        return page_size(
            first, default=self.settings.PAGE_SIZE_DEFAULT, maximum=self.settings.PAGE_SIZE_MAX
        )

    def loader(self, name: str, make: Callable[[], Loader]) -> Loader:
        """The request's DataLoader called `name`, made on first use."""
        if name not in self._loaders:
            self._loaders[name] = make()
        return self._loaders[name]  # type: ignore[return-value]


def bearer_token(connection: HTTPConnection) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def build_context(
    connection: HTTPConnection, *, db: Database, settings: Settings, verifier: TokenVerifier
) -> Context:
    user_id: UUID | None = None
    error: AppError | None = None
    token = bearer_token(connection)
    if token is not None:
        try:
            user_id = UUID(await verifier.verify(token))
        except AppError as problem:
            error = problem
        except ValueError:
            error = unauthenticated()
    return Context(db=db, settings=settings, user_id=user_id, auth_error=error)


def parse_id(value: Any) -> UUID | None:
    """An entity id from a client or a representation; None when it is not one of ours."""
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        return None
