"""The applications subgraph service."""

from fastapi import FastAPI

from subgraphs.applications.schema import schema
from subgraphs.kit.auth import TokenVerifier
from subgraphs.kit.service import create_service
from subgraphs.kit.settings import Settings
from subgraphs.kit.settings import settings as default_settings


def create_app(
    settings: Settings = default_settings, *, verifier: TokenVerifier | None = None
) -> FastAPI:
    return create_service(name="applications", schema=schema, settings=settings, verifier=verifier)
