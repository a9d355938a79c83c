"""Bad input is answered with a clear code and nothing is kept: at createUpload (the declared
file) and at completeUpload (the uploaded object, checked by its size and leading bytes)."""

import pytest

from subgraphs.files.settings import FilesSettings
from tests.files.conftest import DOCX_TYPE, MAX_BYTES, PDF_TYPE, docx, pdf

DOCUMENTS = """query($r: [_Any!]!) { _entities(representations: $r) {
  ... on User { documents { totalCount } } } }"""


def form_key(upload: dict) -> str:
    return next(field["value"] for field in upload["fields"] if field["name"] == "key")


async def total(files, account) -> int:
    reps = {"r": [{"__typename": "User", "id": account.id}]}
    found = await files.api(DOCUMENTS, reps, token=account.token)
    return found.data["_entities"][0]["documents"]["totalCount"]


def test_the_default_size_limit_is_10_mib():
    assert FilesSettings(_env_file=None).FILES_MAX_BYTES == 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"contentType": "text/html"}, "contentType"),
        ({"contentType": "application/zip", "fileName": "cv.zip"}, "contentType"),
        ({"contentType": "image/svg+xml", "fileName": "cv.svg"}, "contentType"),
        ({"fileName": "cv.exe"}, "input"),
        ({"fileName": "cv.docx"}, "input"),  # a PDF's name must end in .pdf
        ({"fileName": "cv.pdf", "contentType": DOCX_TYPE}, "input"),
        ({"fileName": ""}, "fileName"),
        ({"fileName": "   "}, "fileName"),
        ({"fileName": "../../"}, "fileName"),
        ({"fileName": ".pdf"}, "input"),  # "pdf" once its leading dot goes: no extension
        ({"fileName": "x" * 1001 + ".pdf"}, "fileName"),
        ({"size": 0}, "size"),
        ({"size": -5}, "size"),
        ({"size": MAX_BYTES + 1}, "size"),
        ({"kind": "PHOTO"}, None),
    ],
)
async def test_create_upload_refuses_what_is_not_allowed(files, account, fields, field):
    values = {"size": 1000, **fields}
    result = await files.start(account, **values)
    assert result.codes == ["BAD_USER_INPUT"], result.body
    if field:
        assert result.error["extensions"]["field"] == field
    assert await total(files, account) == 0


