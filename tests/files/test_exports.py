"""Exports (startExport, exportJob): the job reads every subgraph's store and leaves a file a
signed link downloads; CSV zipped, XLSX with typed cells, the full JSON; owner-scoped."""

import asyncio
import csv
import io
import uuid
import zipfile
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import orjson
import pytest
from openpyxl import load_workbook

from subgraphs.files.settings import FilesSettings
from subgraphs.kit import TokenVerifier, runtime_of
from subgraphs.users.keys import SigningKeys
from tests.clients import GraphQL, asgi_client
from tests.factories import Account, create_application, create_contact, operation, sign_up
from tests.files.conftest import Files, files_settings

START = operation("StartExport")
JOB = operation("ExportJob")
CHANGE_STATUS = operation("ChangeApplicationStatus")


@pytest.fixture(scope="session")
async def exporting(
    settings, users_app, applications_app, interviews_app, contacts_app, store_leg, s3_endpoint
) -> AsyncIterator[Files]:
    """A files subgraph on the same stores as the other subgraphs' apps (its job reads theirs),
    its storage the leg's (local disk on SQLite, S3 on PostgreSQL)."""
    from subgraphs.files.app import create_app

    async def users_jwks() -> dict[str, Any]:
        return runtime_of(users_app).get(SigningKeys).jwks()

    backend = "local" if store_leg == "sqlite" else "s3"
    made = files_settings(settings, backend, s3_endpoint, EXPORTS_POLL_SECONDS=600)
    verifier = TokenVerifier(users_jwks, issuer=made.JWT_ISSUER, audience=made.JWT_AUDIENCE)
    app = create_app(made, verifier=verifier)
    async with app.router.lifespan_context(app), asgi_client(app) as client:
        api = GraphQL(client, "/graphql")
        if backend == "local":
            yield Files(api, app, client, backend)
        else:
            import httpx

            async with httpx.AsyncClient(timeout=10) as http:
                yield Files(api, app, http, backend)


@pytest.fixture
async def owner(users, applications, contacts) -> Account:
    account = await sign_up(users)
    made = await create_application(
        applications,
        account,
        company="=Analytical Engines",
        position="Programmer",
        salaryMin=50000,
        salaryMax=70000,
        salaryCurrency="GBP",
    )
    await applications(CHANGE_STATUS, {"id": made["id"], "status": "APPLIED"}, token=account.token)
    await create_application(applications, account, company="Difference Ltd", position="Clerk")
    await create_contact(contacts, account, emails=["ada@example.com"])
    return account


async def export(files: Files, account: Account, format: str) -> bytes:
    started = await files.api(START, {"format": format}, token=account.token)
    job = started.data["startExport"]
    assert (job["status"], job["progress"], job["downloadUrl"]) == ("PENDING", 0, None)
    done = await finished(files, account, job["id"])
    assert (done["status"], done["progress"], done["error"]) == ("DONE", 1, None), done
    assert datetime.fromisoformat(done["expiresAt"]) > datetime.fromisoformat(
        "2026-01-01T00:00:00+00:00"
    )
    response = await files.http.get(done["downloadUrl"])
    assert response.status_code == 200, response.text
    return response.content


async def finished(files: Files, account: Account, job_id: str) -> dict[str, Any]:
    """Poll as a client does until the job (run by the files app's export loop) ends."""
    for _ in range(300):
        job = (await files.api(JOB, {"id": job_id}, token=account.token)).data["exportJob"]
        assert 0 <= job["progress"] <= 1
        if job["status"] not in ("PENDING", "RUNNING"):
            return dict(job)
        await asyncio.sleep(0.1)
    raise AssertionError(f"export {job_id} still {job['status']} after 30 s")


def csv_rows(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.TextIOWrapper(archive.open(name), encoding="utf-8")))


async def test_csv_zip_has_a_file_per_kind(exporting, owner):
    content = await export(exporting, owner, "CSV_ZIP")
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = set(archive.namelist())
    assert names == {"applications.csv", "status_history.csv", "interviews.csv", "contacts.csv"}
    applications = csv_rows(archive, "applications.csv")
    assert sorted(row["company"] for row in applications) == [
        "'=Analytical Engines",  # defused: a spreadsheet shows it, never runs it
        "Difference Ltd",
    ]
    engines = next(row for row in applications if row["company"].endswith("Engines"))
    assert (engines["salary_min"], engines["salary_currency"], engines["status"]) == (
        "50000",
        "GBP",
        "APPLIED",
    )
    assert "owner_id" not in engines
    assert datetime.fromisoformat(engines["created_at"]).tzinfo is not None
    history = csv_rows(archive, "status_history.csv")
    steps = sorted((row["from_status"], row["to_status"]) for row in history)
    assert steps == [("", "SAVED"), ("", "SAVED"), ("SAVED", "APPLIED")]
    contacts = csv_rows(archive, "contacts.csv")
    assert [orjson.loads(row["emails"]) for row in contacts] == [["ada@example.com"]]


