"""What the files subgraph publishes and consumes, and its sweeper: deleted applications take
their documents with them, erased accounts their objects, unfinished uploads expire."""

import uuid
from datetime import timedelta

from sqlalchemy import select

from subgraphs.files.sweeper import sweep
from subgraphs.kit import Event, runtime_of, utcnow
from tests.factories import create_application
from tests.files.conftest import pdf, relay_application_events

APPLICATION_DOCUMENTS = """query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Application { id documents { id } } } }"""


async def published(files, aggregate_id: str) -> list[Event]:
    db = runtime_of(files.app).db
    outbox = db.event_tables.outbox
    async with db.admin() as session:
        connection = await session.connection()
        statement = (
            select(outbox).where(outbox.c.aggregate_id == aggregate_id).order_by(outbox.c.position)
        )
        rows = (await connection.execute(statement)).all()
    return [Event.decode(row.body) for row in rows]


async def stored_rows(files, owner: str) -> dict[str, int]:
    """Rows naming the owner in the files store, by table."""
    from subgraphs.kit.migrations import metadata_of

    db, found = runtime_of(files.app).db, {}
    async with db.admin() as session:
        connection = await session.connection()
        for table in metadata_of("files").sorted_tables:
            if "owner_id" in table.c and table.name != "erased_owners":
                match = table.c.owner_id == uuid.UUID(owner)
                count = len((await connection.execute(select(table).where(match))).all())
                if count:
                    found[table.name] = count
    return found


async def test_completing_publishes_file_uploaded_and_deleting_file_deleted(any_files, account):
    done = await any_files.upload(account, fileName="cv.pdf")
    delete = "mutation($id: ID!) { deleteFile(id: $id) }"
    await any_files.api(delete, {"id": done["id"]}, token=account.token)
    uploaded, deleted = await published(any_files, done["id"])
    assert uploaded.type == "file.uploaded" and str(uploaded.owner_id) == account.id
    state = uploaded.payload["file"]
    assert (state["id"], state["file_name"], state["checksum"]) == (
        done["id"],
        "cv.pdf",
        done["checksum"],
    )
    assert state["kind"] == "RESUME" and state["size"] == done["size"]
    assert "object_key" not in state
    assert deleted.type == "file.deleted"
    assert deleted.payload == {
        "file_id": done["id"],
        "kind": "RESUME",
        "application_id": None,
        "reason": "deleted",
    }


async def test_a_deleted_application_takes_its_documents_and_objects(
    any_files, account, applications, applications_app, application_for
):
    application = await application_for(any_files, account)
    tailored = await any_files.upload(account, applicationId=application)
    pending = (await any_files.start(account, size=1000, applicationId=application)).data[
        "createUpload"
    ]
    kept = await any_files.upload(account, fileName="general.pdf")
    delete = "mutation($id: ID!) { deleteApplication(id: $id) }"
    await applications(delete, {"id": application}, token=account.token)
    await relay_application_events(applications_app, any_files, application)

    reps = {"r": [{"__typename": "Application", "id": application}]}
    found = await any_files.api(APPLICATION_DOCUMENTS, reps, token=account.token)
    assert found.data == {"_entities": [None]}
    assert (await any_files.complete(account, pending["id"])).codes == ["NOT_FOUND"]
    _, gone = await published(any_files, tailored["id"])
    assert gone.payload["reason"] == "application_deleted"
    assert gone.payload["application_id"] == application

    await sweep(runtime_of(any_files.app))
    assert await any_files.storage.size(f"{account.id}/{tailored['id']}") is None
    assert await any_files.storage.size(f"{account.id}/{kept['id']}") is not None
    again = await any_files.start(account, size=1000, applicationId=application)
    assert again.codes == ["NOT_FOUND"]


