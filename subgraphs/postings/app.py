"""The postings subgraph service: job intelligence (posting import, resume match, discovery)."""

from fastapi import FastAPI

from subgraphs.kit import (
    Offload,
    RateLimits,
    Settings,
    TokenVerifier,
    create_service,
    default_settings,
)
from subgraphs.postings.fetch import Fetcher
from subgraphs.postings.matcher import match_forever
from subgraphs.postings.poller import poll_forever
from subgraphs.postings.schema import schema
from subgraphs.postings.settings import PostingsSettings


def create_app(
    settings: Settings = default_settings, *, verifier: TokenVerifier | None = None
) -> FastAPI:
    settings = PostingsSettings.of(settings)
    return create_service(
        name="postings",
        schema=schema,
        settings=settings,
        verifier=verifier,
        stores=[RateLimits(settings)],
        services=[Fetcher(settings), Offload(settings)],
        # discovering openings on followed boards; computing the matches the consumer asked for
        background=[poll_forever, match_forever],
    )
