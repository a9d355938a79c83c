"""A small GraphQL client for tests, over an in-process ASGI app or a real HTTP server."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass
class Result:
    status: int
    body: dict[str, Any]

    @property
    def data(self) -> Any:
        assert not self.body.get("errors"), self.body["errors"]
        return self.body["data"]

    @property
    def codes(self) -> list[str]:
        return [e.get("extensions", {}).get("code") for e in self.body.get("errors", [])]

    @property
    def error(self) -> dict[str, Any]:
        errors = self.body.get("errors")
        assert errors, f"expected an error, got {self.body}"
        return errors[0]


class GraphQL:
    def __init__(self, client: httpx.AsyncClient, path: str) -> None:
        self.client = client
        self.path = path

    async def __call__(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Result:
        headers = {**(headers or {}), **({"authorization": f"Bearer {token}"} if token else {})}
        response = await self.client.post(
            self.path, json={"query": query, "variables": variables or {}}, headers=headers
        )
        return Result(response.status_code, response.json())


@asynccontextmanager
async def asgi_client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://subgraph") as client:
        yield client
