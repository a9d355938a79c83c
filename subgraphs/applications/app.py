"""The applications subgraph service."""

from fastapi import FastAPI

from subgraphs.applications.schema import schema
from subgraphs.kit import Offload, Settings, TokenVerifier, create_service, default_settings


def create_app(
    settings: Settings = default_settings, *, verifier: TokenVerifier | None = None
) -> FastAPI:
    return create_service(
        name="applications",
        schema=schema,
        settings=settings,
        verifier=verifier,
        services=[Offload(settings)],  # reading imported CSV files
    )
