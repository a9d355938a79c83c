"""The two-step upload, reading files back, and deleting them: on each storage backend."""

from tests.files.conftest import DOCX_TYPE, docx, pdf, sha256

FILE = "query($id: ID!) { file(id: $id) { id fileName size checksum downloadUrl } }"
DELETE = "mutation($id: ID!) { deleteFile(id: $id) }"
MY_DOCUMENTS = """query($r: [_Any!]!, $kind: FileKind) { _entities(representations: $r) {
  ... on User { documents(kind: $kind) { totalCount edges { node { id kind fileName } } } } } }"""
MY_RESUME = """query($r: [_Any!]!) { _entities(representations: $r) {
  ... on User { resume { id fileName } resumePublic } } }"""
APPLICATION_DOCUMENTS = """query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Application { id documents { id kind fileName application { id } } } } }"""


def me(account):
    return {"r": [{"__typename": "User", "id": account.id}]}


async def test_a_resume_goes_up_in_two_steps_and_comes_back_signed(any_files, account):
    content = pdf(5000, seed="resume")
    started = await any_files.start(account, fileName="My CV.pdf", size=len(content))
    upload = started.data["createUpload"]
    assert upload["url"].startswith("http") and upload["expiresAt"]
    assert {"key", "Content-Type"} <= {field["name"] for field in upload["fields"]}
    posted = await any_files.post(upload, content)
    assert posted.status_code in (200, 201, 204), posted.text

    done = (await any_files.complete(account, upload["id"])).data["completeUpload"]
    assert done["id"] == upload["id"]
    assert (done["kind"], done["fileName"], done["contentType"]) == (
        "RESUME",
        "My CV.pdf",
        "application/pdf",
    )
    assert done["size"] == 5000 and done["checksum"] == sha256(content)
    got = await any_files.http.get(done["downloadUrl"])
    assert got.status_code == 200 and got.content == content
    assert 'filename="My CV.pdf"' in got.headers["content-disposition"]
    again = (await any_files.complete(account, upload["id"])).data["completeUpload"]
    assert again["checksum"] == done["checksum"]


async def test_a_docx_is_accepted_by_its_leading_bytes(any_files, account):
    content = docx(3000)
    done = await any_files.upload(
        account, content, kind="COVER_LETTER", fileName="letter.docx", contentType=DOCX_TYPE
    )
    assert done["contentType"] == DOCX_TYPE and done["checksum"] == sha256(content)


async def test_documents_list_newest_first_with_a_kind_filter(files, account):
    await files.upload(account, fileName="cv.pdf")
    await files.upload(account, docx(), kind="DOCUMENT", fileName="a.docx", contentType=DOCX_TYPE)
    await files.upload(account, kind="COVER_LETTER", fileName="letter.pdf")
    listed = (await files.api(MY_DOCUMENTS, me(account), token=account.token)).data
    documents = listed["_entities"][0]["documents"]
    assert documents["totalCount"] == 3
    assert [e["node"]["fileName"] for e in documents["edges"]] == ["letter.pdf", "a.docx", "cv.pdf"]
    only = await files.api(MY_DOCUMENTS, {**me(account), "kind": "DOCUMENT"}, token=account.token)
    assert only.data["_entities"][0]["documents"]["totalCount"] == 1


async def test_unfinished_uploads_are_not_documents(files, account):
    await files.start(account, size=1000)
    listed = (await files.api(MY_DOCUMENTS, me(account), token=account.token)).data
    assert listed["_entities"][0]["documents"]["totalCount"] == 0


async def test_the_current_resume_is_the_newest_without_an_application(
    files, account, application_for
):
    application = await application_for(files, account)
    first = await files.upload(account, fileName="first.pdf")
    second = await files.upload(account, fileName="second.pdf")
    await files.upload(account, fileName="tailored.pdf", applicationId=application)
    await files.upload(account, kind="COVER_LETTER", fileName="letter.pdf")
    resume = (await files.api(MY_RESUME, me(account), token=account.token)).data["_entities"][0]
    assert resume == {
        "resume": {"id": second["id"], "fileName": "second.pdf"},
        "resumePublic": False,
    }
    await files.api(DELETE, {"id": second["id"]}, token=account.token)
    resume = (await files.api(MY_RESUME, me(account), token=account.token)).data["_entities"][0]
    assert resume["resume"]["id"] == first["id"]


async def test_documents_sent_with_an_application_live_beside_it(files, account, application_for):
    application = await application_for(files, account)
    other = await application_for(files, account)
    tailored = await files.upload(account, fileName="tailored.pdf", applicationId=application)
    letter = await files.upload(
        account, kind="COVER_LETTER", fileName="letter.pdf", applicationId=application
    )
    assert tailored["application"] == {"id": application}
    reps = {"r": [{"__typename": "Application", "id": i} for i in (application, other)]}
    found = (await files.api(APPLICATION_DOCUMENTS, reps, token=account.token)).data["_entities"]
    assert [d["id"] for d in found[0]["documents"]] == [letter["id"], tailored["id"]]
    assert found[1] == {"id": other, "documents": []}


async def test_delete_removes_the_record_and_the_object(any_files, account):
    done = await any_files.upload(account)
    key = f"{account.id}/{done['id']}"
    assert await any_files.storage.size(key) is not None
    deleted = await any_files.api(DELETE, {"id": done["id"]}, token=account.token)
    assert deleted.data == {"deleteFile": done["id"]}
    assert await any_files.storage.size(key) is None
    assert (await any_files.api(FILE, {"id": done["id"]}, token=account.token)).data == {
        "file": None
    }
    assert (await any_files.http.get(done["downloadUrl"])).status_code in (403, 404)
    again = await any_files.api(DELETE, {"id": done["id"]}, token=account.token)
    assert again.codes == ["NOT_FOUND"]


async def test_an_unfinished_upload_can_be_deleted(files, account):
    started = (await files.start(account, size=1000)).data["createUpload"]
    deleted = await files.api(DELETE, {"id": started["id"]}, token=account.token)
    assert deleted.data == {"deleteFile": started["id"]}
    assert (await files.complete(account, started["id"])).codes == ["NOT_FOUND"]
