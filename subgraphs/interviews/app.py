"""The interviews subgraph service: GraphQL, and the secret calendar feed route."""

from fastapi import FastAPI

from subgraphs.interviews import feed
from subgraphs.interviews.schema import schema
from subgraphs.interviews.settings import InterviewsSettings
from subgraphs.kit import Settings, TokenVerifier, create_service, default_settings


def create_app(
    settings: Settings = default_settings, *, verifier: TokenVerifier | None = None
) -> FastAPI:
    settings = InterviewsSettings.of(settings)
    return create_service(
        name="interviews",
        schema=schema,
        settings=settings,
        verifier=verifier,
        services=[feed.FeedKeys(settings)],
        routers=[feed.routes()],
    )
