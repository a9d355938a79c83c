"""Exporting through the real router and the embedded host: startExport, polled to DONE (the
host's export loop made it), downloaded from its signed link; both formats a user asks for."""

import asyncio
import csv
import io
import zipfile
from typing import Any

import orjson
import pytest

from tests.factories import create_application, create_contact, operation, sign_up

pytestmark = pytest.mark.federation

START = operation("StartExport")
JOB = operation("ExportJob")


async def poll(router, account, job_id: str) -> dict[str, Any]:
    for _ in range(300):
        job = (await router(JOB, {"id": job_id}, token=account.token)).data["exportJob"]
        if job["status"] not in ("PENDING", "RUNNING"):
            return dict(job)
        await asyncio.sleep(0.1)
    raise AssertionError(f"export {job_id} did not end in 30 s")


async def test_an_export_is_polled_to_done_and_downloaded(router):
    account = await sign_up(router, full_name="Ada Lovelace")
    await create_application(router, account, company="Analytical Engines", position="Programmer")
    await create_contact(router, account, name="Charles Babbage", emails=["cb@example.com"])

    started = (await router(START, {"format": "CSV_ZIP"}, token=account.token)).data
    job = await poll(router, account, started["startExport"]["id"])
    assert (job["status"], job["progress"], job["error"]) == ("DONE", 1, None)
    got = await router.client.get(job["downloadUrl"])
    assert got.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(got.content))
    with archive.open("applications.csv") as member:
        rows = list(csv.DictReader(io.TextIOWrapper(member, encoding="utf-8")))
    assert [(row["company"], row["position"]) for row in rows] == [
        ("Analytical Engines", "Programmer")
    ]

    started = (await router(START, {"format": "JSON"}, token=account.token)).data
    job = await poll(router, account, started["startExport"]["id"])
    data = orjson.loads((await router.client.get(job["downloadUrl"])).content)
    assert data["user_id"] == account.id
    assert [c["name"] for c in data["subgraphs"]["contacts"]["contacts"]] == ["Charles Babbage"]

    stranger = await sign_up(router)
    assert (await router(JOB, {"id": job["id"]}, token=stranger.token)).data == {"exportJob": None}


IMPORT = operation("ImportApplications")
PREVIEW = operation("PreviewImport")
COUNT = "{ applications(first: 1) { totalCount } }"


async def test_an_exported_csv_imports_through_the_router_once(router):
    source = await sign_up(router)
    for n in range(3):
        await create_application(router, source, company=f"Company {n}", position="Engineer")
    started = (await router(START, {"format": "CSV_ZIP"}, token=source.token)).data
    job = await poll(router, source, started["startExport"]["id"])
    archive = zipfile.ZipFile(io.BytesIO((await router.client.get(job["downloadUrl"])).content))
    text = archive.read("applications.csv").decode()

    fresh = await sign_up(router)
    preview = (await router(PREVIEW, {"csv": text}, token=fresh.token)).data["previewImport"]
    assert (preview["toCreate"], preview["errors"]) == (3, 0)
    done = (await router(IMPORT, {"csv": text}, token=fresh.token)).data["importApplications"]
    assert done["created"] == 3
    again = (await router(IMPORT, {"csv": text}, token=fresh.token)).data["importApplications"]
    assert (again["created"], again["duplicates"]) == (0, 3)
    counted = (await router(COUNT, token=fresh.token)).data["applications"]["totalCount"]
    assert counted == 3
