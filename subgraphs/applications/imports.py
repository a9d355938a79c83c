"""Importing applications from CSV (previewImport, importApplications).

A file is read whole (it is at most IMPORTS_MAX_BYTES, IMPORTS_MAX_ROWS rows), each row mapped
to the fields createApplication takes (`Mapping`), checked with the same rules, and keyed: the
exported `id` when the row has one (`id:<uuid>`), else the SHA-256 of its normalised fields.
A key the owner imported before, or met earlier in the file, is a duplicate: skipped. The rows
to create are written in one unit of work with their keys (bulk INSERTs, `application.created`
for each), so the same file twice creates nothing the second time, and nothing at all is
written when a row is bad unless `allow_partial`.

Row numbers are a spreadsheet's: the header is row 1, the first application row 2. A cell may
be as long as the file (the csv module's own cap, 128 KiB, is raised to IMPORTS_MAX_BYTES): a
value longer than its field holds is that row's problem, naming the column, like any other.
Moments must lie within the range every time zone can show (`kit.moments`, 1900 to 9000).
"""

import csv
import hashlib
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

import orjson
from pydantic import ValidationError
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.applications import store
from subgraphs.applications.models import Application, ApplicationCreate, ApplicationStatus
from subgraphs.applications.settings import ApplicationsSettings
from subgraphs.kit import AppError, ErrorCode, check_moment, utcnow

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHOWN_MAX = 40  # characters of a refused value quoted in its problem's message


class Mapping(StrEnum):
    OWN = "OWN"  # this tracker's export: applications.csv of CSV_ZIP


# The OWN mapping: CSV column → field. Other columns (updated_at, ...) are ignored.
OWN_COLUMNS = {
    "company": "company",
    "position": "position",
    "location": "location",
    "salary_min": "salary_min",
    "salary_max": "salary_max",
    "salary_currency": "salary_currency",
    "job_description": "job_description",
    "job_url": "job_url",
    "notes": "notes",
    "status": "status",
    "applied_at": "applied_at",
}
REQUIRED = ("company", "position")
INTEGERS = frozenset({"salary_min", "salary_max"})
MOMENTS = frozenset({"applied_at", "created_at"})


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 5 * 1024 * 1024
    max_rows: int = 10_000

    @classmethod
    def of(cls, settings: ApplicationsSettings) -> "Limits":
        return cls(settings.IMPORTS_MAX_BYTES, settings.IMPORTS_MAX_ROWS)


@dataclass(frozen=True)
class Problem:
    row: int
    column: str | None
    code: str  # REQUIRED, INVALID, UNKNOWN_STATUS, NOT_A_NUMBER, NOT_A_MOMENT, MISSING_COLUMN
    message: str


@dataclass
class Row:
    row: int
    key: str
    outcome: str = "CREATE"  # CREATE, DUPLICATE, ERROR
    # ApplicationCreate's values once validated (plain values: rows cross from the parsing
    # worker process, and pickled models cost ten times as much to bring back)
    data: dict[str, Any] | None = None
    created_at: datetime | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Report:
    rows: list[Row]
    created: int = 0  # written (0 for a preview)

    @property
    def problems(self) -> list[Problem]:
        return [problem for row in self.rows for problem in row.problems]

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)


