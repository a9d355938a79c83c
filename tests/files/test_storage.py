"""The object-storage contract: the same promises from S3 (moto_server) and from local disk."""

import asyncio
import base64
import hashlib
import io
import json
import time
from urllib.parse import parse_qs, urlencode, urlparse

import httpx
import pytest

from tests.files.storage_backends import BACKENDS, MAX_BYTES, Backend, backend
from tests.files.storage_backends import LOCAL_URL as LOCAL

PDF = b"%PDF-1.7\n" + b"x" * 1000


@pytest.fixture(params=BACKENDS)
async def store(request, tmp_path, s3_endpoint):
    async with backend(request.param, root=tmp_path / "objects", s3_endpoint=s3_endpoint) as made:
        await made.storage.migrate()
        yield made


async def read_all(store: Backend, key: str) -> bytes:
    return b"".join([chunk async for chunk in store.storage.read(key)])


async def put(store: Backend, key: str, content: bytes = PDF) -> None:
    form = await store.storage.upload_form(
        key, content_type="application/pdf", size=len(content), expires_in=60
    )
    response = await store.upload(form, content)
    assert response.status_code in (200, 201, 204), response.text


async def test_migrate_is_idempotent_and_ping_answers(store):
    await store.storage.migrate()
    await store.storage.ping()


async def test_an_upload_form_puts_the_object_and_a_download_url_gets_it(store):
    await put(store, "owner/file-1")
    assert await store.storage.size("owner/file-1") == len(PDF)
    assert await read_all(store, "owner/file-1") == PDF
    url = await store.storage.download_url(
        "owner/file-1", file_name="Résumé 2026.pdf", content_type="application/pdf", expires_in=60
    )
    got = await store.http.get(url)
    assert got.status_code == 200 and got.content == PDF
    assert got.headers["content-type"] == "application/pdf"
    disposition = got.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''R%C3%A9sum%C3%A9%202026.pdf" in disposition


async def test_put_writes_an_object_from_a_file_that_a_download_url_gets(store):
    content = b"PK\x03\x04" + b"z" * 200_000  # an export: the job writes it, not a client
    key = "owner/exports/job-1.zip"
    await store.storage.put(key, io.BytesIO(content), content_type="application/zip")
    assert await store.storage.size(key) == len(content)
    assert await read_all(store, key) == content
    url = await store.storage.download_url(
        key, file_name="export.zip", content_type="application/zip", expires_in=60
    )
    got = await store.http.get(url)
    assert got.status_code == 200 and got.content == content


async def test_an_absent_object_has_no_size_and_deleting_it_is_fine(store):
    assert await store.storage.size("owner/never") is None
    await store.storage.delete("owner/never")


async def test_delete_removes_the_object_and_its_download(store):
    await put(store, "owner/file-2")
    url = await store.storage.download_url(
        "owner/file-2", file_name="a.pdf", content_type="application/pdf", expires_in=60
    )
    await store.storage.delete("owner/file-2")
    await store.storage.delete("owner/file-2")
    assert await store.storage.size("owner/file-2") is None
    # S3 answers 403 for a missing key to a client that may not list the bucket
    assert (await store.http.get(url)).status_code in (403, 404)


async def test_delete_prefix_removes_only_that_owners_objects(store):
    for key in ("alice/1", "alice/2", "alicia/1", "bob/1"):
        await put(store, key)
    assert await store.storage.delete_prefix("alice/") == 2
    assert [await store.storage.size(k) for k in ("alice/1", "alice/2")] == [None, None]
    assert [await store.storage.size(k) for k in ("alicia/1", "bob/1")] == [len(PDF)] * 2
    assert await store.storage.delete_prefix("nobody/") == 0


@pytest.mark.parametrize(
    "key", ["../escape", "owner/../../etc/passwd", "/absolute", "owner//x", ".hidden", "a\\b", ""]
)
async def test_keys_that_could_leave_the_store_are_refused(store, key):
    with pytest.raises(ValueError):
        await store.storage.size(key)
    with pytest.raises(ValueError):
        await store.storage.upload_form(key, content_type="application/pdf", size=1, expires_in=1)
    with pytest.raises(ValueError):
        await store.storage.delete_prefix(key + "/")


async def test_a_download_url_expires(store):
    await put(store, "owner/file-3")
    url = await store.storage.download_url(
        "owner/file-3", file_name="a.pdf", content_type="application/pdf", expires_in=1
    )
    if store.name == "s3":  # moto does not enforce expiry; S3 does, from the signed X-Amz-Expires
        assert parse_qs(urlparse(url).query)["X-Amz-Expires"] == ["1"]
        return
    await asyncio.sleep(2.1)
    assert (await store.http.get(url)).status_code == 403


async def test_the_upload_form_allows_one_key_one_type_and_the_exact_size(store):
    form = await store.storage.upload_form(
        "owner/file-4", content_type="application/pdf", size=len(PDF), expires_in=60
    )
    if store.name == "s3":  # moto does not enforce the POST policy; S3 and MinIO do
        policy = json.loads(base64.b64decode(form.fields["policy"]))
        conditions = policy["conditions"]
        assert ["content-length-range", len(PDF), len(PDF)] in conditions
        assert {"key": "owner/file-4"} in conditions
        assert {"Content-Type": "application/pdf"} in conditions
        return
    assert (await store.upload(form, PDF + b"more")).status_code == 400
    assert (await store.upload(form, PDF[:-1])).status_code == 400
    other_key = {**form.fields, "key": "owner/other"}
    assert (await store.http.post(form.url, data=other_key, files=pdf_part())).status_code == 403
    other_type = {**form.fields, "Content-Type": "text/html"}
    assert (await store.http.post(form.url, data=other_type, files=pdf_part())).status_code == 403
    assert await store.storage.size("owner/file-4") is None
    assert await store.storage.size("owner/other") is None
    assert (await store.upload(form, PDF)).status_code == 204


