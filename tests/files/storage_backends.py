"""The two object-storage backends as tests use them: each with an HTTP client that reaches the
URLs it hands out (local disk: the files subgraph's routes in-process; S3: moto_server)."""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from fastapi import FastAPI

from subgraphs.files.storage import LocalStorage, ObjectStorage, S3Storage, UploadForm
from subgraphs.files.storage.routes import routes
from subgraphs.files.storage.signing import Signer

BACKENDS = ["local", "s3"]
LOCAL_URL = "http://files.local"
MAX_BYTES = 64 * 1024


@dataclass
class Backend:
    name: str
    storage: ObjectStorage
    http: httpx.AsyncClient

    async def upload(
        self, form: UploadForm, content: bytes, content_type: str = "application/pdf"
    ) -> httpx.Response:
        """What a client does with an upload form: its fields, then the file."""
        files = {"file": ("upload.pdf", content, content_type)}
        return await self.http.post(form.url, data=form.fields, files=files)


def s3_settings(endpoint: str) -> dict[str, str]:
    return {
        "S3_ENDPOINT_URL": endpoint,
        "S3_ACCESS_KEY_ID": "testing",
        "S3_SECRET_ACCESS_KEY": "testing",
    }


@asynccontextmanager
async def backend(name: str, *, root: Path, s3_endpoint: str) -> AsyncIterator[Backend]:
    if name == "local":
        local = LocalStorage(
            root, public_url=LOCAL_URL, signer=Signer(b"k" * 32), max_bytes=MAX_BYTES
        )
        app = FastAPI()
        app.include_router(routes(local))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=LOCAL_URL) as http:
            yield Backend(name, local, http)
        return
    s3 = S3Storage(
        bucket=f"test-{uuid.uuid4().hex[:12]}",
        endpoint_url=s3_endpoint,
        access_key_id="testing",
        secret_access_key="testing",
    )
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            yield Backend(name, s3, http)
    finally:
        await s3.dispose()
