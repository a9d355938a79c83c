"""The files subgraph service: GraphQL, object storage (a store `/health/ready` pings), the
local backend's upload and download routes when files are kept on disk, the sweeper and the
export job."""

from fastapi import FastAPI

from subgraphs.files import grants
from subgraphs.files.exports import ExportQueue, export_forever
from subgraphs.files.schema import schema
from subgraphs.files.settings import FilesSettings
from subgraphs.files.storage import LocalStorage, make_storage
from subgraphs.files.storage.routes import routes
from subgraphs.files.sweeper import sweep_forever
from subgraphs.kit import Offload, Settings, TokenVerifier, create_service, default_settings


def create_app(
    settings: Settings = default_settings, *, verifier: TokenVerifier | None = None
) -> FastAPI:
    settings = FilesSettings.of(settings)
    storage = make_storage(settings)
    local = (
        routes(storage, cors_origins=settings.cors_origins, admit=grants.admit)
        if isinstance(storage, LocalStorage)
        else None
    )
    return create_service(
        name="files",
        schema=schema,
        settings=settings,
        verifier=verifier,
        stores=[storage],
        services=[ExportQueue(), Offload(settings)],  # Offload: reading resumes' text
        routers=[local] if local else [],
        # Uploads: up to FILES_MAX_BYTES, checked by the route (SUBGRAPH_MAX_BODY_BYTES is less).
        own_body_limits=["/objects"] if local else [],
        background=[sweep_forever, export_forever],
    )
