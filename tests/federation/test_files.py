"""Files through the real router and the embedded host: the two-step upload a client makes
(the form POSTed to the files subgraph's own route on local disk, or to S3 on the PostgreSQL
leg), documents beside their application, a resume made public, and deletions."""

import asyncio
from typing import Any

import pytest

from subgraphs.files.settings import FilesSettings
from subgraphs.files.storage import make_storage
from tests.factories import (
    create_application,
    operation,
    pdf_bytes,
    sign_up,
    upload_file,
)

pytestmark = pytest.mark.federation

MY_FILES = operation("MyFiles")
APPLICATION_DOCUMENTS = operation("ApplicationDocuments")
PUBLIC_RESUME = operation("PublicResume")
SET_RESUME_PUBLIC = operation("SetResumePublic")
DELETE_FILE = operation("DeleteFile")
DELETE_ACCOUNT = operation("DeleteAccount")


async def eventually(probe, *, seconds: float = 5.0) -> Any:
    """`probe()`'s first truthy answer within `seconds` (events take a few milliseconds)."""
    for _ in range(int(seconds / 0.05)):
        answer = await probe()
        if answer:
            return answer
        await asyncio.sleep(0.05)
    return await probe()


async def known_to_files(router, account, application_id: str) -> None:
    """Wait until the files subgraph has heard of the application (its created event)."""

    async def documents() -> Any:
        found = await router(APPLICATION_DOCUMENTS, {"id": application_id}, token=account.token)
        return found.data["application"]["documents"] is not None

    assert await eventually(documents), "the files subgraph never heard of the application"


async def test_a_resume_goes_up_in_two_steps_through_the_router(router):
    account = await sign_up(router, full_name="Ada Lovelace")
    content = pdf_bytes(40_000, text="Ada's resume")
    done = await upload_file(router, account, content, fileName="Ada Lovelace CV.pdf")
    assert done["size"] == 40_000 and len(done["checksum"]) == 64

    mine = (await router(MY_FILES, {}, token=account.token)).data["me"]
    assert mine["resume"]["id"] == done["id"] and mine["resumePublic"] is False
    assert mine["documents"]["totalCount"] == 1
    got = await router.client.get(mine["resume"]["downloadUrl"])
    assert got.status_code == 200 and got.content == content
    assert "Ada%20Lovelace%20CV.pdf" in got.headers["content-disposition"]


async def test_documents_live_beside_their_application(router):
    account = await sign_up(router)
    application = await create_application(router, account, company="Initech", position="SRE")
    await known_to_files(router, account, application["id"])
    letter = await upload_file(
        router,
        account,
        kind="COVER_LETTER",
        fileName="letter.pdf",
        applicationId=application["id"],
    )
    found = await router(APPLICATION_DOCUMENTS, {"id": application["id"]}, token=account.token)
    shown = found.data["application"]
    assert (shown["company"], shown["position"]) == ("Initech", "SRE")
    [document] = shown["documents"]
    assert document["id"] == letter["id"] and document["application"] == {"company": "Initech"}
    mine = (await router(MY_FILES, {"kind": "COVER_LETTER"}, token=account.token)).data["me"]
    edge = mine["documents"]["edges"][0]["node"]
    assert edge["application"] == {"company": "Initech"} and mine["resume"] is None

    delete = "mutation($id: ID!) { deleteApplication(id: $id) }"
    await router(delete, {"id": application["id"]}, token=account.token)

    async def gone() -> bool:
        listed = (await router(MY_FILES, {}, token=account.token)).data["me"]
        return listed["documents"]["totalCount"] == 0

    assert await eventually(gone)


async def test_an_upload_for_someone_elses_application_is_refused(router):
    owner, intruder = await sign_up(router), await sign_up(router)
    application = await create_application(router, owner)
    await known_to_files(router, owner, application["id"])
    values = {
        "kind": "COVER_LETTER",
        "fileName": "x.pdf",
        "contentType": "application/pdf",
        "size": 100,
        "applicationId": application["id"],
    }
    refused = await router(operation("CreateUpload"), {"input": values}, token=intruder.token)
    assert refused.codes == ["NOT_FOUND"]


async def test_a_resume_is_shown_to_others_only_once_made_public(router):
    owner, visitor = await sign_up(router, full_name="Grace Hopper"), await sign_up(router)
    await upload_file(router, owner, fileName="grace.pdf")
    seen = (await router(PUBLIC_RESUME, {"id": owner.id}, token=visitor.token)).data["user"]
    assert seen["fullName"] == "Grace Hopper" and seen["resume"] is None

    made = await router(SET_RESUME_PUBLIC, {"public": True}, token=owner.token)
    assert made.data["setResumePublic"] == {
        "fullName": "Grace Hopper",
        "resumePublic": True,
        "resume": {"fileName": "grace.pdf"},
    }
    seen = (await router(PUBLIC_RESUME, {"id": owner.id}, token=visitor.token)).data["user"]
    assert seen["resume"]["fileName"] == "grace.pdf"
    got = await router.client.get(seen["resume"]["downloadUrl"])
    assert got.status_code == 200 and got.content.startswith(b"%PDF-")


async def test_a_refused_upload_keeps_nothing(router):
    account = await sign_up(router)
    fake = b"MZ\x90\x00" + b"\x00" * 2000  # an executable, named and typed as a PDF
    values = {"kind": "RESUME", "fileName": "cv.pdf", "contentType": "application/pdf"}
    started = await router(
        operation("CreateUpload"), {"input": {**values, "size": len(fake)}}, token=account.token
    )
    upload = started.data["createUpload"]
    form = {field["name"]: field["value"] for field in upload["fields"]}
    await router.client.post(upload["url"], data=form, files={"file": ("cv.pdf", fake)})
    refused = await router(operation("CompleteUpload"), {"id": upload["id"]}, token=account.token)
    assert refused.codes == ["BAD_USER_INPUT"]
    mine = (await router(MY_FILES, {}, token=account.token)).data["me"]
    assert mine["documents"]["totalCount"] == 0 and mine["resume"] is None


async def test_deleting_a_file_or_the_account_removes_the_objects(router, system):
    account = await sign_up(router)
    kept = await upload_file(router, account, fileName="kept.pdf")
    dropped = await upload_file(router, account, fileName="dropped.pdf")
    storage = make_storage(FilesSettings(_env_file=None, **system.env))  # the host's storage
    try:
        key = f"{account.id}/{{}}".format
        assert await storage.size(key(kept["id"])) == await storage.size(key(dropped["id"]))
        deleted = await router(DELETE_FILE, {"id": dropped["id"]}, token=account.token)
        assert deleted.data == {"deleteFile": dropped["id"]}
        assert await storage.size(key(dropped["id"])) is None

        erased = await router(
            DELETE_ACCOUNT, {"password": "correct horse battery"}, token=account.token
        )
        assert erased.data == {"deleteAccount": True}

        async def objects_gone() -> bool:
            return await storage.size(key(kept["id"])) is None

        assert await eventually(objects_gone), "the erased account's objects are still there"
    finally:
        await storage.dispose()
