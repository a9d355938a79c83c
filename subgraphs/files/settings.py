"""The files subgraph's own variables (kit's `Settings` plus these; see `kit.settings`)."""

from typing import Self

from pydantic import SecretStr, model_validator

from subgraphs.kit import Settings


class FilesSettings(Settings):
    """Uploads, their storage and signed URLs, CORS of its own routes, and exports."""

    # Where contents live. Unset: local disk under DATA_DIR/files, served by the files subgraph
    # itself behind HMAC-signed URLs; `file:///srv/files`: local disk there; `s3://bucket`: S3
    # (or MinIO) through aioboto3, at S3_ENDPOINT_URL when set.
    FILES_STORAGE_URL: str | None = None
    S3_ENDPOINT_URL: str | None = None
    # Where clients reach S3 when it differs from S3_ENDPOINT_URL (compose: minio:9000 inside,
    # localhost:9000 for the browser); presigned URLs are made for this one.
    S3_PUBLIC_ENDPOINT_URL: str | None = None
    S3_REGION: str = "us-east-1"
    # Unset: boto's own chain (AWS_* variables, instance roles).
    S3_ACCESS_KEY_ID: str | None = None
    S3_SECRET_ACCESS_KEY: SecretStr | None = None
    # Local disk: where clients reach the files subgraph (its upload and download routes).
    FILES_PUBLIC_URL: str | None = None
    # Local disk: the HMAC key of its signed URLs. Generated under DATA_DIR in development.
    FILES_SIGNING_SECRET: SecretStr | None = None
    FILES_MAX_BYTES: int = 10 * 1024 * 1024
    FILES_UPLOAD_URL_SECONDS: int = 900
    FILES_DOWNLOAD_URL_SECONDS: int = 300
    # An upload not completed this long after createUpload is removed, object included.
    FILES_UNFINISHED_SECONDS: int = 3600
    FILES_SWEEP_SECONDS: float = 60.0
    # Browser origins (comma-separated, exact) allowed to call the local backend's upload and
    # download routes: the web app's. The router reads the same variable for its own CORS.
    CORS_ORIGINS: str = "http://localhost:3000"
    # Exports (startExport): how long the file is kept; how often the job looks for new ones.
    EXPORTS_KEEP_SECONDS: int = 3600
    EXPORTS_POLL_SECONDS: float = 2.0
    # A job RUNNING this long is taken as abandoned (its process died) and made again.
    EXPORTS_STALE_SECONDS: int = 1800

    @model_validator(mode="after")
    def _files_limits(self) -> Self:
        if self.FILES_MAX_BYTES < 1:
            raise ValueError("FILES_MAX_BYTES must be at least 1")
        if min(self.FILES_UPLOAD_URL_SECONDS, self.FILES_DOWNLOAD_URL_SECONDS) < 1:
            raise ValueError("FILES_UPLOAD_URL_SECONDS and FILES_DOWNLOAD_URL_SECONDS must be >= 1")
        if self.FILES_UNFINISHED_SECONDS <= self.FILES_UPLOAD_URL_SECONDS:
            raise ValueError("FILES_UNFINISHED_SECONDS must be above FILES_UPLOAD_URL_SECONDS")
        return self

    @property
    def files_public_url(self) -> str:
        return (self.FILES_PUBLIC_URL or f"http://127.0.0.1:{self.HOST_PORT}/files").rstrip("/")

    @property
    def cors_origins(self) -> list[str]:
        return [origin.strip() for origin in self.CORS_ORIGINS.split(",") if origin.strip()]