async def test_a_late_event_does_not_bring_a_deleted_application_back(
    files, account, applications, applications_app
):
    created = await create_application(applications, account)
    change = "mutation($id: ID!) { changeApplicationStatus(id: $id, status: APPLIED) { id } }"
    await applications(change, {"id": created["id"]}, token=account.token)
    await applications(
        "mutation($id: ID!) { deleteApplication(id: $id) }",
        {"id": created["id"]},
        token=account.token,
    )
    db = runtime_of(applications_app).db
    outbox = db.event_tables.outbox
    async with db.admin() as session:
        connection = await session.connection()
        statement = select(outbox).where(outbox.c.aggregate_id == created["id"])
        rows = (await connection.execute(statement.order_by(outbox.c.position))).all()
    events = [Event.decode(r.body).model_copy(update={"sequence": r.position}) for r in rows]
    assert [e.type for e in events] == [
        "application.created",
        "application.status_changed",
        "application.deleted",
    ]
    for event in (events[2], events[0], events[1], events[2]):  # reordered and repeated
        await files.deliver(event)
    result = await files.start(account, size=1000, applicationId=created["id"])
    assert result.codes == ["NOT_FOUND"]


async def test_an_erased_account_loses_every_row_and_object(any_files, account, application_for):
    application = await application_for(any_files, account)
    done = [
        await any_files.upload(account, fileName="cv.pdf"),
        await any_files.upload(account, applicationId=application),
    ]
    await any_files.start(account, size=1000)
    await any_files.api("mutation { setResumePublic(public: true) { id } }", token=account.token)
    assert {"files", "known_applications", "public_resumes"} <= set(
        await stored_rows(any_files, account.id)
    )
    erased = Event(
        type="user.deleted",
        owner_id=uuid.UUID(account.id),
        aggregate_id=account.id,
        payload={"user_id": account.id},
        sequence=1,
    )
    await any_files.deliver(erased)
    await any_files.deliver(erased)  # a duplicate changes nothing
    assert await stored_rows(any_files, account.id) == {}
    await sweep(runtime_of(any_files.app))
    for file in done:
        assert await any_files.storage.size(f"{account.id}/{file['id']}") is None


async def test_unfinished_uploads_expire_with_their_objects(any_files, account):
    started = (await any_files.start(account, size=1500)).data["createUpload"]
    await any_files.post(started, pdf(1500))
    key = next(field["value"] for field in started["fields"] if field["name"] == "key")
    runtime = runtime_of(any_files.app)
    await sweep(runtime)  # not yet: within the hour
    assert await any_files.storage.size(key) == 1500
    expired, _ = await sweep(runtime, now=utcnow() + timedelta(seconds=3601))
    assert expired >= 1
    assert await any_files.storage.size(key) is None
    assert (await any_files.complete(account, started["id"])).codes == ["NOT_FOUND"]


async def test_a_resume_is_read_in_a_worker_with_a_time_budget(
    settings, users_app, s3_endpoint, account, monkeypatch
):
    """A resume's text is extracted off the event loop (kit's Offload); one whose reading the
    worker gives up on (INPUT_TOO_COMPLEX, past PARSE_TIME_LIMIT_SECONDS: the budget itself is
    tested with a pathological paste, tests/postings) has no text, and its upload succeeds."""
    from subgraphs.kit import AppError, ErrorCode, Offload
    from tests.files.conftest import running_files
    from tests.postings.documents import pdf_bytes

    resume = pdf_bytes("Ada Lovelace", "Skills: Python, PostgreSQL, GraphQL")
    async with running_files(settings, users_app, "local", s3_endpoint) as files:
        read = await files.upload(account, resume, fileName="cv.pdf")
        [uploaded] = await published(files, read["id"])
        assert "PostgreSQL" in uploaded.payload["file"]["text"]

        async def gave_up(*args, **kwargs):
            raise AppError(ErrorCode.INPUT_TOO_COMPLEX, "The resume could not be read in time")

        monkeypatch.setattr(runtime_of(files.app).get(Offload), "run", gave_up)
        done = await files.upload(account, resume, fileName="cv.pdf")
        assert done["checksum"]  # completed
        [uploaded] = await published(files, done["id"])
        assert uploaded.payload["file"]["text"] is None
