"""The search subgraph service: GraphQL over its index (a store `/health/ready` pings)."""

from fastapi import FastAPI

from subgraphs.kit import Settings, TokenVerifier, create_service, default_settings
from subgraphs.search.index import index_for
from subgraphs.search.schema import schema
from subgraphs.search.settings import SearchSettings


def create_app(
    settings: Settings = default_settings, *, verifier: TokenVerifier | None = None
) -> FastAPI:
    settings = SearchSettings.of(settings)
    return create_service(
        name="search",
        schema=schema,
        settings=settings,
        verifier=verifier,
        stores=[index_for(settings)],
    )
