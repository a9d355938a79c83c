"""Local-disk object storage: files under a folder, uploaded and downloaded through HMAC-signed,
expiring URLs that the files subgraph serves itself (`routes()`), with the same two-step flow
as S3's presigned POST: the client POSTs the form's fields, then the file, to the form's URL.
"""

import asyncio
import hashlib
import os
import shutil
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from urllib.parse import quote, urlencode
from uuid import uuid4

from subgraphs.files.storage.base import ObjectStorage, UploadForm, check_key
from subgraphs.files.storage.signing import Signer

CHUNK = 64 * 1024
FORM_OVERHEAD = 64 * 1024  # multipart boundaries, headers and the signed fields
CHECKSUMS_KEPT = 4096


def sha256_of(file: IO[bytes]) -> str:
    """The SHA-256 (hex) of what `file` holds from where it is to its end."""
    digest = hashlib.sha256()
    while chunk := file.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


class LocalStorage(ObjectStorage):
    def __init__(self, root: Path, *, public_url: str, signer: Signer, max_bytes: int) -> None:
        self.root = root.resolve()
        self.public_url = public_url.rstrip("/")
        self.signer = signer
        self.max_form_bytes = max_bytes + FORM_OVERHEAD
        self._checksums: dict[str, tuple[tuple[int, int, int], str]] = {}

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
        self,
        key: str,
        *,
        file_name: str,
        content_type: str,
        expires_in: int,
        checksum: str | None = None,
    ) -> str:
        self.path(key)
        expires = str(int(time.time()) + expires_in)
        query = {"expires": expires, "name": file_name, "type": content_type}
        if checksum:
            query["sha256"] = checksum
        query["signature"] = self.signer.sign("download", key, *query.values())
        return f"{self.public_url}/objects/{quote(key)}?{urlencode(query)}"

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

    def check_download(self, key: str, query: dict[str, str]) -> bool:
        """Whether a download URL's query (expires, name, type, sha256 if any, signature) is
        signed and unexpired."""
        try:
            parts = [query["expires"], query["name"], query["type"]]
            if query.get("sha256"):
                parts.append(query["sha256"])
            return (
                self.signer.verify(query["signature"], "download", key, *parts)
                and int(query["expires"]) >= time.time()
            )
        except (KeyError, ValueError):
            return False

    async def put(
        self, key: str, source: IO[bytes], *, content_type: str = "application/octet-stream"
    ) -> None:
        """Write the object whole, or not at all (a reader never sees half a file)."""
        await asyncio.to_thread(self._put, self.path(key), source)

    async def put_new(self, key: str, source: IO[bytes]) -> bool:
        """Write the object whole unless there is one at `key` already (then False): of two
        writers at once, one wins."""
        return await asyncio.to_thread(self._put, self.path(key), source, exclusive=True)

    @staticmethod
    def _put(path: Path, source: IO[bytes], *, exclusive: bool = False) -> bool:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.{uuid4().hex}.partial")
        try:
            with partial.open("wb") as target:
                shutil.copyfileobj(source, target, CHUNK)
            if not exclusive:
                os.replace(partial, path)
                return True
            try:
                os.link(partial, path)  # fails when `path` exists, unlike a rename
            except FileExistsError:
                return False
            return True
        finally:
            partial.unlink(missing_ok=True)

    async def copy(self, source: str, target: str, *, content_type: str = "") -> None:
        with self.path(source).open("rb") as file:
            await asyncio.to_thread(self._put, self.path(target), file)

    async def checksum(self, key: str) -> str | None:
        """Hashed once per version of the file (a write replaces it: another inode), so that
        checking a page of download links costs a `stat` each; the route hashes what it serves."""
        try:
            with self.path(key).open("rb") as file:
                stat = os.fstat(file.fileno())
                version = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
                known = self._checksums.get(key)
                if known is not None and known[0] == version:
                    return known[1]
                digest = await asyncio.to_thread(sha256_of, file)
        except FileNotFoundError:
            return None
        if len(self._checksums) >= CHECKSUMS_KEPT:
            self._checksums.clear()
        self._checksums[key] = (version, digest)
        return digest

    async def keys(self, prefix: str) -> AsyncIterator[str]:
        folder = self.path(check_key(prefix, prefix=True).rstrip("/"))
        found = await asyncio.to_thread(
            lambda: sorted(folder.rglob("*")) if folder.is_dir() else []
        )
        for entry in found:
            if entry.is_file() and not entry.name.startswith("."):  # not a write under way
                yield entry.relative_to(self.root).as_posix()

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
