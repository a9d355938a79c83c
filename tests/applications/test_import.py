"""Importing applications from CSV: the preview writes nothing and reports row by row; the
import is idempotent, all or nothing unless allowPartial, and held to size and row limits."""

import csv
import uuid
from typing import Any

import pytest

from subgraphs.applications import imports
from subgraphs.applications.imports import Limits, Mapping
from subgraphs.kit import AppError, runtime_of
from tests.factories import Account, operation, sign_up

PREVIEW = operation("PreviewImport")
IMPORT = operation("ImportApplications")
LIST = """{ applications(first: 50) { totalCount edges { node {
  company position status salaryMin appliedAt statusHistory { toStatus } } } } }"""

HEADER = (
    "id,company,position,location,salary_min,salary_max,salary_currency,status,applied_at,notes"
)
GOOD = f"""{HEADER}
{uuid.uuid4()},Analytical Engines,Programmer,London,50000,70000,GBP,APPLIED,2026-03-01T09:00:00+00:00,
,'=Formula Ltd,Clerk,,,,,SAVED,,"a note, with a comma"
"""
BAD = f"""{HEADER}
,Good Corp,Engineer,,,,,SAVED,,
,,Nobody,,,,,SAVED,,
,Bad Salary,Engineer,,lots,,EUR,SAVED,,
,Bad Status,Engineer,,,,,HIRED,,
,Bad Date,Engineer,,,,,APPLIED,yesterday,
,No Currency,Engineer,,100,,,SAVED,,
"""


async def mine(applications, account: Account) -> dict[str, Any]:
    return dict((await applications(LIST, token=account.token)).data["applications"])


async def test_preview_reports_what_would_be_created_and_writes_nothing(applications, users):
    account = await sign_up(users)
    result = (await applications(PREVIEW, {"csv": GOOD}, token=account.token)).data
    report = result["previewImport"]
    assert (report["toCreate"], report["duplicates"], report["errors"], report["created"]) == (
        2, 0, 0, 0,
    )  # fmt: skip
    assert [(r["row"], r["outcome"], r["company"], r["status"]) for r in report["rows"]] == [
        (2, "CREATE", "Analytical Engines", "APPLIED"),
        (3, "CREATE", "=Formula Ltd", "SAVED"),  # the export's defusing `'` taken off
    ]
    assert (await mine(applications, account))["totalCount"] == 0


async def test_import_creates_once_and_the_same_file_again_creates_nothing(applications, users):
    account = await sign_up(users)
    first = (await applications(IMPORT, {"csv": GOOD}, token=account.token)).data
    assert first["importApplications"]["created"] == 2
    listed = await mine(applications, account)
    engines = next(e["node"] for e in listed["edges"] if e["node"]["company"] != "=Formula Ltd")
    assert (engines["status"], engines["salaryMin"]) == ("APPLIED", 50000)
    assert engines["appliedAt"].startswith("2026-03-01T09:00:00")
    assert [step["toStatus"] for step in engines["statusHistory"]] == ["APPLIED"]

    again = (await applications(IMPORT, {"csv": GOOD}, token=account.token)).data
    report = again["importApplications"]
    assert (report["created"], report["duplicates"]) == (0, 2)
    assert (await mine(applications, account))["totalCount"] == 2
    preview = (await applications(PREVIEW, {"csv": GOOD}, token=account.token)).data
    assert [row["outcome"] for row in preview["previewImport"]["rows"]] == ["DUPLICATE"] * 2


async def test_the_same_row_twice_in_a_file_is_created_once(applications, users):
    account = await sign_up(users)
    twice = "company,position\nAcme,Engineer\nAcme,Engineer\n"
    report = (await applications(IMPORT, {"csv": twice}, token=account.token)).data
    assert [row["outcome"] for row in report["importApplications"]["rows"]] == [
        "CREATE",
        "DUPLICATE",
    ]
    assert (await mine(applications, account))["totalCount"] == 1


