"""The HTTP side of the local backend, served by the files subgraph (`/files/objects` on the
embedded host): a presigned-POST look-alike for uploads and signed, expiring downloads.

    POST /objects               multipart/form-data: the form's fields, then `file`  -> 204
    GET  /objects/{key}?expires=&name=&type=&signature=                             -> the file

Refused: a body over FILES_MAX_BYTES (+ the form's overhead) with 413 before it is read, a
missing Content-Length with 411, a bad or expired signature with 403, a file whose size is not
the signed one with 400 (as S3 does for its POST policy's content-length-range). A form writes
once: with 409 and a JSON body `{"code", "message"}`, a second write of it (UPLOAD_USED) and
any write `admit` refuses (the files subgraph's rule: its file completed or deleted).

A download whose URL names the bytes' SHA-256 is served only while the object still has it (else
409, CHECKSUM_MISMATCH, logged); every download is an attachment with a Content-Security-Policy
that allows nothing, `nosniff`, and no caching.

Both answer browsers on the `cors_origins` (CORS_ORIGINS: the web app), preflights included.
"""

import asyncio
import logging
import os
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Collection
from typing import IO

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from subgraphs.files.storage.base import checksum_mismatch, content_disposition, upload_used
from subgraphs.files.storage.cors import cors_route, preflight
from subgraphs.files.storage.local import CHUNK, LocalStorage, sha256_of
from subgraphs.kit import AppError

logger = logging.getLogger("subgraphs.files")
# What may be written to a key: None, or why not (an AppError with its code).
Admit = Callable[[Request, str], Awaitable[AppError | None]]
DOWNLOAD_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
}


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


def _conflict(error: AppError) -> Response:
    return JSONResponse({"code": error.code.value, "message": str(error)}, status_code=409)


async def _nobody_refuses(request: Request, key: str) -> AppError | None:
    return None


async def _chunks(file: IO[bytes]) -> AsyncIterator[bytes]:
    try:
        while chunk := await asyncio.to_thread(file.read, CHUNK):
            yield chunk
    finally:
        file.close()


def routes(
    storage: LocalStorage, *, cors_origins: Collection[str] = (), admit: Admit = _nobody_refuses
) -> APIRouter:
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
            refused = await admit(request, key)
            if refused is not None:
                return _conflict(refused)
            if not await storage.put_new(key, file.file):
                return _conflict(upload_used())
        finally:
            await form.close()
        return Response(status_code=204)

    @router.get("/{key:path}")
    async def download(key: str, request: Request) -> Response:
        query = dict(request.query_params)
        if not storage.check_download(key, query):
            return _refuse(403, "The link is not valid, or has expired")
        try:
            file = storage.path(key).open("rb")
        except (ValueError, FileNotFoundError, IsADirectoryError):
            return _refuse(404, "No such file")
        expected = query.get("sha256")
        if expected:
            actual = await asyncio.to_thread(sha256_of, file)
            if actual != expected:
                file.close()
                logger.error("files: %s no longer has its recorded SHA-256; not served", key)
                return _conflict(checksum_mismatch())
            file.seek(0)
        headers = {
            **DOWNLOAD_HEADERS,
            "Content-Disposition": content_disposition(query["name"]),
            "Content-Length": str(os.fstat(file.fileno()).st_size),
        }
        return StreamingResponse(_chunks(file), media_type=query["type"], headers=headers)

    return router
