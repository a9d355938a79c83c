"""Export (and import) of many applications: time and peak memory (not part of test).

    python -m bench.data                      # 1,000 and 10,000 applications, SQLite
    python -m bench.data --counts 10000 --postgres
    scripts/task bench:data

One account gets N applications (varied fields, two status steps each), 50 interviews and
50 contacts in a fresh store. Each measurement runs in a child process of its own, so its peak
resident memory is its own: the child's resident size after its imports and settings (`base`,
VmRSS, the peak then reset through /proc/self/clear_refs) and its peak during the work
(`peak`, VmHWM); `peak - base` is what the work added. Linux only. The export writes
what the export job writes (the same writers, to a temporary file); the import parses the
applications CSV that export made and imports it as importApplications does.
"""

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432")
FORMATS = ["CSV_ZIP", "XLSX", "JSON"]
COMPANIES = ["Acme Corp", "Globex", "Initech", "Hooli", "Stark Industries", "=Formula Ltd"]
POSITIONS = ["Backend Engineer", "Data Scientist", "Product Designer", "SRE", "Engineer"]
CITIES = ["Berlin", "London", "Remote", "Paris", None]


def _status_mib(name: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return int(line.split()[1]) / 1024  # kB
    raise LookupError(name)


def reset_peak() -> float:
    """Linux: forget the peak so far (`clear_refs` 5); the resident size now, in MiB."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status_mib("VmRSS")


def peak_mib() -> float:
    """The peak resident size since `reset_peak` (VmHWM), in MiB."""
    return _status_mib("VmHWM")


def make_settings(data_dir: str, database_url: str) -> Any:
    from subgraphs.kit import Settings

    return Settings(DATA_DIR=Path(data_dir), DATABASE_URL=database_url, MIGRATE_ON_START=False)


async def seed(settings: Any, count: int) -> str:
    from subgraphs.applications import models, store
    from subgraphs.kit.db import Database
    from subgraphs.kit.migrations import upgrade_all

    await upgrade_all(settings)
    owner = uuid.uuid4()
    rng = random.Random(18)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    rows, histories = [], {}
    for n in range(count):
        created = start + timedelta(minutes=7 * n)
        applied = created + timedelta(days=1)
        low = rng.randrange(30, 120) * 1000
        row = models.Application(
            owner_id=owner,
            company=f"{rng.choice(COMPANIES)} {n}",
            position=rng.choice(POSITIONS),
            location=rng.choice(CITIES),
            salary_min=low,
            salary_max=low + 20_000,
            salary_currency="EUR",
            job_url=f"https://jobs.example.com/{n}",
            notes="Referred by a friend; follow up in two weeks." if n % 3 else None,
            status=models.ApplicationStatus.APPLIED,
            applied_at=applied,
            created_at=created,
            updated_at=created + timedelta(days=1),
        )
        rows.append(row)
        histories[row.id] = [
            (None, models.ApplicationStatus.SAVED, created),
            (models.ApplicationStatus.SAVED, models.ApplicationStatus.APPLIED, applied),
        ]
    db = Database.for_subgraph(settings, "applications")
    try:
        for first in range(0, count, 2000):
            async with db.session(owner=owner) as session:
                batch = rows[first : first + 2000]
                part = {row.id: histories[row.id] for row in batch}
                await store.import_applications(session, rows=batch, histories=part)
    finally:
        await db.dispose()
    return str(owner)


async def export(settings: Any, owner: str, format: str, output: Any) -> None:
    from subgraphs.files.export_formats import SUBGRAPHS, write_csv_zip, write_xlsx
    from subgraphs.kit import json_chunks, owner_data

    async def progress(_: float) -> None:
        pass

    owner_id = uuid.UUID(owner)
    if format == "JSON":
        async for chunk in json_chunks(settings, owner_id):
            output.write(chunk)
        return
    writer = write_csv_zip if format == "CSV_ZIP" else write_xlsx
    await writer(owner_data(settings, owner_id, SUBGRAPHS), output, progress)


def child(args: argparse.Namespace) -> None:
    """One measurement, in this process: prints a JSON line."""
    settings = make_settings(args.data_dir, args.database_url)
    import subgraphs.applications.imports
    import subgraphs.files.export_formats  # noqa: F401

    base = reset_peak()
    started = time.perf_counter()
    result: dict[str, Any] = {}
    if args.child == "import":
        text = Path(args.csv).read_text(encoding="utf-8")
        result["rows"] = asyncio.run(import_csv(settings, text))
    else:
        with open(args.out, "wb") as output:
            asyncio.run(export(settings, args.owner, args.child, output))
        result["bytes"] = os.path.getsize(args.out)
    result |= {"seconds": time.perf_counter() - started, "base_mib": base, "peak_mib": peak_mib()}
    print(json.dumps(result))


async def import_csv(settings: Any, text: str) -> int:
    from subgraphs.applications import imports
    from subgraphs.kit.db import Database

    owner = uuid.uuid4()
    db = Database.for_subgraph(settings, "applications")
    try:
        async with db.session(owner=owner) as session:
            report = await imports.import_applications(
                session, text, imports.Mapping.OWN, allow_partial=False, limits=imports.Limits()
            )
    finally:
        await db.dispose()
    return report.created


def measure(base: list[str], *extra: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.data", *base, *extra], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(counts: list[int], postgres: bool) -> list[dict[str, Any]]:
    results = []
    for count in counts:
        with tempfile.TemporaryDirectory(prefix="bench-data-") as data_dir:
            tag = uuid.uuid4().hex[:8]
            url = (
                f"{POSTGRES_URL}/jt_bench_{tag}_{{subgraph}}"
                if postgres
                else f"sqlite+aiosqlite:///{data_dir}/{{subgraph}}.db"
            )
            settings = make_settings(data_dir, url)
            owner = asyncio.run(seed(settings, count))
            base = ["--data-dir", data_dir, "--database-url", url]
            for format in FORMATS:
                out = f"{data_dir}/export-{format}"
                got = measure(base, "--child", format, "--owner", owner, "--out", out)
                results.append({"count": count, "what": f"export {format}", **got})
                if format == "CSV_ZIP":
                    import zipfile

                    with zipfile.ZipFile(out) as archive:
                        Path(f"{data_dir}/applications.csv").write_bytes(
                            archive.read("applications.csv")
                        )
            got = measure(base, "--child", "import", "--csv", f"{data_dir}/applications.csv")
            results.append({"count": count, "what": "import CSV (OWN)", **got})
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.data", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--counts", default="1000,10000", help="applications, comma-separated")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL (TEST_POSTGRES_URL)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    for hidden in ("--data-dir", "--database-url", "--owner", "--out", "--csv"):
        parser.add_argument(hidden, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args)
        return
    counts = [int(count) for count in args.counts.split(",")]
    print(f"{'applications':>12}  {'what':<18} {'seconds':>8} {'size MiB':>9} "
          f"{'base MiB':>9} {'peak MiB':>9} {'added':>7}")  # fmt: skip
    for row in run(counts, args.postgres):
        size = f"{row['bytes'] / 2**20:9.2f}" if "bytes" in row else f"{'':>9}"
        added = row["peak_mib"] - row["base_mib"]
        print(f"{row['count']:>12}  {row['what']:<18} {row['seconds']:8.2f} {size} "
              f"{row['base_mib']:9.1f} {row['peak_mib']:9.1f} {added:7.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
