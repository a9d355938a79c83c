"""The import's part of the applications schema: previewImport and importApplications (the
rules are in `imports.py`)."""

from typing import Annotated

import strawberry

from subgraphs.applications import imports
from subgraphs.applications.imports import Limits, Mapping
from subgraphs.applications.settings import ApplicationsSettings
from subgraphs.kit import Info, Offload

strawberry.enum(
    Mapping,
    name="ImportMapping",
    description="Whose CSV it is. OWN: this tracker's export (applications.csv of CSV_ZIP).",
)


@strawberry.type(description="What is wrong with one row (or, with no column, the whole row).")
class ImportProblem:
    row: int = strawberry.field(description="As a spreadsheet counts: the header is row 1.")
    column: str | None
    code: str = strawberry.field(
        description="REQUIRED, INVALID, UNKNOWN_STATUS, NOT_A_NUMBER or NOT_A_MOMENT."
    )
    message: str


@strawberry.type(description="One row of the file and what importing does with it.")
class ImportRow:
    row: int
    outcome: str = strawberry.field(
        description="CREATE (new), DUPLICATE (imported before, or earlier in the file: "
        "skipped) or ERROR (see problems)."
    )
    company: str | None
    position: str | None
    status: str | None
    problems: list[ImportProblem]


@strawberry.type(description="An import's outcome, row by row.")
class ImportReport:
    rows: list[ImportRow]
    to_create: int = strawberry.field(description="Rows that are (or would be) created.")
    duplicates: int
    errors: int = strawberry.field(description="Rows with problems (never imported).")
    created: int = strawberry.field(description="Applications created: 0 for a preview.")

    @classmethod
    def of(cls, report: imports.Report) -> "ImportReport":
        rows = [
            ImportRow(
                row=row.row,
                outcome=row.outcome,
                company=row.data["company"] if row.data else None,
                position=row.data["position"] if row.data else None,
                status=row.data["status"].value if row.data else None,
                problems=[ImportProblem(**vars(problem)) for problem in row.problems],
            )
            for row in report.rows
        ]
        return cls(
            rows=rows,
            to_create=report.count("CREATE"),
            duplicates=report.count("DUPLICATE"),
            errors=report.count("ERROR"),
            created=report.created,
        )


CSV_HELP = "The CSV text (UTF-8): at most IMPORTS_MAX_BYTES, IMPORTS_MAX_ROWS rows."


async def preview_import(
    info: Info,
    csv: Annotated[str, strawberry.argument(description=CSV_HELP)],
    mapping: Mapping = Mapping.OWN,
) -> ImportReport:
    rows = await _parsed(info, csv, mapping)
    async with info.context.reader() as session:
        report = await imports.preview_rows(session, rows)
    return ImportReport.of(report)


async def _parsed(info: Info, csv: str, mapping: Mapping) -> list[imports.Row]:
    """The file's rows, read and checked in a worker process (kit's Offload: a 10,000-row
    file takes about a second of CPU, which the event loop does not wait for)."""
    user = str(info.context.require_user())
    limits = Limits.of(ApplicationsSettings.of(info.context.settings))
    offload = info.context.get(Offload)
    return await offload.run(imports.parse, csv, mapping, limits, what="The CSV file", key=user)


async def import_applications(
    info: Info,
    csv: Annotated[str, strawberry.argument(description=CSV_HELP)],
    mapping: Mapping = Mapping.OWN,
    allow_partial: Annotated[
        bool, strawberry.argument(description="Import the good rows even when others are bad.")
    ] = False,
) -> ImportReport:
    rows = await _parsed(info, csv, mapping)
    async with info.context.writer() as session:
        report = await imports.import_rows(session, rows, allow_partial=allow_partial)
    return ImportReport.of(report)