async def test_bad_rows_are_reported_by_row_and_column(applications, users):
    account = await sign_up(users)
    report = (await applications(PREVIEW, {"csv": BAD}, token=account.token)).data["previewImport"]
    assert (report["toCreate"], report["errors"]) == (1, 5)
    problems = [(p["row"], p["column"], p["code"]) for r in report["rows"] for p in r["problems"]]
    assert problems == [
        (3, "company", "REQUIRED"),
        (4, "salary_min", "NOT_A_NUMBER"),
        (5, "status", "UNKNOWN_STATUS"),
        (6, "applied_at", "NOT_A_MOMENT"),
        (7, None, "INVALID"),  # a salary needs its currency: a rule across columns
    ]


async def test_bad_rows_stop_the_import_unless_allow_partial(applications, users):
    account = await sign_up(users)
    refused = await applications(IMPORT, {"csv": BAD}, token=account.token)
    assert refused.codes == ["IMPORT_HAS_ERRORS"]
    assert "row 3, company" in refused.error["message"]
    assert (await mine(applications, account))["totalCount"] == 0
    partial = await applications(IMPORT, {"csv": BAD, "allowPartial": True}, token=account.token)
    report = partial.data["importApplications"]
    assert (report["created"], report["errors"]) == (1, 5)
    assert [e["node"]["company"] for e in (await mine(applications, account))["edges"]] == [
        "Good Corp"
    ]


async def test_a_file_without_the_required_columns_is_refused(applications, users):
    account = await sign_up(users)
    refused = await applications(PREVIEW, {"csv": "name,title\nx,y\n"}, token=account.token)
    assert refused.codes == ["BAD_USER_INPUT"]
    assert "company, position" in refused.error["message"]


async def test_size_and_row_limits(applications_app, users):
    account = await sign_up(users)
    db = runtime_of(applications_app).db
    owner = uuid.UUID(account.id)
    rows = "company,position\n" + "Acme,Engineer\n" * 11
    for limits, code in [
        (Limits(max_bytes=100, max_rows=100), "IMPORT_TOO_LARGE"),
        (Limits(max_bytes=10_000, max_rows=10), "IMPORT_TOO_MANY_ROWS"),
    ]:
        async with db.reader(owner=owner) as session:
            try:
                await imports.preview(session, rows, Mapping.OWN, limits)
            except AppError as error:
                assert error.code == code
            else:
                raise AssertionError(f"no {code}")


async def test_the_default_limits_answer_with_their_codes(applications, users):
    account = await sign_up(users)
    huge = "company,position\n" + "Acme,Engineer\n" * 10_001
    refused = await applications(PREVIEW, {"csv": huge}, token=account.token)
    assert refused.codes == ["IMPORT_TOO_MANY_ROWS"]


async def test_imports_need_a_token(applications):
    assert (await applications(PREVIEW, {"csv": GOOD})).codes == ["UNAUTHENTICATED"]
    assert (await applications(IMPORT, {"csv": GOOD})).codes == ["UNAUTHENTICATED"]


async def test_each_imported_application_is_announced_with_its_state(
    applications, applications_app, users
):
    from sqlalchemy import select

    from subgraphs.kit import Event

    account = await sign_up(users)
    await applications(IMPORT, {"csv": GOOD}, token=account.token)
    db = runtime_of(applications_app).db
    outbox = db.event_tables.outbox
    async with db.admin() as session:
        connection = await session.connection()
        match = outbox.c.owner_id == uuid.UUID(account.id)
        rows = (await connection.execute(select(outbox).where(match))).all()
    events = [Event.decode(row.body) for row in rows]
    assert {event.type for event in events} == {"application.created"}
    states = sorted((e.payload["application"] for e in events), key=lambda a: a["company"])
    assert [(a["company"], a["status"]) for a in states] == [
        ("=Formula Ltd", "SAVED"),
        ("Analytical Engines", "APPLIED"),
    ]
    assert [step["to_status"] for step in states[1]["history"]] == ["APPLIED"]