async def test_the_size_limit_is_named_in_the_message(files, account):
    result = await files.start(account, size=MAX_BYTES + 1)
    assert "256 KiB" in result.error["message"] or "262144" in result.error["message"]


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("C:\\Users\\ada\\My CV.pdf", "My CV.pdf"),
        ("/etc/../home/ada/cv.pdf", "cv.pdf"),
        ("cv\u0000\u202e.pdf", "cv.pdf"),
        ('a<b>:"c|?*.pdf', "a_b___c___.pdf"),
        ("  spaced   out  .pdf", "spaced out .pdf"),
        ("Re\u0301sume\u0301.pdf", "Résumé.pdf"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
async def test_file_names_are_sanitised(files, account, given, kept):
    done = await files.upload(account, fileName=given)
    assert done["fileName"] == kept


async def test_a_fake_pdf_is_refused_and_its_object_removed(any_files, account):
    content = b"<html><script>alert(1)</script>" + b" " * 500
    started = (await any_files.start(account, size=len(content))).data["createUpload"]
    posted = await any_files.post(started, content)
    assert posted.status_code in (200, 201, 204)
    result = await any_files.complete(account, started["id"])
    assert result.codes == ["BAD_USER_INPUT"]
    assert "not a PDF" in result.error["message"]
    for key in (form_key(started), f"{account.id}/{started['id']}"):
        assert await any_files.storage.size(key) is None
    assert await total(any_files, account) == 0


async def test_a_pdf_declared_as_docx_is_refused(any_files, account):
    content = pdf(1500)
    started = (
        await any_files.start(account, size=len(content), fileName="a.docx", contentType=DOCX_TYPE)
    ).data["createUpload"]
    await any_files.post(started, content, DOCX_TYPE)
    result = await any_files.complete(account, started["id"])
    assert result.codes == ["BAD_USER_INPUT"] and "not a DOCX" in result.error["message"]


async def test_a_docx_declared_as_pdf_is_refused(any_files, account):
    content = docx(1500)
    started = (await any_files.start(account, size=len(content))).data["createUpload"]
    await any_files.post(started, content)
    result = await any_files.complete(account, started["id"])
    assert result.codes == ["BAD_USER_INPUT"] and "not a PDF" in result.error["message"]


async def test_completing_before_uploading_is_refused_and_can_be_done_after(any_files, account):
    content = pdf(1200)
    started = (await any_files.start(account, size=len(content))).data["createUpload"]
    early = await any_files.complete(account, started["id"])
    assert early.codes == ["BAD_USER_INPUT"] and "Nothing was uploaded" in early.error["message"]
    await any_files.post(started, content)
    assert (await any_files.complete(account, started["id"])).data["completeUpload"]["size"] == 1200


async def put_object(files, key: str, content: bytes) -> None:
    """An object put straight into storage, as a client could against an S3 that does not hold
    it to the form's policy (moto; a misconfigured gateway)."""
    if files.backend == "local":
        import io

        await files.storage.put(key, io.BytesIO(content))
        return
    client = await files.storage._client()
    await client.put_object(Bucket=files.storage.bucket, Key=key, Body=content)


async def test_an_object_over_the_limit_is_refused_at_completion(any_files, account):
    started = (await any_files.start(account, size=MAX_BYTES)).data["createUpload"]
    key = form_key(started)
    await put_object(any_files, key, pdf(MAX_BYTES + 1))
    result = await any_files.complete(account, started["id"])
    assert result.codes == ["BAD_USER_INPUT"] and "larger than" in result.error["message"]
    assert await any_files.storage.size(key) is None


async def test_an_object_of_another_size_than_declared_is_refused(any_files, account):
    started = (await any_files.start(account, size=5000)).data["createUpload"]
    key = form_key(started)
    await put_object(any_files, key, pdf(4000))
    result = await any_files.complete(account, started["id"])
    assert result.codes == ["BAD_USER_INPUT"] and "not the 5000 declared" in result.error["message"]
    assert await any_files.storage.size(key) is None
    # the upload is still pending: the right bytes can be sent again
    await put_object(any_files, key, pdf(5000))
    assert (await any_files.complete(account, started["id"])).data["completeUpload"]["size"] == 5000


async def test_the_upload_form_refuses_another_size_on_local_disk(files_local, account):
    started = (await files_local.start(account, size=1000)).data["createUpload"]
    posted = await files_local.post(started, pdf(2000))
    assert posted.status_code == 400
    assert await files_local.storage.size(form_key(started)) is None


@pytest.mark.parametrize("bad", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
async def test_completing_or_deleting_an_unknown_id_is_not_found(files, account, bad):
    assert (await files.complete(account, bad)).codes == ["NOT_FOUND"]
    delete = "mutation($id: ID!) { deleteFile(id: $id) }"
    assert (await files.api(delete, {"id": bad}, token=account.token)).codes == ["NOT_FOUND"]


async def test_pdf_types_are_case_insensitive_and_named_as_allowed(files, account):
    done = await files.upload(account, contentType="Application/PDF", fileName="CV.PDF")
    assert done["contentType"] == PDF_TYPE and done["fileName"] == "CV.PDF"


@pytest.mark.parametrize("body", [b'"hello"', b"5", b"null"])
async def test_a_body_that_is_not_a_json_object_is_a_bad_request(files, body):
    headers = {"content-type": "application/json"}
    response = await files.api.client.post("/graphql", content=body, headers=headers)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
