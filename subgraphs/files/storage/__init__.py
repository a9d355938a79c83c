"""Object storage: the port the files subgraph keeps file contents behind, and its backends.

    storage = make_storage(settings)   # S3 (FILES_STORAGE_URL=s3://bucket) or local disk
    form = await storage.upload_form(key, content_type=..., size=..., expires_in=...)
    # the client POSTs form.fields and then the file to form.url (S3's presigned POST)
    url = await storage.download_url(key, file_name=..., content_type=..., expires_in=...)

Both backends keep the same contract (`tests/files/test_storage.py` runs against each): an
upload form for one key, one content type and one exact size, valid until it expires; a
download URL that expires; size, read, a server-side copy, the SHA-256 of what is stored, the
keys under a prefix, delete (absent keys are fine) and delete by prefix.
Each is a kit `Store`: `migrate` creates the bucket (or folder), `/health/ready` pings it.
"""

from pathlib import Path
from urllib.parse import unquote, urlparse

from subgraphs.files.settings import FilesSettings
from subgraphs.files.storage.base import ObjectStorage, UploadForm, check_key
from subgraphs.files.storage.local import LocalStorage
from subgraphs.files.storage.s3 import S3Storage
from subgraphs.files.storage.signing import Signer, signing_secret
from subgraphs.kit import Context, Runtime

__all__ = [
    "LocalStorage",
    "ObjectStorage",
    "S3Storage",
    "UploadForm",
    "check_key",
    "make_storage",
    "storage_of",
]


def storage_of(holder: Context | Runtime) -> ObjectStorage:
    """The subgraph's object storage (one of its runtime's stores)."""
    return holder.get(ObjectStorage)  # type: ignore[type-abstract]


def make_storage(settings: FilesSettings) -> ObjectStorage:
    """The backend FILES_STORAGE_URL names: `s3://bucket`, `file:///path`, or unset (local
    disk under DATA_DIR/files)."""
    url = settings.FILES_STORAGE_URL
    parsed = urlparse(url or "")
    if parsed.scheme == "s3":
        if not parsed.netloc:
            raise ValueError("FILES_STORAGE_URL: s3://<bucket> names no bucket")
        secret = settings.S3_SECRET_ACCESS_KEY
        return S3Storage(
            bucket=parsed.netloc,
            endpoint_url=settings.S3_ENDPOINT_URL,
            public_endpoint_url=settings.S3_PUBLIC_ENDPOINT_URL,
            region=settings.S3_REGION,
            access_key_id=settings.S3_ACCESS_KEY_ID,
            secret_access_key=secret.get_secret_value() if secret else None,
        )
    if parsed.scheme not in ("", "file"):
        raise ValueError(f"FILES_STORAGE_URL: unknown scheme {parsed.scheme!r} (s3:// or file://)")
    root = Path(unquote(parsed.path)) if parsed.scheme == "file" else settings.DATA_DIR / "files"
    return LocalStorage(
        root,
        public_url=settings.files_public_url,
        signer=Signer(signing_secret(settings)),
        max_bytes=settings.FILES_MAX_BYTES,
    )
