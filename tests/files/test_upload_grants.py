"""Single-use upload grants: a form writes once, completion freezes the contents, only the
recorded bytes are ever served, and what forms wrote for files no longer under way is swept.
On each storage backend (S3 takes a presigned POST while it is valid: there, a late write is
harmless and swept rather than refused)."""

import io
from typing import Any

from subgraphs.files.sweeper import sweep
from subgraphs.kit import runtime_of
from tests.files.conftest import Files, pdf, sha256

USER_RESUME = """query($r: [_Any!]!) { _entities(representations: $r) {
  ... on User { resume { id checksum downloadUrl } } } }"""
SET_PUBLIC = "mutation { setResumePublic(public: true) { id } }"
FILE = "query($id: ID!) { file(id: $id) { id checksum downloadUrl } }"
DELETE = "mutation($id: ID!) { deleteFile(id: $id) }"
CSP = "default-src 'none'; sandbox"


def executable(size: int) -> bytes:
    return b"MZ" + b"\x90" * (size - 2)


def form_key(upload: dict[str, Any]) -> str:
    return next(field["value"] for field in upload["fields"] if field["name"] == "key")


async def write_behind(files: Files, key: str, content: bytes) -> None:
    """Bytes put straight into storage, behind the store's back."""
    if files.backend == "local":
        await files.storage.put(key, io.BytesIO(content), content_type="application/pdf")
        return
    client = await files.storage._client()  # type: ignore[attr-defined]
    await client.put_object(Bucket=files.storage.bucket, Key=key, Body=content)  # type: ignore[attr-defined]


async def read(files: Files, key: str) -> bytes:
    return b"".join([chunk async for chunk in files.storage.read(key)])


async def uploaded(files: Files, account: Any, content: bytes) -> tuple[dict, dict]:
    """(the createUpload answer, the completeUpload answer)."""
    started = (await files.start(account, size=len(content))).data["createUpload"]
    posted = await files.post(started, content)
    assert posted.status_code in (200, 201, 204), posted.text
    return started, (await files.complete(account, started["id"])).data["completeUpload"]


def refused(response: Any, code: str) -> None:
    assert response.status_code == 409, response.text
    assert response.json()["code"] == code


async def test_posting_the_form_again_after_completion_changes_nothing(any_files, account):
    original = pdf(3000, seed="mine")
    started, done = await uploaded(any_files, account, original)
    again = await any_files.post(started, executable(len(original)))
    if any_files.backend == "local":
        refused(again, "UPLOAD_USED")
    got = await any_files.http.get(done["downloadUrl"])
    assert got.status_code == 200 and got.content == original
    fresh = await any_files.api(FILE, {"id": done["id"]}, token=account.token)
    assert fresh.data["file"]["checksum"] == sha256(original)
    assert (await any_files.http.get(fresh.data["file"]["downloadUrl"])).content == original
    # a public resume: anonymous viewers get the uploaded bytes too
    await any_files.api(SET_PUBLIC, token=account.token)
    me = {"r": [{"__typename": "User", "id": account.id}]}
    seen = (await any_files.api(USER_RESUME, me)).data["_entities"][0]["resume"]
    assert seen["checksum"] == sha256(original)
    assert (await any_files.http.get(seen["downloadUrl"])).content == original
    await sweep(runtime_of(any_files.app))
    assert await read(any_files, f"{account.id}/{done['id']}") == original


async def test_a_second_write_of_the_same_form_is_refused(any_files, account):
    first, second = pdf(2500, seed="first"), pdf(2500, seed="second")
    started = (await any_files.start(account, size=len(first))).data["createUpload"]
    assert (await any_files.post(started, first)).status_code in (200, 201, 204)
    again = await any_files.post(started, second)
    if any_files.backend == "local":
        refused(again, "UPLOAD_USED")
        assert await read(any_files, form_key(started)) == first
    done = (await any_files.complete(account, started["id"])).data["completeUpload"]
    served = (await any_files.http.get(done["downloadUrl"])).content
    assert sha256(served) == done["checksum"]  # whichever write S3 kept: what is recorded
    if any_files.backend == "local":
        assert served == first


async def test_posting_the_form_after_delete_is_refused_and_leaves_nothing(any_files, account):
    content = pdf(1800)
    started = (await any_files.start(account, size=len(content))).data["createUpload"]
    deleted = await any_files.api(DELETE, {"id": started["id"]}, token=account.token)
    assert deleted.data == {"deleteFile": started["id"]}
    late = await any_files.post(started, content)
    if any_files.backend == "local":
        refused(late, "UPLOAD_CLOSED")
    await sweep(runtime_of(any_files.app))
    for key in (form_key(started), f"{account.id}/{started['id']}"):
        assert await any_files.storage.size(key) is None


async def test_posting_the_form_after_a_completed_file_is_deleted_leaves_nothing(
    any_files, account
):
    started, done = await uploaded(any_files, account, pdf(1500))
    await any_files.api(DELETE, {"id": done["id"]}, token=account.token)
    late = await any_files.post(started, executable(1500))
    if any_files.backend == "local":
        refused(late, "UPLOAD_CLOSED")
    await sweep(runtime_of(any_files.app))
    for key in (form_key(started), f"{account.id}/{done['id']}"):
        assert await any_files.storage.size(key) is None


async def test_contents_altered_behind_the_stores_back_are_not_served(any_files, account):
    original = pdf(2200, seed="kept")
    _, done = await uploaded(any_files, account, original)
    key = f"{account.id}/{done['id']}"
    await write_behind(any_files, key, executable(len(original)))
    answer = await any_files.api(FILE, {"id": done["id"]}, token=account.token)
    assert answer.codes == ["CHECKSUM_MISMATCH"]
    if any_files.backend == "local":  # a link handed out before: checked as it is served
        got = await any_files.http.get(done["downloadUrl"])
        refused(got, "CHECKSUM_MISMATCH")
        assert not got.content.startswith(b"MZ")


async def test_the_sweeper_removes_what_forms_wrote_for_files_not_under_way(any_files, account):
    pending = (await any_files.start(account, size=1000)).data["createUpload"]
    assert (await any_files.post(pending, pdf(1000))).status_code in (200, 201, 204)
    started, _ = await uploaded(any_files, account, pdf(1200))
    completed_key = form_key(started)
    unknown_key = completed_key.rsplit("/", 1)[0] + "/00000000-0000-4000-8000-000000000000"
    for key in (completed_key, unknown_key):  # as S3 takes a late POST
        await write_behind(any_files, key, pdf(1200))
    await sweep(runtime_of(any_files.app))
    assert await any_files.storage.size(completed_key) is None
    assert await any_files.storage.size(unknown_key) is None
    assert await any_files.storage.size(form_key(pending)) == 1000  # still under way
    assert (await any_files.complete(account, pending["id"])).data["completeUpload"]


async def test_downloads_are_attachments_that_nothing_can_run(any_files, account):
    _, done = await uploaded(any_files, account, pdf(1000))
    got = await any_files.http.get(done["downloadUrl"])
    assert got.status_code == 200
    assert got.headers["content-disposition"].startswith("attachment;")
    assert got.headers["cache-control"] == "private, no-store"
    if any_files.backend == "local":  # a presigned S3 GET cannot set these
        assert got.headers["content-security-policy"] == CSP
        assert got.headers["x-content-type-options"] == "nosniff"