async def test_moments_no_time_zone_can_show_are_row_problems(applications, users):
    account = await sign_up(users)
    far = """company,position,applied_at,created_at
Early,Engineer,0001-01-01T00:00:00+01:00,
Late,Engineer,9999-12-31T20:00:00-14:00,
Made early,Engineer,,0001-01-01T00:00:00+01:00
Kept,Engineer,1900-01-01T00:00:00Z,9000-01-01T00:00:00Z
"""
    report = (await applications(PREVIEW, {"csv": far}, token=account.token)).data["previewImport"]
    assert [row["outcome"] for row in report["rows"]] == ["ERROR", "ERROR", "ERROR", "CREATE"]
    problems = [(p["row"], p["column"], p["code"]) for r in report["rows"] for p in r["problems"]]
    assert problems == [
        (2, "applied_at", "INVALID"), (3, "applied_at", "INVALID"), (4, "created_at", "INVALID"),
    ]  # fmt: skip
    assert (
        "between 1900-01-01T00:00:00Z and 9000-01-01T00:00:00Z"
        in (report["rows"][0]["problems"][0]["message"])
    )
    refused = await applications(IMPORT, {"csv": far}, token=account.token)
    assert refused.codes == ["IMPORT_HAS_ERRORS"]
    partial = await applications(IMPORT, {"csv": far, "allowPartial": True}, token=account.token)
    assert partial.data["importApplications"]["created"] == 1
    assert [e["node"]["company"] for e in (await mine(applications, account))["edges"]] == ["Kept"]


async def test_a_cell_longer_than_its_column_holds_is_a_row_problem(applications, users):
    account = await sign_up(users)
    long = "x" * 140_000  # over the csv module's own cap (128 KiB)
    header = "company,position,notes,salary_min,created_at,status,job_description"
    cells = {"notes": long, "salary_min": "9" * 140_000, "created_at": long, "status": long,
             "job_description": long, "company": long}  # fmt: skip
    for column, cell in cells.items():
        values = {"company": "Acme", "position": "Engineer"} | {column: cell}
        row = ",".join(values.get(name, "") for name in header.split(","))
        result = await applications(PREVIEW, {"csv": f"{header}\n{row}\n"}, token=account.token)
        [row_report] = result.data["previewImport"]["rows"]
        assert row_report["outcome"] == "ERROR", column
        [problem] = row_report["problems"]
        assert problem["column"] == column and len(problem["message"]) < 200, problem
    capped = await applications(
        PREVIEW, {"csv": f"company,position,notes\nAcme,Engineer,{long}\n"}, token=account.token
    )
    [problem] = capped.data["previewImport"]["rows"][0]["problems"]
    assert problem["message"] == "140000 characters: the notes column holds at most 10000"
    assert (await mine(applications, account))["totalCount"] == 0


def test_what_the_csv_module_refuses_is_bad_input_naming_the_row(monkeypatch):
    kept = csv.field_size_limit(10)  # a cap the import cannot raise (a no-op below)
    monkeypatch.setattr(csv, "field_size_limit", lambda *limit: 10)
    files = {"company,position\nAcme,x" + "y" * 20: 2,
             "company,position\nAcme,Engineer\nAcme,x" + "y" * 20: 3,
             "company,position" + "z" * 20 + "\nAcme,Engineer": 1}  # fmt: skip
    try:
        for text, row in files.items():
            with pytest.raises(AppError) as refused:
                imports.parse(text, Mapping.OWN, Limits())
            assert (refused.value.code, refused.value.field) == ("BAD_USER_INPUT", "csv")
            assert str(refused.value) == f"Row {row}: field larger than field limit (10)"
    finally:
        monkeypatch.undo()
        csv.field_size_limit(kept)


async def test_a_large_file_is_read_off_the_event_loop(applications, users) -> None:
    """10,000 rows take about a second of CPU to read and check: in a worker process (kit's
    Offload), so the event loop never waits 100 ms meanwhile (it waited the whole second)."""
    from tests.slow_callbacks import loop_lag

    account = await sign_up(users)
    lines = [HEADER] + [
        f",Company {n},Engineer {n},,,,,APPLIED,2026-01-02T10:00:00+01:00,note {n}"
        for n in range(10_000)
    ]
    counts = "query($csv: String!) { previewImport(csv: $csv) { toCreate errors } }"
    await applications(counts, {"csv": "company,position\nA,B"}, token=account.token)  # started
    async with loop_lag() as lags:
        report = (await applications(counts, {"csv": "\n".join(lines)}, token=account.token)).data
    assert report["previewImport"] == {"toCreate": 10_000, "errors": 0}
    assert lags and max(lags) < 0.1, max(lags)
