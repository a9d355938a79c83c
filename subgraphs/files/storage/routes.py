"""The HTTP side of the local backend, served by the files subgraph (`/files/objects` on the
embedded host): a presigned-POST look-alike for uploads and signed, expiring downloads.

    POST /objects               multipart/form-data: the form's fields, then `file`  -> 204
    GET  /objects/{key}?expires=&name=&type=&signature=                             -> the file

Refused: a body over FILES_MAX_BYTES (+ the form's overhead) with 413 before it is read, a
missing Content-Length with 411, a bad or expired signature with 403, a file whose size is not
the signed one with 400 (as S3 does for its POST policy's content-length-range).

Both answer browsers on the `cors_origins` (CORS_ORIGINS: the web app), preflights included.
"""

from collections.abc import AsyncGenerator, AsyncIterator, Collection

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from subgraphs.files.storage.base import content_disposition
from subgraphs.files.storage.cors import cors_route, preflight
from subgraphs.files.storage.local import LocalStorage


class TooLarge(Exception):
    pass


async def _bounded(stream: AsyncIterator[bytes], limit: int) -> AsyncGenerator[bytes, None]:
    """The body, failing as soon as it goes past `limit` bytes (Content-Length can lie)."""
    seen = 0
    async for chunk in stream:
        seen += len(chunk)
        if seen > limit:
            raise TooLarge
        yield chunk


def _refuse(status: int, message: str) -> Response:
    return PlainTextResponse(message, status_code=status)


def routes(storage: LocalStorage, *, cors_origins: Collection[str] = ()) -> APIRouter:
    router = APIRouter(
        prefix="/objects", include_in_schema=False, route_class=cors_route(cors_origins)
    )

    @router.options("")
    async def upload_preflight(request: Request) -> Response:
        return preflight(request, origins=cors_origins, methods={"POST"})

    @router.options("/{key:path}")
    async def download_preflight(request: Request) -> Response:
        return preflight(request, origins=cors_origins, methods={"GET"})

    @router.post("")
    async def upload(request: Request) -> Response:
        length = request.headers.get("content-length", "")
        if not length.isdigit():
            return _refuse(411, "Content-Length is required")
        if int(length) > storage.max_form_bytes:
            return _refuse(413, "The file is larger than the upload allows")
        body = _bounded(request.stream(), storage.max_form_bytes)
        parser = MultiPartParser(
            request.headers, body, max_files=1, max_fields=10, max_part_size=4096
        )
        try:
            form = await parser.parse()
        except TooLarge:
            return _refuse(413, "The file is larger than the upload allows")
        except (MultiPartException, AssertionError, ValueError):
            return _refuse(400, "Expected multipart/form-data with the form's fields and a file")
        try:
            fields = {name: value for name, value in form.items() if isinstance(value, str)}
            allowed = storage.check_upload(fields)
            if allowed is None:
                return _refuse(403, "The upload form is not valid, or has expired")
            key, _, size = allowed
            file = form.get("file")
            if not isinstance(file, UploadFile):
                return _refuse(400, "No file in the form")
            if file.size != size:
                return _refuse(400, f"The file must be exactly {size} bytes, as declared")
            await storage.put(key, file.file)
        finally:
            await form.close()
        return Response(status_code=204)

    @router.get("/{key:path}")
    async def download(
        key: str, expires: str = "", name: str = "", type: str = "", signature: str = ""
    ) -> Response:
        if not storage.check_download(key, expires, name, type, signature):
            return _refuse(403, "The link is not valid, or has expired")
        try:
            path = storage.path(key)
        except ValueError:
            return _refuse(404, "No such file")
        if not path.is_file():
            return _refuse(404, "No such file")
        headers = {
            "Content-Disposition": content_disposition(name),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        }
        return FileResponse(path, media_type=type, headers=headers)

    return router
