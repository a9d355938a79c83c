"""CORS on the local backend's upload and download routes: the web app's origin (CORS_ORIGINS,
the router's list too) may post the upload form from the browser and read the answer."""

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from subgraphs.files.settings import FilesSettings
from subgraphs.files.storage import LocalStorage
from subgraphs.files.storage.routes import routes
from subgraphs.files.storage.signing import Signer
from tests.files.conftest import pdf

WEB = "https://tracker.example"
OTHER = "https://evil.example"
BASE = "http://files.local"


@pytest.fixture
async def local(tmp_path):
    storage = LocalStorage(
        tmp_path / "objects", public_url=BASE, signer=Signer(b"k" * 32), max_bytes=64 * 1024
    )
    await storage.migrate()
    app = FastAPI()
    app.include_router(routes(storage, cors_origins=[WEB, "http://localhost:3000"]))
    async with AsyncClient(transport=ASGITransport(app=app), base_url=BASE) as http:
        yield storage, http


def asking(origin: str, method: str, headers: str = "") -> dict[str, str]:
    asked = {"origin": origin, "access-control-request-method": method}
    return asked | ({"access-control-request-headers": headers} if headers else {})


async def test_a_preflight_from_the_web_app_may_post_the_form_and_get_a_file(local):
    _, http = local
    upload = await http.options("/objects", headers=asking(WEB, "POST", "Content-Type"))
    assert upload.status_code == 204
    assert upload.headers["access-control-allow-origin"] == WEB
    assert upload.headers["access-control-allow-methods"] == "POST"
    assert upload.headers["access-control-allow-headers"] == "content-type"
    assert upload.headers["vary"] == "Origin"
    assert "access-control-allow-credentials" not in upload.headers  # signed URLs, no cookies
    download = await http.options("/objects/owner/file-1", headers=asking(WEB, "GET"))
    assert download.status_code == 204
    assert download.headers["access-control-allow-methods"] == "GET"


@pytest.mark.parametrize(
    ("origin", "method", "headers"),
    [
        (OTHER, "POST", ""),  # an origin not listed
        ("null", "POST", ""),
        (WEB, "PUT", ""),  # a method the route does not take
        (WEB, "POST", "authorization"),  # a header it does not need
    ],
)
async def test_any_other_preflight_is_refused_without_cors_headers(local, origin, method, headers):
    _, http = local
    refused = await http.options("/objects", headers=asking(origin, method, headers))
    assert refused.status_code == 403
    assert "access-control-allow-origin" not in refused.headers


async def test_answers_carry_the_allowed_origin_refusals_included(local):
    storage, http = local
    content = pdf(1000)
    form = await storage.upload_form(
        "owner/cv", content_type="application/pdf", size=len(content), expires_in=60
    )
    files = {"file": ("cv.pdf", content, "application/pdf")}
    posted = await http.post(form.url, data=form.fields, files=files, headers={"origin": WEB})
    assert posted.status_code == 204
    assert posted.headers["access-control-allow-origin"] == WEB
    assert posted.headers["vary"] == "Origin"
    assert await storage.size("owner/cv") == len(content)

    tampered = {**form.fields, "signature": "0" * 64}
    refused = await http.post(form.url, data=tampered, files=files, headers={"origin": WEB})
    assert refused.status_code == 403
    assert refused.headers["access-control-allow-origin"] == WEB  # the page can read why

    url = await storage.download_url(
        "owner/cv", file_name="cv.pdf", content_type="application/pdf", expires_in=60
    )
    got = await http.get(url, headers={"origin": WEB})
    assert got.status_code == 200 and got.content == content
    assert got.headers["access-control-allow-origin"] == WEB


async def test_another_origin_gets_no_cors_headers(local):
    storage, http = local
    url = await storage.download_url(
        "owner/none", file_name="a.pdf", content_type="application/pdf", expires_in=60
    )
    answer = await http.get(url, headers={"origin": OTHER})
    assert "access-control-allow-origin" not in answer.headers
    assert answer.headers["vary"] == "Origin"


async def test_the_files_subgraph_allows_cors_origins(files_local):
    """The service wires CORS_ORIGINS (default: the web app of `task up`) into its routes."""
    default = FilesSettings.model_fields["CORS_ORIGINS"].default
    assert default == "http://localhost:3000"  # the router's
    assert FilesSettings(CORS_ORIGINS=f" {WEB}, http://localhost:3000 ,").cors_origins == [
        WEB,
        "http://localhost:3000",
    ]
    answer = await files_local.http.options(
        "/objects", headers=asking("http://localhost:3000", "POST")
    )
    assert answer.status_code == 204
    assert answer.headers["access-control-allow-origin"] == "http://localhost:3000"
