"""A demo account, so a newcomer sees a lively dashboard and analytics (`scripts/task seed`):
applications, interviews, contacts (one of them the second demo user) and a resume.

    python -m scripts.seed        # prints the e-mail and password to log in with

Writes through each subgraph's own store functions, as their owners would, with timestamps
spread over the last year; every write publishes its events into the outbox, so analytics
and the other subgraphs fed by events catch up as soon as the system runs (at once, if it is
running). Creates a second demo user too. Refuses to run twice on the same stores.
"""

import asyncio
import io
import random
import sys
import uuid
from datetime import UTC, datetime, timedelta
from hashlib import sha256

from subgraphs.applications import store as applications
from subgraphs.applications.models import Application, ApplicationStatus
from subgraphs.applications.store import Step
from subgraphs.contacts import store as contacts
from subgraphs.contacts.models import ContactFields
from subgraphs.files import events as file_events
from subgraphs.files import store as files
from subgraphs.files.models import FileKind, UploadCreate
from subgraphs.files.settings import FilesSettings
from subgraphs.files.storage import LocalStorage, make_storage
from subgraphs.files.text import extract_text
from subgraphs.interviews import store as interviews
from subgraphs.interviews.models import InterviewCreate, InterviewType
from subgraphs.kit import AppError, Settings, default_settings
from subgraphs.kit.db import Database
from subgraphs.users import store as users
from subgraphs.users.models import SignUp

EMAIL, PASSWORD = "demo@jobtracker.example", "demo tracker 2026"
FRIEND = ("friend@jobtracker.example", "friend tracker 2026", "Frida Friend")
COMPANIES = [
    "Globex",
    "Initech",
    "Hooli",
    "Umbrella",
    "Stark Industries",
    "Wayne Enterprises",
    "Acme",
    "Soylent",
    "Vandelay Industries",
    "Cyberdyne",
    "Tyrell",
    "Wonka",
]
POSITIONS = [
    "Backend Engineer",
    "Senior Frontend Engineer",
    "Full-Stack Developer",
    "Site Reliability Engineer",
    "Data Scientist",
    "iOS Engineer",
    "QA Engineer",
    "Product Designer",
    "Engineering Manager",
    "Python Developer",
]
LOCATIONS = ["Berlin, DE", "Remote", "Amsterdam", "London, UK", "Remote - EU", "Paris", None]
# Where an application ends, and how often.
PATHS = {
    (): 8,
    ("APPLIED",): 14,
    ("APPLIED", "REJECTED"): 12,
    ("APPLIED", "INTERVIEW"): 7,
    ("APPLIED", "INTERVIEW", "REJECTED"): 5,
    ("APPLIED", "INTERVIEW", "OFFER"): 3,
}


async def _account(db: Database, email: str, password: str, name: str) -> uuid.UUID:
    async with db.session(owner=None) as session:
        user = await users.create_user(
            session, sign_up=SignUp(email=email, password=password, full_name=name)
        )
        return user.id


def _application(rng: random.Random, now: datetime) -> tuple[Application, list[Step]]:
    created = now - timedelta(days=rng.uniform(2, 360))
    path = rng.choices(list(PATHS), weights=list(PATHS.values()))[0]
    status, at = ApplicationStatus.SAVED, created
    history: list[Step] = [(None, status, created)]
    for step in path:
        at = min(at + timedelta(days=rng.uniform(1, 20)), now - timedelta(hours=1))
        history.append((status, ApplicationStatus(step), at))
        status = ApplicationStatus(step)
    applied = next((when for _, to, when in history if to is ApplicationStatus.APPLIED), None)
    row = Application(
        company=rng.choice(COMPANIES),
        position=rng.choice(POSITIONS),
        location=rng.choice(LOCATIONS),
        status=status,
        applied_at=applied,
        created_at=created,
        updated_at=at,
    )
    return row, history


async def _applications(db: Database, owner: uuid.UUID, now: datetime) -> list[Application]:
    rng = random.Random(2026)
    made = [_application(rng, now) for _ in range(50)]
    async with db.session(owner=owner) as session:
        await applications.import_applications(
            session,
            rows=[row for row, _ in made],
            histories={row.id: history for row, history in made},
            announce=True,
        )
    return [row for row, _ in made]


