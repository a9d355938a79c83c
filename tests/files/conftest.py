"""The files subgraph in-process, on both store legs: SQLite with files on local disk (the
embedded profile), PostgreSQL with files in S3 (moto_server), as production runs."""

import hashlib
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from subgraphs.files import events as files_events
from subgraphs.files.settings import FilesSettings
from subgraphs.files.storage import ObjectStorage, storage_of
from subgraphs.kit import Event, TokenVerifier, runtime_of
from subgraphs.kit.events.consumer import consume
from subgraphs.kit.settings import Settings
from subgraphs.users.keys import SigningKeys
from tests.clients import GraphQL, asgi_client
from tests.conftest import RUN_ID, database_template
from tests.factories import Account, create_application, operation, sign_up
from tests.files.storage_backends import s3_settings

SUBGRAPH_URL = "http://subgraph"  # the in-process client's base: the local backend's URLs
MAX_BYTES = 256 * 1024  # FILES_MAX_BYTES in these tests (the default, 10 MiB, is checked apart)
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

CREATE_UPLOAD = operation("CreateUpload")
COMPLETE_UPLOAD = operation("CompleteUpload")


def pdf(size: int = 2000, *, seed: str = "") -> bytes:
    body = f"%PDF-1.7\n% {seed}\n".encode()
    return body + b"0" * (size - len(body))


def docx(size: int = 2000) -> bytes:
    return b"PK\x03\x04" + b"\x14" * (size - 4)


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def files_settings(
    settings: Settings, backend: str, s3_endpoint: str, **overrides: Any
) -> FilesSettings:
    values: dict[str, Any] = {"FILES_MAX_BYTES": MAX_BYTES, **overrides}
    if backend == "s3":
        values |= s3_settings(s3_endpoint)
        values["FILES_STORAGE_URL"] = f"s3://jt-{RUN_ID}-{uuid.uuid4().hex[:8]}"
    else:
        values["FILES_STORAGE_URL"] = f"file://{settings.DATA_DIR}/files-{uuid.uuid4().hex[:8]}"
        values["FILES_PUBLIC_URL"] = SUBGRAPH_URL
    return FilesSettings.of(settings, **values)


@dataclass
class Files:
    """The files subgraph under test: its GraphQL, its app, and an HTTP client that reaches the
    URLs it hands out (in-process routes for local disk, moto_server for S3)."""

    api: GraphQL
    app: Any
    http: httpx.AsyncClient
    backend: str

    @property
    def storage(self) -> ObjectStorage:
        return storage_of(runtime_of(self.app))

    async def start(self, account: Account, **fields: Any) -> Any:
        values = {"kind": "RESUME", "fileName": "cv.pdf", "contentType": PDF_TYPE, **fields}
        return await self.api(CREATE_UPLOAD, {"input": values}, token=account.token)

    async def post(self, upload: dict[str, Any], content: bytes, content_type: str = PDF_TYPE):
        fields = {field["name"]: field["value"] for field in upload["fields"]}
        files = {"file": ("upload", content, content_type)}
        return await self.http.post(upload["url"], data=fields, files=files)

    async def complete(self, account: Account, file_id: str) -> Any:
        return await self.api(COMPLETE_UPLOAD, {"id": file_id}, token=account.token)

    async def upload(
        self, account: Account, content: bytes | None = None, **fields: Any
    ) -> dict[str, Any]:
        """The whole two-step upload; the file as completeUpload answers it."""
        content = pdf() if content is None else content
        fields.setdefault("size", len(content))
        started = (await self.start(account, **fields)).data["createUpload"]
        posted = await self.post(started, content, fields.get("contentType", PDF_TYPE))
        assert posted.status_code in (200, 201, 204), posted.text
        return (await self.complete(account, started["id"])).data["completeUpload"]

    async def deliver(self, event: Event) -> None:
        """An event handed to the files consumer, as the relay and the broker would."""
        await consume(runtime_of(self.app).db, files_events.handlers, event)


@asynccontextmanager
async def running_files(
    settings: Settings, users_app: Any, backend: str, s3_endpoint: str, **overrides: Any
) -> AsyncIterator[Files]:
    """A files subgraph with its own store and storage, verifying tokens like the others."""
    from subgraphs.files.app import create_app

    async def users_jwks() -> dict[str, Any]:
        return runtime_of(users_app).get(SigningKeys).jwks()

    tag = f"files{backend}{uuid.uuid4().hex[:6]}"
    store = {"DATABASE_URL": database_template(leg_of(settings), settings.DATA_DIR, tag)}
    made = files_settings(settings, backend, s3_endpoint, **store, **overrides)
    verifier = TokenVerifier(users_jwks, issuer=made.JWT_ISSUER, audience=made.JWT_AUDIENCE)
    app = create_app(made, verifier=verifier)
    async with app.router.lifespan_context(app), asgi_client(app) as client:
        api = GraphQL(client, "/graphql")
        if backend == "local":
            yield Files(api, app, client, backend)
        else:
            async with httpx.AsyncClient(timeout=10) as http:
                yield Files(api, app, http, backend)


def leg_of(settings: Settings) -> str:
    return "sqlite" if settings.DATABASE_URL.startswith("sqlite") else "postgres"


@pytest.fixture(scope="session")
async def files_local(settings, users_app, s3_endpoint) -> AsyncIterator[Files]:
    async with running_files(settings, users_app, "local", s3_endpoint) as files:
        yield files


@pytest.fixture(scope="session")
async def files_s3(settings, users_app, s3_endpoint) -> AsyncIterator[Files]:
    async with running_files(settings, users_app, "s3", s3_endpoint) as files:
        yield files


@pytest.fixture(scope="session")
def files(store_leg, request) -> Files:
    """The leg's own pairing: SQLite with local disk, PostgreSQL with S3."""
    return request.getfixturevalue("files_local" if store_leg == "sqlite" else "files_s3")


@pytest.fixture(params=["local", "s3"])
def any_files(request) -> Files:
    """Each storage backend in turn, on the leg's store."""
    return request.getfixturevalue(f"files_{request.param}")


@pytest.fixture
async def account(users) -> Account:
    return await sign_up(users)


async def relay_application_events(
    applications_app: Any, files: Files, application_id: str
) -> None:
    """What the relay and the files consumer do with the applications outbox's events about
    one application (their real payloads), synchronously."""
    db = runtime_of(applications_app).db
    outbox = db.event_tables.outbox
    async with db.admin() as session:
        connection = await session.connection()
        statement = (
            select(outbox)
            .where(outbox.c.aggregate_id == application_id)
            .order_by(outbox.c.position)
        )
        rows = (await connection.execute(statement)).all()
    for row in rows:
        await files.deliver(Event.decode(row.body).model_copy(update={"sequence": row.position}))


@pytest.fixture
def application_for(applications, applications_app):
    """Makes an application for an account and tells the files subgraph about it."""

    async def make(files: Files, account: Account, **fields: Any) -> str:
        created = await create_application(applications, account, **fields)
        await relay_application_events(applications_app, files, created["id"])
        return str(created["id"])

    return make
