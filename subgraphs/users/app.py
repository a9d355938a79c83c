"""The users subgraph service: GraphQL, plus the JWKS every token verifier reads."""

from typing import Any

from fastapi import APIRouter, FastAPI

from subgraphs.kit import RateLimits, Settings, TokenVerifier, create_service, default_settings
from subgraphs.users.keys import SigningKeys
from subgraphs.users.schema import schema
from subgraphs.users.settings import UsersSettings


def create_app(settings: Settings = default_settings) -> FastAPI:
    settings = UsersSettings.of(settings)
    keys = SigningKeys(settings)

    async def own_jwks() -> dict[str, Any]:
        return keys.jwks()

    jwks = APIRouter(include_in_schema=False)

    @jwks.get("/.well-known/jwks.json")
    async def published_keys() -> dict[str, Any]:
        return keys.jwks()

    verifier = TokenVerifier(
        own_jwks,
        issuer=settings.JWT_ISSUER,
        audience=settings.JWT_AUDIENCE,
        cache_seconds=24 * 3600,
    )
    return create_service(
        name="users",
        schema=schema,
        settings=settings,
        verifier=verifier,
        stores=[RateLimits(settings)],
        services=[keys],
        routers=[jwks],
    )