async def _interviews(
    db: Database, owner: uuid.UUID, rows: list[Application], now: datetime
) -> int:
    rng, count = random.Random(7), 0
    async with db.session(owner=owner) as session:
        for n, row in enumerate(
            r
            for r in rows
            if r.status is ApplicationStatus.INTERVIEW or r.status is ApplicationStatus.OFFER
        ):
            await interviews.know_application(
                session,
                application_id=row.id,
                sequence=0,
                company=row.company,
                position=row.position,
            )
            for starts in (
                now - timedelta(days=rng.uniform(3, 30)),
                now + timedelta(days=n % 9 + 0.5),
            ):
                data = InterviewCreate(
                    application_id=row.id,
                    starts_at=starts.replace(minute=0, second=0, microsecond=0),
                    time_zone=rng.choice(["Europe/Berlin", "Europe/London", "UTC"]),
                    duration_minutes=rng.choice([30, 45, 60]),
                    type=rng.choice(list(InterviewType)),
                    location="Video call" if n % 2 else "Office",
                )
                await interviews.schedule(session, data=data)
                count += 1
    return count


async def _contacts(db: Database, owner: uuid.UUID) -> int:
    """Contacts from the applications' companies; one of them is the second demo user, whom
    the contacts subgraph links to their account (from `user.registered`) by e-mail."""
    people = [
        ("Frida Friend", "Engineering Manager", "Globex", FRIEND[0]),
        ("Rita Recruiter", "Talent Partner", "Initech", "rita@initech.example"),
        ("Tom Techlead", "Tech Lead", "Hooli", "tom@hooli.example"),
        ("Hannah Hiring", "Head of People", "Umbrella", "hannah@umbrella.example"),
        ("Carl Colleague", "Backend Engineer", "Acme", "carl@acme.example"),
    ]
    async with db.session(owner=owner) as session:
        for name, position, company, email in people:
            note = "Met at a meetup" if "Colleague" in name else None
            data = ContactFields(
                name=name, position=position, company=company, emails=[email], notes=note
            )
            await contacts.create_contact(session, data=data, lookups=contacts.unlimited)
    return len(people)


async def _resume(settings: Settings, db: Database, owner: uuid.UUID) -> bool:
    """A one-page PDF resume, written as an upload would (local disk only)."""
    storage = make_storage(FilesSettings.of(settings))
    if not isinstance(storage, LocalStorage):
        return False
    content = RESUME_PDF
    await storage.migrate()
    file_id = uuid.uuid4()
    data = UploadCreate(
        kind=FileKind.RESUME,
        file_name="demo-resume.pdf",
        content_type="application/pdf",
        size=len(content),
    )
    expires = datetime.now(UTC) + timedelta(hours=1)
    async with db.session(owner=owner) as session:
        row = await files.create_upload(session, file_id=file_id, data=data, expires_at=expires)
    await storage.put(row.object_key, io.BytesIO(content))
    async with db.session(owner=owner) as session:
        checksum = sha256(content).hexdigest()
        done = await files.complete(session, file_id=file_id, checksum=checksum)
        assert done is not None
        text = extract_text(content, data.content_type)
        await file_events.file_uploaded(session, done, text=text)
    await storage.dispose()
    return True


RESUME_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


async def seed(settings: Settings) -> None:
    databases = {
        name: Database(settings.database_url(name), subgraph=name)
        for name in ("users", "applications", "interviews", "contacts", "files")
    }
    try:
        for db in databases.values():
            await db.migrate()
        now = datetime.now(UTC)
        try:
            owner = await _account(databases["users"], EMAIL, PASSWORD, "Demo Seeker")
        except AppError:
            sys.exit(f"the demo account exists already: log in as {EMAIL} / {PASSWORD}")
        await _account(databases["users"], *FRIEND)
        rows = await _applications(databases["applications"], owner, now)
        scheduled = await _interviews(databases["interviews"], owner, rows, now)
        people = await _contacts(databases["contacts"], owner)
        resume = await _resume(settings, databases["files"], owner)
    finally:
        for db in databases.values():
            await db.dispose()
    print(
        f"demo account: {EMAIL} / {PASSWORD}\n"
        f"  {len(rows)} applications over the last year, {scheduled} interviews, "
        f"{people} contacts{', a resume' if resume else ''};\n"
        f"  a second user: {FRIEND[0]} / {FRIEND[1]}\n"
        "  analytics fill in from the events as soon as the system runs (scripts/task up)"
    )


if __name__ == "__main__":
    asyncio.run(seed(default_settings))
