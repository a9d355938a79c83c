"""The contacts subgraph service."""

from fastapi import FastAPI

from subgraphs.contacts.schema import schema
from subgraphs.kit import RateLimits, Settings, TokenVerifier, create_service, default_settings


def create_app(
    settings: Settings = default_settings, *, verifier: TokenVerifier | None = None
) -> FastAPI:
    return create_service(
        name="contacts",
        schema=schema,
        settings=settings,
        verifier=verifier,
        stores=[RateLimits(settings)],  # e-mails looked up by saving contacts
    )
