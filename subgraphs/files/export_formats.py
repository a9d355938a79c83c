"""How an export is written, row by row as the stores stream them, to a file (constant
memory): CSV files zipped, one per kind; one XLSX workbook, a sheet per kind (openpyxl's
write-only mode, typed cells); the rows arrive as `kit.owner_data` yields them.

Kinds: `applications`, `status_history` (each application's steps), `interviews` and
`contacts`; each file's columns are its table's, without `owner_id`. Times are in UTC (CSV:
ISO 8601 with the offset; XLSX: date cells, Excel has no time zones). Lists and objects (a
contact's emails) are JSON text. A text starting with `=`, `+`, `-`, `@`, tab or CR is written
with a leading `'`, so a spreadsheet never runs it as a formula (the import takes it off).
"""

import csv
import io
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from enum import Enum
from typing import IO, Any
from uuid import UUID

import orjson
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

Rows = AsyncIterator[tuple[str, str, dict[str, Any]]]  # (subgraph, table, row)
Progress = Callable[[float], Awaitable[None]]

# (subgraph, table or collection) → the kind's file or sheet name, in this order.
KINDS = {
    ("applications", "applications"): "applications",
    ("applications", "status_changes"): "status_history",
    ("interviews", "interviews"): "interviews",
    ("contacts", "contacts"): "contacts",
}
SUBGRAPHS = tuple(dict.fromkeys(subgraph for subgraph, _ in KINDS))
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HIDDEN = frozenset({"owner_id"})


def defuse(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _text(value: Any) -> str:
    if isinstance(value, (list, dict)):
        return orjson.dumps(value, default=str).decode()
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def csv_value(value: Any) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return defuse(_text(value))


def _columns(row: dict[str, Any]) -> list[str]:
    return [name for name in row if name not in HIDDEN]


async def _kinds(rows: Rows, progress: Progress) -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """(kind, row) for the exported kinds; progress as each subgraph is done."""
    done: set[str] = set()
    async for subgraph, table, row in rows:
        if subgraph not in done:
            done.add(subgraph)
            await progress((len(done) - 1) / len(SUBGRAPHS))
        kind = KINDS.get((subgraph, table))
        if kind is not None:
            yield kind, row


async def write_csv_zip(rows: Rows, output: IO[bytes], progress: Progress) -> None:
    """A zip of `<kind>.csv` files (UTF-8, header row), each written as its rows arrive."""
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        current: str | None = None
        member: IO[bytes] | None = None
        text: io.TextIOWrapper | None = None
        writer: Any = None
        written: set[str] = set()
        async for kind, row in _kinds(rows, progress):
            if kind != current:
                if text is not None:
                    text.close()
                member = archive.open(f"{kind}.csv", "w", force_zip64=True)
                text = io.TextIOWrapper(member, encoding="utf-8", newline="")
                writer = csv.writer(text)
                columns = _columns(row)
                writer.writerow(columns)
                current = kind
                written.add(kind)
            writer.writerow([csv_value(row.get(name)) for name in columns])
        if text is not None:
            text.close()
        for kind in KINDS.values():  # a kind with no rows: an empty file
            if kind not in written:
                archive.writestr(f"{kind}.csv", "")


def xlsx_value(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value.astimezone(UTC).replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
        return cell
    text = ILLEGAL_CHARACTERS_RE.sub(
        "", _text(value) if not isinstance(value, UUID) else str(value)
    )
    cell = WriteOnlyCell(sheet, defuse(text))
    cell.data_type = "s"  # never a formula
    return cell


async def write_xlsx(rows: Rows, output: IO[bytes], progress: Progress) -> None:
    """One workbook, a sheet per kind (header row, typed cells), written row by row."""
    book = Workbook(write_only=True)
    sheets: dict[str, WriteOnlyWorksheet] = {}
    current: str | None = None
    columns: list[str] = []
    async for kind, row in _kinds(rows, progress):
        if kind != current:
            sheets[kind] = book.create_sheet(kind)
            columns = _columns(row)
            sheets[kind].append(columns)
            current = kind
        sheet = sheets[kind]
        sheet.append([xlsx_value(sheet, row.get(name)) for name in columns])
    for kind in KINDS.values():
        if kind not in sheets:
            book.create_sheet(kind)
    book.save(output)