async def test_xlsx_has_typed_cells(exporting, owner):
    content = await export(exporting, owner, "XLSX")
    book = load_workbook(io.BytesIO(content), read_only=True)
    assert set(book.sheetnames) == {"applications", "status_history", "interviews", "contacts"}
    rows = list(book["applications"].iter_rows(values_only=True))
    header = [str(name) for name in rows[0]]
    values = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert "owner_id" not in header
    engines = next(row for row in values if str(row["company"]).endswith("Engines"))
    assert engines["company"] == "'=Analytical Engines"  # text, not a formula
    assert (engines["salary_min"], engines["salary_max"]) == (50000, 70000)
    assert isinstance(engines["created_at"], datetime)


async def test_json_is_the_full_export(
    exporting, owner, analytics_app, search_app, notifications_app, postings_app
):
    """Every subgraph's store is read (each app fixture migrates its own)."""
    content = await export(exporting, owner, "JSON")
    data = orjson.loads(content)
    assert (data["format"], data["user_id"]) == ("job-tracker-export", owner.id)
    assert [row["email"] for row in data["subgraphs"]["users"]["users"]] == [owner.email]
    assert len(data["subgraphs"]["applications"]["applications"]) == 2
    assert "export_jobs" in data["subgraphs"]["files"]


async def test_another_users_job_is_not_found(exporting, owner, users):
    started = await exporting.api(START, {"format": "JSON"}, token=owner.token)
    job_id = started.data["startExport"]["id"]
    stranger = await sign_up(users)
    seen = await exporting.api(JOB, {"id": job_id}, token=stranger.token)
    assert seen.data["exportJob"] is None
    assert (await exporting.api(JOB, {"id": str(uuid.uuid4())}, token=owner.token)).data == {
        "exportJob": None
    }
    anonymous = await exporting.api(START, {"format": "JSON"})
    assert anonymous.codes == ["UNAUTHENTICATED"]


async def test_a_format_not_offered_is_refused(exporting, owner):
    refused = await exporting.api(START, {"format": "PDF"}, token=owner.token)
    assert "does not exist in 'ExportFormat'" in refused.error["message"]


IMPORT = operation("ImportApplications")
KEPT = ["company", "position", "location", "salary_min", "salary_max", "salary_currency",
        "job_description", "job_url", "notes", "status", "applied_at", "created_at"]  # fmt: skip


async def test_an_exported_csv_imported_into_a_fresh_account_reproduces_the_applications(
    exporting, owner, users, applications
):
    exported = zipfile.ZipFile(io.BytesIO(await export(exporting, owner, "CSV_ZIP")))
    text = exported.read("applications.csv").decode()
    fresh = await sign_up(users)
    imported = await applications(IMPORT, {"csv": text}, token=fresh.token)
    assert imported.data["importApplications"]["created"] == 2

    again = zipfile.ZipFile(io.BytesIO(await export(exporting, fresh, "CSV_ZIP")))

    def kept(archive: zipfile.ZipFile) -> list[dict[str, str]]:
        rows = csv_rows(archive, "applications.csv")
        return sorted(({name: row[name] for name in KEPT} for row in rows), key=str)

    assert kept(again) == kept(exported)
    assert len(kept(again)) == 2


async def test_a_job_abandoned_while_running_is_made_again(exporting, owner):
    from datetime import timedelta

    from subgraphs.files.exports import run_pending
    from subgraphs.files.models import ExportFormat, ExportJob, ExportStatus
    from subgraphs.kit import utcnow

    runtime = runtime_of(exporting.app)
    stale = FilesSettings.of(runtime.settings).EXPORTS_STALE_SECONDS
    long_ago = utcnow() - timedelta(seconds=stale + 60)
    job = ExportJob(format=ExportFormat.CSV_ZIP, status=ExportStatus.RUNNING, started_at=long_ago)
    async with runtime.db.session(owner=uuid.UUID(owner.id)) as session:
        session.add(job)
    await run_pending(runtime)
    done = await finished(exporting, owner, str(job.id))
    assert done["status"] == "DONE"
