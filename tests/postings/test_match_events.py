"""Application.match: marked due by the postings consumer from application and file events,
computed by the matcher, served from its store, to the owner only."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from subgraphs.files.content import DOCX, PDF
from subgraphs.files.text import extract_text
from subgraphs.kit import Event, runtime_of
from subgraphs.kit.events.consumer import consume
from subgraphs.postings import store
from subgraphs.postings.events import handlers
from subgraphs.postings.matcher import match_due
from tests.factories import sign_up
from tests.postings.documents import docx_bytes, pdf_bytes
from tests.postings.pairs import PLATFORM

MATCH = """query($r: [_Any!]!) { _entities(representations: $r) { ... on Application {
  match { score keywordScore semanticScore matchedSkills missingSkills resumeFileId
          highlights { skill resume posting } } } } }"""
SEQUENCE = iter(range(10**9, 2 * 10**9))


def event(type_: str, owner: str, aggregate: str, /, **payload: Any) -> Event:
    return Event(type=type_, owner_id=uuid.UUID(owner), aggregate_id=aggregate,
                 sequence=next(SEQUENCE), payload=payload)  # fmt: skip


@pytest.fixture
def runtime(postings_app):
    return runtime_of(postings_app)


@pytest.fixture
def db(runtime):
    return runtime.db


async def describe(db, owner: str, application: str, description: str, position: str) -> None:
    state = {"id": application, "position": position, "job_description": description}
    assert await consume(db, handlers, event("application.description_changed", owner,
                                             application, application=state))  # fmt: skip


async def upload_resume(db, owner: str, text: str, *, minutes_ago: float = 0, **file: Any) -> str:
    file_id = str(uuid.uuid4())
    at = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    values = {"id": file_id, "kind": "RESUME", "application_id": None,
              "uploaded_at": at.isoformat(), "text": text, **file}  # fmt: skip
    assert await consume(db, handlers, event("file.uploaded", owner, file_id, file=values))
    return file_id


async def match_of(postings, runtime, account, application: str) -> Any:
    """The match as served, once the matcher has computed every due one."""
    while await match_due(runtime):
        pass
    representation = {"__typename": "Application", "id": application}
    result = await postings(MATCH, {"r": [representation]}, token=account.token)
    entity = result.data["_entities"][0]
    return entity and entity["match"]


async def test_the_match_follows_the_resume_and_the_description(
    postings, users, account, db, runtime
):
    application = str(uuid.uuid4())
    await describe(db, account.id, application, PLATFORM.description, PLATFORM.position)
    assert await match_of(postings, runtime, account, application) is None  # no resume yet

    good = await upload_resume(db, account.id, PLATFORM.good)
    found = await match_of(postings, runtime, account, application)
    assert found["keywordScore"] == 100 and found["resumeFileId"] == good
    assert "Kubernetes" in found["matchedSkills"] and found["missingSkills"] == []
    # Both signals: the score is 0.7 x keyword + 0.3 x semantic.
    assert found["semanticScore"] > 50
    assert found["score"] == round(0.7 * 100 + 0.3 * found["semanticScore"])
    kubernetes = next(h for h in found["highlights"] if h["skill"] == "Kubernetes")
    assert "k8s" in kubernetes["resume"][0] and "Kubernetes" in kubernetes["posting"][0]

    poor = await upload_resume(db, account.id, PLATFORM.poor)  # newer: the current resume
    assert (await match_of(postings, runtime, account, application))["score"] == 0
    gone = {"file_id": poor, "kind": "RESUME", "application_id": None, "reason": "deleted"}
    assert await consume(db, handlers, event("file.deleted", account.id, poor, **gone))
    assert (await match_of(postings, runtime, account, application))["resumeFileId"] == good

    await describe(
        db, account.id, application, "Sales: quota, Salesforce CRM.", "Account Executive"
    )
    sales = await match_of(postings, runtime, account, application)
    assert sales["keywordScore"] == 0 and sales["score"] <= 10, sales
    await describe(db, account.id, application, "", "Account Executive")
    assert await match_of(postings, runtime, account, application) is None  # no description


async def test_older_resumes_and_others_resumes_do_not_count(postings, users, account, db, runtime):
    application = str(uuid.uuid4())
    await upload_resume(db, account.id, PLATFORM.good)
    await upload_resume(db, account.id, PLATFORM.poor, minutes_ago=60)  # older: not current
    await upload_resume(db, account.id, PLATFORM.poor, application_id=application)  # attached
    await describe(db, account.id, application, PLATFORM.description, PLATFORM.position)
    assert (await match_of(postings, runtime, account, application))["keywordScore"] == 100

    stranger = await sign_up(users)
    assert (
        await match_of(postings, runtime, stranger, application) is None
    )  # not theirs: null entity


async def test_a_deleted_application_has_no_match_and_stays_deleted(postings, account, db, runtime):
    application = str(uuid.uuid4())
    await upload_resume(db, account.id, PLATFORM.good)
    await describe(db, account.id, application, PLATFORM.description, PLATFORM.position)
    deleted = event("application.deleted", account.id, application, application_id=application)
    assert await consume(db, handlers, deleted)
    assert await match_of(postings, runtime, account, application) is None
    late = {"id": application, "position": "x", "job_description": PLATFORM.description}
    stale = Event(type="application.description_changed", owner_id=uuid.UUID(account.id),
                  aggregate_id=application, sequence=1, payload={"application": late})  # fmt: skip
    assert await consume(db, handlers, stale)
    assert await match_of(postings, runtime, account, application) is None


def test_resume_text_from_pdf_and_docx() -> None:
    pdf = pdf_bytes("Jane Doe (SRE)", "k8s, Terraform, golang")
    assert extract_text(pdf, PDF.content_type) == "Jane Doe (SRE)\nk8s, Terraform, golang"
    docx = docx_bytes("Jane Doe", "Python and Postgres")
    assert extract_text(docx, DOCX.content_type) == "Jane Doe\nPython and Postgres"
    assert extract_text(b"%PDF-1.7 damaged", PDF.content_type) == ""


async def test_an_application_without_description_resolves_with_no_match(postings, account, db):
    application = str(uuid.uuid4())
    created = event("application.created", account.id, application,
                    application={"id": application, "company": "Acme", "position": "SRE"})  # fmt: skip
    assert await consume(db, handlers, created)
    await upload_resume(db, account.id, PLATFORM.good)
    representation = {"__typename": "Application", "id": application}
    result = await postings(MATCH, {"r": [representation]}, token=account.token)
    assert result.data["_entities"] == [{"match": None}]


async def test_a_match_asked_again_while_computed_stays_due(postings, users, account, db, runtime):
    """The matcher writes a result only for applications still marked at the moment it read:
    one marked again meanwhile (a newer resume, say) is computed in the next round."""
    application = str(uuid.uuid4())
    await upload_resume(db, account.id, PLATFORM.good)
    await describe(db, account.id, application, PLATFORM.description, PLATFORM.position)
    owner = uuid.UUID(account.id)
    async with db.admin() as session:
        due = await store.due_matches(session, 1000)
    [asked_at] = [at for _, row, at in due if str(row) == application]
    async with db.session(owner=owner) as session:
        assert await store.ask_match(session) == 1  # asked again, later
    async with db.session(owner=owner) as session:
        stale = {uuid.UUID(application): asked_at}
        assert await store.keep_matches(session, stale, None, {}) == 0
    assert (await match_of(postings, runtime, account, application))["keywordScore"] == 100


async def test_asking_marks_the_owners_applications_only(postings, users, account, db, runtime):
    mine, theirs = str(uuid.uuid4()), str(uuid.uuid4())
    stranger = await sign_up(users)
    await describe(db, account.id, mine, PLATFORM.description, PLATFORM.position)
    await describe(db, stranger.id, theirs, PLATFORM.description, PLATFORM.position)
    while await match_due(runtime):
        pass
    async with db.session(owner=uuid.UUID(account.id)) as session:
        assert await store.ask_match(session) == 1
    async with db.admin() as session:
        due = await store.due_matches(session, 10)
    assert [(str(owner), str(application)) for owner, application, _ in due] == [(account.id, mine)]
