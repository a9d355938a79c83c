"""Local-disk object storage: files under a folder, uploaded and downloaded through HMAC-signed,
expiring URLs that the files subgraph serves itself (`routes()`), with the same two-step flow
as S3's presigned POST: the client POSTs the form's fields, then the file, to the form's URL.
"""

import asyncio
import os
import shutil
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from urllib.parse import quote, urlencode

from subgraphs.files.storage.base import ObjectStorage, UploadForm, check_key
from subgraphs.files.storage.signing import Signer

CHUNK = 64 * 1024
FORM_OVERHEAD = 64 * 1024  # multipart boundaries, headers and the signed fields


class LocalStorage(ObjectStorage):
    def __init__(self, root: Path, *, public_url: str, signer: Signer, max_bytes: int) -> None:
        self.root = root.resolve()
        self.public_url = public_url.rstrip("/")
        self.signer = signer
        self.max_form_bytes = max_bytes + FORM_OVERHEAD

    def path(self, key: str) -> Path:
        """Where `key` lives; ValueError for a key that is not one, or that leaves the root."""
        path = (self.root / check_key(key)).resolve()
        if not path.is_relative_to(self.root) or path == self.root:
            raise ValueError(f"not an object key: {key!r}")
        return path

    async def migrate(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)

    async def ping(self) -> None:
        if not self.root.is_dir() or not os.access(self.root, os.W_OK):
            raise OSError(f"{self.root} is not a writable folder")

    async def dispose(self) -> None:
        pass

    async def upload_form(
        self, key: str, *, content_type: str, size: int, expires_in: int
    ) -> UploadForm:
        self.path(key)
        expires = int(time.time()) + expires_in
        fields = {"key": key, "Content-Type": content_type, "size": str(size)}
        fields["expires"] = str(expires)
        fields["signature"] = self.signer.sign("upload", key, content_type, str(size), str(expires))
        return UploadForm(
            f"{self.public_url}/objects", fields, datetime.fromtimestamp(expires, UTC)
        )

    async def download_url(
        self, key: str, *, file_name: str, content_type: str, expires_in: int
    ) -> str:
        self.path(key)
        expires = str(int(time.time()) + expires_in)
        signature = self.signer.sign("download", key, expires, file_name, content_type)
        query = urlencode(
            {"expires": expires, "name": file_name, "type": content_type, "signature": signature}
        )
        return f"{self.public_url}/objects/{quote(key)}?{query}"

    def check_upload(self, fields: dict[str, str]) -> tuple[str, str, int] | None:
        """The key, content type and size a signed, unexpired upload form allows; else None."""
        try:
            key, content_type = fields["key"], fields["Content-Type"]
            size, expires, signature = fields["size"], fields["expires"], fields["signature"]
            allowed = self.signer.verify(signature, "upload", key, content_type, size, expires)
            if not allowed or int(expires) < time.time():
                return None
            self.path(key)
            return key, content_type, int(size)
        except (KeyError, ValueError):
            return None

    def check_download(self, key: str, expires: str, name: str, type: str, signature: str) -> bool:
        try:
            return (
                self.signer.verify(signature, "download", key, expires, name, type)
                and int(expires) >= time.time()
            )
        except ValueError:
            return False

    async def put(
        self, key: str, source: IO[bytes], *, content_type: str = "application/octet-stream"
    ) -> None:
        """Write the object whole, or not at all (a reader never sees half a file)."""
        await asyncio.to_thread(self._put, self.path(key), source)

    @staticmethod
    def _put(path: Path, source: IO[bytes]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        try:
            with partial.open("wb") as target:
                shutil.copyfileobj(source, target, CHUNK)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)

    async def size(self, key: str) -> int | None:
        try:
            return self.path(key).stat().st_size
        except FileNotFoundError:
            return None

    async def read(self, key: str) -> AsyncIterator[bytes]:
        with self.path(key).open("rb") as file:
            while chunk := await asyncio.to_thread(file.read, CHUNK):
                yield chunk

    async def delete(self, key: str) -> None:
        path = self.path(key)
        path.unlink(missing_ok=True)
        try:
            path.parent.rmdir()  # the owner's folder, once empty
        except OSError:
            pass

    async def delete_prefix(self, prefix: str) -> int:
        folder = self.path(check_key(prefix, prefix=True).rstrip("/"))
        if not folder.is_dir():
            return 0
        count = sum(1 for entry in folder.rglob("*") if entry.is_file())
        await asyncio.to_thread(shutil.rmtree, folder, True)
        return count