def pdf_part() -> dict:
    return {"file": ("a.pdf", PDF, "application/pdf")}


# --- the local backend's own routes: what S3 does by itself --------------------------------


@pytest.fixture
async def local(tmp_path, s3_endpoint):
    async with backend("local", root=tmp_path / "objects", s3_endpoint=s3_endpoint) as made:
        await made.storage.migrate()
        yield made


async def test_local_refuses_an_expired_upload_form(local):
    form = await local.storage.upload_form(
        "owner/late", content_type="application/pdf", size=len(PDF), expires_in=1
    )
    await asyncio.sleep(2.1)
    assert (await local.upload(form, PDF)).status_code == 403
    assert await local.storage.size("owner/late") is None


async def test_local_refuses_a_body_over_the_limit_before_reading_it(local):
    big = b"%PDF-" + b"x" * (MAX_BYTES + 70_000)
    form = await local.storage.upload_form(
        "owner/big", content_type="application/pdf", size=len(big), expires_in=60
    )
    assert (await local.upload(form, big)).status_code == 413
    assert await local.storage.size("owner/big") is None


async def test_local_refuses_a_body_that_says_less_than_it_sends(local):
    form = await local.storage.upload_form(
        "owner/liar", content_type="application/pdf", size=len(PDF), expires_in=60
    )
    request = local.http.build_request("POST", form.url, data=form.fields, files=pdf_part())
    body = request.read() + b"x" * (MAX_BYTES + 70_000)
    headers = {**request.headers, "content-length": "100"}
    response = await local.http.post(form.url, content=body, headers=headers)
    assert response.status_code in (400, 413)
    assert await local.storage.size("owner/liar") is None


async def test_local_refuses_a_tampered_or_unsigned_download(local):
    await put(local, "owner/file-5")
    url = await local.storage.download_url(
        "owner/file-5", file_name="a.pdf", content_type="application/pdf", expires_in=60
    )
    parsed = urlparse(url)
    query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
    later = {**query, "expires": str(int(time.time()) + 10_000)}
    as_html = {**query, "type": "text/html"}
    for changed in (later, as_html, {**query, "signature": "0" * 64}, {}):
        response = await local.http.get(f"{parsed.path}?{urlencode(changed)}")
        assert response.status_code == 403
    got = await local.http.get(url)
    assert got.headers["x-content-type-options"] == "nosniff"


async def test_local_serves_nothing_outside_its_folder_even_when_signed(local, tmp_path):
    (tmp_path / "secret").write_text("outside the store")
    expires = str(int(time.time()) + 60)
    for key in ("../secret", "owner/../../secret", "%2E%2E/secret"):
        signature = local.storage.signer.sign("download", key, expires, "a", "text/plain")
        query = urlencode(
            {"expires": expires, "name": "a", "type": "text/plain", "signature": signature}
        )
        raw = f"/objects/{key.replace('/', '%2F')}?{query}".encode()
        response = await local.http.get(httpx.URL(f"{LOCAL}/", raw_path=raw))
        assert response.status_code in (403, 404) and b"outside" not in response.content


async def test_local_needs_a_length_and_a_file(local):
    form = await local.storage.upload_form(
        "owner/file-6", content_type="application/pdf", size=len(PDF), expires_in=60
    )
    no_file = await local.http.post(form.url, data=form.fields)
    assert no_file.status_code == 400

    async def chunks():
        yield b"--x\r\n"

    chunked = await local.http.post(
        form.url, content=chunks(), headers={"content-type": "multipart/form-data; boundary=x"}
    )
    assert chunked.status_code == 411


async def test_a_copy_keeps_the_bytes_and_the_checksum_names_them(store):
    await put(store, "incoming/owner/f-1")
    await store.storage.copy("incoming/owner/f-1", "owner/f-1", content_type="application/pdf")
    assert await read_all(store, "owner/f-1") == PDF
    assert await store.storage.checksum("owner/f-1") == hashlib.sha256(PDF).hexdigest()
    assert await store.storage.checksum("owner/none") is None
    other = io.BytesIO(b"%PDF-other")  # another version: another checksum
    await store.storage.put("owner/f-1", other, content_type="application/pdf")
    assert await store.storage.checksum("owner/f-1") == hashlib.sha256(b"%PDF-other").hexdigest()
    assert [key async for key in store.storage.keys("incoming/")] == ["incoming/owner/f-1"]


async def test_local_takes_one_write_per_upload_form(local):
    form = await local.storage.upload_form(
        "owner/once", content_type="application/pdf", size=len(PDF), expires_in=60
    )
    assert (await local.upload(form, PDF)).status_code == 204
    again = await local.upload(form, b"MZ" + PDF[2:])
    assert again.status_code == 409 and again.json()["code"] == "UPLOAD_USED"
    assert await read_all(local, "owner/once") == PDF