def undefuse(text: str) -> str:
    """A value exported with a leading `'` (so a spreadsheet would not run it), as it was."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


Records = Iterator[tuple[int, dict[str, str]]]  # (row number, column → cell)


def _records(text: str, limits: Limits) -> Records:
    if len(text.encode()) > limits.max_bytes:
        raise AppError(
            ErrorCode.IMPORT_TOO_LARGE,
            f"The file is larger than {limits.max_bytes} bytes; split it.",
            field="csv",
        )
    # Process-wide, only ever raised, and never past the file's own cap: a long cell is then a
    # row's problem (its field's max length), not the csv module's error for the whole file.
    csv.field_size_limit(max(csv.field_size_limit(), limits.max_bytes))
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    number = 1  # the row being read: the header first
    try:
        reader.fieldnames, number = _header(reader.fieldnames), 2
        for record in reader:
            if number - 1 > limits.max_rows:
                raise AppError(
                    ErrorCode.IMPORT_TOO_MANY_ROWS,
                    f"The file has more than {limits.max_rows} rows; split it.",
                    field="csv",
                )
            yield number, {key: value for key, value in record.items() if key is not None}
            number += 1  # a row the reader then fails on is the next one
    except csv.Error as error:  # the reader stops there: the file is refused whole
        raise AppError(ErrorCode.BAD_USER_INPUT, f"Row {number}: {error}", field="csv") from None


def _header(names: Sequence[str] | None) -> list[str]:
    header = [name.strip().lower() for name in names or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise AppError(
            ErrorCode.BAD_USER_INPUT,
            f"Row 1: the header has no {', '.join(missing)} column (an OWN file has "
            f"{', '.join(REQUIRED)})",
            field="csv",
        )
    return header


def _value(column: str, raw: str, number: int, problems: list[Problem]) -> Any:
    text = undefuse(raw.strip())
    if text == "":
        return None
    if column in INTEGERS:
        try:
            return int(text)
        except ValueError:
            message = f"{shown(text)} is not a number"
            problems.append(Problem(number, column, "NOT_A_NUMBER", message))
            return None
    if column in MOMENTS:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            message = f"{shown(text)} is not a date and time with its offset (ISO 8601)"
            problems.append(Problem(number, column, "NOT_A_MOMENT", message))
            return None
        try:
            return check_moment(moment)
        except ValueError as error:  # out of range
            problems.append(Problem(number, column, "INVALID", f"{shown(text)} {error}"))
            return None
    if column == "status":
        if text.upper() not in ApplicationStatus.__members__:
            known = ", ".join(ApplicationStatus)
            message = f"{shown(text)}: one of {known}"
            problems.append(Problem(number, column, "UNKNOWN_STATUS", message))
            return None
        return ApplicationStatus(text.upper())
    return text


def shown(text: str) -> str:
    """`text` quoted in a message, cut short: a refused cell may be as long as the file."""
    return repr(text if len(text) <= SHOWN_MAX else f"{text[:SHOWN_MAX]}…")


def _row_key(record: dict[str, str], data: ApplicationCreate | None) -> str:
    try:
        return f"id:{UUID(record.get('id', '').strip())}"
    except ValueError:
        pass
    fields = data.model_dump(mode="json") if data else record
    return hashlib.sha256(orjson.dumps(fields, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _problems_of(error: ValidationError, number: int) -> list[Problem]:
    found = []
    for detail in error.errors():
        column = str(detail["loc"][0]) if detail["loc"] else None
        message = detail["msg"].removeprefix("Value error, ")
        if detail["type"] == "string_too_long":
            limit, given = detail.get("ctx", {}).get("max_length"), len(detail["input"])
            message = f"{given} characters: the {column} column holds at most {limit}"
        code = "REQUIRED" if detail["type"] in ("missing", "string_too_short") else "INVALID"
        found.append(Problem(number, column, code, message))
    return found


def parse(text: str, mapping: Mapping, limits: Limits) -> list[Row]:
    """Every row of the file, checked and keyed (nothing read from the store yet)."""
    rows = []
    for number, record in _records(text, limits):
        problems: list[Problem] = []
        values = {
            target: _value(column, record.get(column) or "", number, problems)
            for column, target in OWN_COLUMNS.items()
        }
        values = {name: value for name, value in values.items() if value is not None}
        created_at = _value("created_at", record.get("created_at") or "", number, problems)
        data = None
        try:
            data = ApplicationCreate.model_validate(values)
        except ValidationError as error:
            problems += _problems_of(error, number)
        plain = data.model_dump() if data is not None else None
        row = Row(number, _row_key(record, data), data=plain, created_at=created_at)
        if problems:
            row.outcome, row.problems, row.data = "ERROR", problems, None
        rows.append(row)
    return rows


async def preview(session: AsyncSession, text: str, mapping: Mapping, limits: Limits) -> Report:
    """What importing would do, row by row; nothing is written."""
    return await preview_rows(session, parse(text, mapping, limits))


async def preview_rows(session: AsyncSession, rows: list[Row]) -> Report:
    """`preview` of rows parsed already (`parse`, in a worker process)."""
    seen = await store.imported_keys(session, [row.key for row in rows if row.outcome == "CREATE"])
    for row in rows:
        if row.outcome == "CREATE" and row.key in seen:
            row.outcome = "DUPLICATE"
        seen.add(row.key)
    return Report(rows)


async def import_applications(
    session: AsyncSession, text: str, mapping: Mapping, *, allow_partial: bool, limits: Limits
) -> Report:
    """Create the file's new rows in the caller's unit of work; IMPORT_HAS_ERRORS (nothing
    written) when a row is bad and `allow_partial` is not set."""
    rows = parse(text, mapping, limits)
    return await import_rows(session, rows, allow_partial=allow_partial)


async def import_rows(session: AsyncSession, rows: list[Row], *, allow_partial: bool) -> Report:
    """`import_applications` of rows parsed already (`parse`, in a worker process)."""
    report = await preview_rows(session, rows)
    bad = report.count("ERROR")
    if bad and not allow_partial:
        first = report.problems[0]
        raise AppError(
            ErrorCode.IMPORT_HAS_ERRORS,
            f"{bad} row(s) have errors (first: row {first.row}, {first.column or 'row'}: "
            f"{first.message}); nothing was imported. Fix them, or import the others with "
            "allowPartial.",
            field="csv",
        )
    now = utcnow()
    made: list[Application] = []
    keys: dict[str, UUID] = {}
    for row in report.rows:
        if row.outcome != "CREATE" or row.data is None:
            continue
        created = row.created_at or now
        application = Application(id=uuid4(), **row.data, created_at=created, updated_at=now)
        if application.status is ApplicationStatus.APPLIED and application.applied_at is None:
            application.applied_at = created
        made.append(application)
        keys[row.key] = application.id
    await store.import_applications(session, rows=made, announce=True)
    await store.remember_imported(session, keys)
    report.created = len(made)
    return report
