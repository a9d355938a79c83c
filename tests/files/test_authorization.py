"""Every read and write is scoped to the token's user, `_entities` included; a resume is seen by
others only once its owner makes it public."""

import pytest

from tests.factories import sign_up

FILE_ENTITIES = """query($r: [_Any!]!) { _entities(representations: $r) {
  ... on File { id fileName downloadUrl } } }"""
USER_FILES = """query($r: [_Any!]!) { _entities(representations: $r) {
  ... on User { resume { id fileName checksum downloadUrl } resumePublic documents { totalCount } } } }"""
APPLICATION_DOCUMENTS = """query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Application { id documents { id } } } }"""
SET_PUBLIC = (
    "mutation($p: Boolean!) { setResumePublic(public: $p) { id resumePublic resume { id } } }"
)


@pytest.fixture
async def intruder(users):
    return await sign_up(users, full_name="Intruder")


def user(account):
    return {"r": [{"__typename": "User", "id": account.id}]}


async def test_someone_elses_file_resolves_to_null(files, account, intruder):
    done = await files.upload(account)
    reps = {"r": [{"__typename": "File", "id": done["id"]}]}
    assert (await files.api(FILE_ENTITIES, reps, token=intruder.token)).data == {
        "_entities": [None]
    }
    get = "query($id: ID!) { file(id: $id) { id } }"
    assert (await files.api(get, {"id": done["id"]}, token=intruder.token)).data == {"file": None}
    own = await files.api(FILE_ENTITIES, reps, token=account.token)
    assert own.data["_entities"][0]["id"] == done["id"]


@pytest.mark.parametrize(
    "mutation",
    [
        "mutation($id: ID!) { completeUpload(id: $id) { id } }",
        "mutation($id: ID!) { deleteFile(id: $id) }",
    ],
)
async def test_someone_else_cannot_complete_or_delete_it(files, account, intruder, mutation):
    done = await files.upload(account)
    pending = (await files.start(account, size=1000)).data["createUpload"]
    for file_id in (done["id"], pending["id"]):
        assert (await files.api(mutation, {"id": file_id}, token=intruder.token)).codes == [
            "NOT_FOUND"
        ]
    assert await files.storage.size(f"{account.id}/{done['id']}") is not None
    reps = {"r": [{"__typename": "File", "id": done["id"]}]}
    assert (await files.api(FILE_ENTITIES, reps, token=account.token)).data["_entities"][0]


async def test_an_upload_for_someone_elses_application_is_refused(
    files, account, intruder, application_for
):
    theirs = await application_for(files, account)
    for application_id in (theirs, "00000000-0000-0000-0000-000000000000", "nope"):
        result = await files.start(intruder, size=1000, applicationId=application_id)
        assert result.codes == ["NOT_FOUND"], application_id
        assert result.error["message"] == "Application not found"
    mine = await files.start(account, size=1000, applicationId=theirs)
    assert mine.data["createUpload"]["id"]


async def test_an_application_this_subgraph_was_not_told_of_is_refused(
    files, account, applications
):
    from tests.factories import create_application

    untold = await create_application(applications, account)  # no event delivered
    result = await files.start(account, size=1000, applicationId=untold["id"])
    assert result.codes == ["NOT_FOUND"]


async def test_someone_elses_application_documents_resolve_to_null(
    files, account, intruder, application_for
):
    application = await application_for(files, account)
    await files.upload(account, applicationId=application)
    reps = {"r": [{"__typename": "Application", "id": application}]}
    assert (await files.api(APPLICATION_DOCUMENTS, reps, token=intruder.token)).data == {
        "_entities": [None]
    }
    own = (await files.api(APPLICATION_DOCUMENTS, reps, token=account.token)).data
    assert len(own["_entities"][0]["documents"]) == 1


async def test_a_resume_is_private_until_its_owner_makes_it_public(files, account, intruder):
    done = await files.upload(account, fileName="cv.pdf")
    seen = (await files.api(USER_FILES, user(account), token=intruder.token)).data["_entities"][0]
    assert seen == {"resume": None, "resumePublic": None, "documents": None}

    made = await files.api(SET_PUBLIC, {"p": True}, token=account.token)
    assert made.data["setResumePublic"] == {
        "id": account.id,
        "resumePublic": True,
        "resume": {"id": done["id"]},
    }
    seen = (await files.api(USER_FILES, user(account), token=intruder.token)).data["_entities"][0]
    assert seen["resume"]["id"] == done["id"] and seen["resume"]["checksum"] == done["checksum"]
    assert (seen["resumePublic"], seen["documents"]) == (None, None)
    got = await files.http.get(seen["resume"]["downloadUrl"])
    assert got.status_code == 200 and got.content.startswith(b"%PDF-")
    anonymous = (await files.api(USER_FILES, user(account))).data["_entities"][0]
    assert anonymous["resume"]["id"] == done["id"]

    await files.api(SET_PUBLIC, {"p": False}, token=account.token)
    seen = (await files.api(USER_FILES, user(account), token=intruder.token)).data["_entities"][0]
    assert seen["resume"] is None


async def test_a_public_resume_follows_the_current_one(files, account, intruder):
    await files.api(SET_PUBLIC, {"p": True}, token=account.token)
    seen = (await files.api(USER_FILES, user(account), token=intruder.token)).data["_entities"][0]
    assert seen["resume"] is None  # public, but nothing uploaded yet
    first = await files.upload(account, fileName="first.pdf")
    second = await files.upload(account, fileName="second.pdf")
    seen = (await files.api(USER_FILES, user(account), token=intruder.token)).data["_entities"][0]
    assert seen["resume"]["id"] == second["id"]
    await files.api(
        "mutation($id: ID!) { deleteFile(id: $id) }", {"id": second["id"]}, token=account.token
    )
    seen = (await files.api(USER_FILES, user(account), token=intruder.token)).data["_entities"][0]
    assert seen["resume"]["id"] == first["id"]


@pytest.mark.parametrize(
    "operation",
    [
        'mutation { createUpload(input: {kind: RESUME, fileName: "a.pdf", contentType: "application/pdf", size: 10}) { id } }',
        'mutation { completeUpload(id: "00000000-0000-0000-0000-000000000000") { id } }',
        'mutation { deleteFile(id: "00000000-0000-0000-0000-000000000000") }',
        "mutation { setResumePublic(public: true) { id } }",
        'query { file(id: "00000000-0000-0000-0000-000000000000") { id } }',
    ],
)
async def test_no_token_is_an_authentication_error_not_data(files, operation):
    result = await files.api(operation)
    assert result.codes == ["UNAUTHENTICATED"]
    assert not any((result.body["data"] or {}).values())
