"""The object-storage port: what the files subgraph asks of S3 or of the local disk."""

import re
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO
from urllib.parse import quote

from subgraphs.kit import AppError, ErrorCode

# Keys are made by the files subgraph (`<owner id>/<file id>`), never by a client; still, each
# backend refuses anything else: no empty, dot-led or `..` segment, no backslash, no absolute.
_SEGMENT = r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}"
_KEY = re.compile(rf"{_SEGMENT}(/{_SEGMENT}){{0,7}}")
_PREFIX = re.compile(rf"({_SEGMENT}/){{1,8}}")


def check_key(key: str, *, prefix: bool = False) -> str:
    """`key` when it is a well-formed object key (or, with `prefix`, a key prefix ending in
    `/`); ValueError otherwise."""
    pattern = _PREFIX if prefix else _KEY
    if not pattern.fullmatch(key) or ".." in key:
        raise ValueError(f"not an object {'prefix' if prefix else 'key'}: {key!r}")
    return key


def content_disposition(file_name: str) -> str:
    """`attachment` with the name as an ASCII fallback and in full (RFC 6266, RFC 8187)."""
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in file_name
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"


def upload_used() -> AppError:
    """UPLOAD_USED: an upload form writes once."""
    return AppError(ErrorCode.UPLOAD_USED, "This upload form has been used: start a new upload")


def checksum_mismatch() -> AppError:
    """CHECKSUM_MISMATCH: the object is not what its record says; it is not served."""
    return AppError(
        ErrorCode.CHECKSUM_MISMATCH, "The file's contents are not the ones uploaded: not served"
    )


@dataclass(frozen=True)
class UploadForm:
    """A presigned upload: POST `fields`, then the file (as the last part, named `file`), as
    multipart/form-data to `url` before `expires_at`."""

    url: str
    fields: dict[str, str]
    expires_at: datetime


class ObjectStorage(ABC):
    """Where file contents live. A kit `Store`: migrated, pinged and disposed by the service."""

    name = "objects"

    @abstractmethod
    async def migrate(self) -> None:
        """Create the bucket (or folder) when it is missing."""

    @abstractmethod
    async def ping(self) -> None:
        """Return when the storage answers; raise when it does not."""

    @abstractmethod
    async def dispose(self) -> None:
        """Close clients."""

    @abstractmethod
    async def upload_form(
        self, key: str, *, content_type: str, size: int, expires_in: int
    ) -> UploadForm:
        """A form that uploads exactly `size` bytes of `content_type` to `key`, and nothing
        else, for `expires_in` seconds."""

    @abstractmethod
    async def download_url(
        self,
        key: str,
        *,
        file_name: str,
        content_type: str,
        expires_in: int,
        checksum: str | None = None,
    ) -> str:
        """A URL that downloads `key` as an attachment named `file_name`, for `expires_in` s.
        With `checksum` (SHA-256, hex), a backend that serves the bytes itself serves them only
        while they still have it."""

    @abstractmethod
    async def put(self, key: str, source: IO[bytes], *, content_type: str) -> None:
        """Write the object from `source` (read to its end), whole or not at all."""

    @abstractmethod
    async def copy(self, source: str, target: str, *, content_type: str) -> None:
        """Copy an object to another key, whole, within the storage (the server's own write)."""

    @abstractmethod
    async def checksum(self, key: str) -> str | None:
        """The SHA-256 (hex) of the object's bytes as stored now; None when it is absent."""

    @abstractmethod
    def keys(self, prefix: str) -> AsyncIterator[str]:
        """The keys of the objects under `prefix` (which ends in `/`)."""

    @abstractmethod
    async def size(self, key: str) -> int | None:
        """The object's size in bytes; None when there is no such object."""

    @abstractmethod
    def read(self, key: str) -> AsyncIterator[bytes]:
        """The object's bytes, in chunks."""

    @abstractmethod
    async def delete(self, key: str) -> None:
        """Remove the object; a key with no object is fine (deleting twice is not an error)."""

    @abstractmethod
    async def delete_prefix(self, prefix: str) -> int:
        """Remove every object whose key starts with `prefix` (which ends in `/`); how many."""
