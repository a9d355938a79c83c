"""The postings subgraph service: job intelligence (issue 19), starting with posting import."""

from fastapi import FastAPI

from subgraphs.kit import Settings, TokenVerifier, create_service, default_settings
from subgraphs.postings.fetch import Fetcher
from subgraphs.postings.schema import schema


def create_app(
    settings: Settings = default_settings, *, verifier: TokenVerifier | None = None
) -> FastAPI:
    return create_service(
        name="postings",
        schema=schema,
        settings=settings,
        verifier=verifier,
        services=[Fetcher(settings)],
    )
