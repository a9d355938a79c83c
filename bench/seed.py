"""Benchmark data: 48 users, one with 1,000 applications, 200 interviews and 300 contacts, the
others with 50 applications, 10 interviews and 10 contacts each; the analytics read model and
the search index as their events would make them.

Users sign up through the **public API** (the router's `signUp`), so their tokens are real.
Applications go in bulk through the **applications store layer** (`store.import_applications`,
two bulk INSERTs per user): 3,350 `createApplication` calls would take longer than the
benchmark itself. Companies, positions, locations, salaries, dates and statuses are drawn
from fixed lists with a fixed seed, so every run has the same data.

The search subgraph learns of entities from events, and bulk imports announce none (split
mode runs no relay either), so the seeded applications, contacts and profiles are written to
its index (`DATA_DIR/search-index.db`, the FTS5 index of both modes) directly.
"""

import asyncio
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from subgraphs.analytics import store as analytics_store
from subgraphs.analytics.events import Application
from subgraphs.applications import models, store
from subgraphs.contacts import store as contacts_store
from subgraphs.contacts.models import ContactFields
from subgraphs.interviews import store as interviews_store
from subgraphs.interviews.models import InterviewCreate, InterviewType
from subgraphs.kit.db import Database
from subgraphs.search.index import Entry, Kind
from subgraphs.search.index.fts import FtsIndex

USERS = 48
HEAVY = 1000
LIGHT = 50
INTERVIEWS = 200  # the heavy user's upcoming interviews
CONTACTS = 300  # the heavy user's contacts
PASSWORD = "benchmark passphrase"
# Sign-ups in flight at once: 48 at once kept SQLite's users store locked past its busy
# timeout on a loaded machine (embedded mode); a few overlap the password hashing.
SIGN_UPS_AT_ONCE = 4
SIGN_UP = "mutation($i: SignUpInput!) { signUp(input: $i) { token user { id } } }"

FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Radia", "Tim"]
LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson"]
COMPANIES = [
    "Acme Corp", "Globex", "Initech", "Umbrella Health", "Hooli", "Stark Industries",
    "Wayne Labs", "Cyberdyne Systems", "Soylent Foods", "Tyrell Engineering", "Wonka Logistics",
    "Aperture Science", "Black Mesa Research", "Vandelay Industries", "Massive Dynamic", "Oscorp",
    "Pied Piper",
    "Monsters Energy", "Dunder Mifflin", "Bluth Company", "Prestige Worldwide", "Gringotts Bank",
    "Nakatomi Trading", "Engage Analytics", "Virtucon", "Sirius Cybernetics", "Yoyodyne",
]  # fmt: skip
POSITIONS = [
    "Backend Engineer", "Senior Software Engineer", "Data Engineer", "Frontend Developer",
    "Site Reliability Engineer", "Platform Engineer", "Engineering Manager", "Product Manager",
    "Data Scientist", "UX Designer", "DevOps Engineer", "QA Analyst", "Security Engineer",
    "Technical Writer", "Machine Learning Engineer", "Solutions Architect", "Support Specialist",
]  # fmt: skip
LOCATIONS = [
    "Berlin, DE", "Remote", "London, UK", "Paris, FR", "Amsterdam, NL", "Lisbon, PT", "Madrid, ES",
    "Munich, DE", "Dublin, IE", "Stockholm, SE", "Warsaw, PL", "Zurich, CH", "New York, US",
]  # fmt: skip
STATUS_WEIGHTS = {"SAVED": 20, "APPLIED": 40, "INTERVIEW": 15, "OFFER": 5, "REJECTED": 20}


@dataclass
class User:
    id: str
    token: str
    full_name: str = ""
    application_ids: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)  # each application's, as seeded


@dataclass
class Seeded:
    users: list[User]  # users[0] is the one with 1,000 applications

    @property
    def heavy(self) -> User:
        return self.users[0]


def seed(router_url: str, database_url: str, data_dir: Path) -> Seeded:
    return asyncio.run(_seed(router_url, database_url, data_dir))


async def _seed(router_url: str, database_url: str, data_dir: Path) -> Seeded:
    rng = random.Random(8)
    names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(USERS)]
    turns = asyncio.Semaphore(SIGN_UPS_AT_ONCE)
    async with httpx.AsyncClient(timeout=30) as client:
        users = await asyncio.gather(*(_sign_up(client, router_url, n, name, turns)
                                       for n, name in enumerate(names)))  # fmt: skip
    db = Database(database_url.format(subgraph="applications"), subgraph="applications")
    entries = [_profile(user) for user in users]
    try:
        for n, user in enumerate(users):
            owner = uuid.UUID(user.id)
            rows = applications(owner, HEAVY if n == 0 else LIGHT, rng)
            async with db.session(owner=owner) as session:
                await store.import_applications(session, rows=rows)
            user.application_ids = [str(row.id) for row in rows]
            user.statuses = [row.status.value for row in rows]
            entries += [_application_entry(owner, row) for row in rows]
            await read_models(database_url, owner, rows, INTERVIEWS if n == 0 else 10)
            entries += await _contacts(database_url, owner, CONTACTS if n == 0 else 10, rng)
    finally:
        await db.dispose()
    await search_index(data_dir / "search-index.db", entries)
    return Seeded(users)


async def search_index(path: Path, entries: list[Entry]) -> None:
    """What the search subgraph's consumers would have indexed, in one transaction (`put`
    commits each entry: 4,000 took 47 s here). An entry that also arrives by its event
    (embedded mode) replaces this one with the same."""
    index = FtsIndex(path)
    await index.migrate()
    await index.put_many(entries)


def _profile(user: User) -> Entry:
    return Entry(Kind.USER, uuid.UUID(user.id), uuid.UUID(user.id), True,
                 {"fullName": user.full_name})  # fmt: skip


def _application_entry(owner: uuid.UUID, row: models.Application) -> Entry:
    texts = {"company": row.company, "position": row.position, "location": row.location,
             "notes": row.notes, "status": row.status.value}  # fmt: skip
    return Entry(Kind.APPLICATION, row.id, owner, False, {k: v for k, v in texts.items() if v})


async def read_models(
    database_url: str, owner: uuid.UUID, rows: list[models.Application], interviews: int
) -> None:
    """What the events of `rows` would have given the interviews and analytics subgraphs
    (the benchmark's split mode runs no relay), plus `interviews` upcoming interviews, from two
    days on: no reminder of theirs (a day and an hour before) falls due during the benchmark."""
    soon, sequence = datetime.now(UTC) + timedelta(days=2), 0
    stores = {name: Database(database_url.format(subgraph=name), subgraph=name)
              for name in ("interviews", "analytics")}  # fmt: skip
    try:
        async with stores["interviews"].session(owner=owner) as session:
            for n, row in enumerate(rows):
                sequence += 1
                await interviews_store.know_application(
                    session, application_id=row.id, sequence=sequence,
                    company=row.company, position=row.position,
                )  # fmt: skip
                if n < interviews:
                    data = InterviewCreate(
                        application_id=row.id, starts_at=soon + timedelta(hours=n),
                        time_zone="Europe/Berlin", duration_minutes=45, type=InterviewType.ONLINE,
                    )  # fmt: skip
                    await interviews_store.schedule(session, data=data)
        async with stores["analytics"].session(owner=owner) as session:
            for n, row in enumerate(rows):
                state = Application.model_validate(_state(row))
                await analytics_store.keep_application(session, state, n + 1)
    finally:
        for db in stores.values():
            await db.dispose()


async def _contacts(
    database_url: str, owner: uuid.UUID, count: int, rng: random.Random
) -> list[Entry]:
    """`count` contacts, and their search entries."""
    db, entries = Database(database_url.format(subgraph="contacts"), subgraph="contacts"), []
    try:
        async with db.session(owner=owner) as session:
            for n in range(count):
                data = ContactFields(
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    position=rng.choice(POSITIONS),
                    company=rng.choice(COMPANIES),
                    emails=[f"contact-{owner.hex[:8]}-{n}@example.com"],
                )
                contact = await contacts_store.create_contact(
                    session, data=data, lookups=contacts_store.unlimited
                )
                fields = {"name": data.name, "company": data.company, "position": data.position}
                texts = {name: text for name, text in fields.items() if text}
                entries.append(Entry(Kind.CONTACT, contact.id, owner, False, texts))
    finally:
        await db.dispose()
    return entries


def _state(row: models.Application) -> dict[str, object]:
    at = row.created_at.isoformat()
    steps = [{"from_status": None, "to_status": row.status.value, "changed_at": at}]
    return {"id": str(row.id), "company": row.company, "position": row.position,
            "location": row.location, "status": row.status.value,
            "applied_at": row.applied_at.isoformat() if row.applied_at else None,
            "created_at": at, "history": steps}  # fmt: skip


async def _sign_up(
    client: httpx.AsyncClient, url: str, n: int, name: str, turns: asyncio.Semaphore
) -> User:
    variables = {"i": {"email": f"bench-{n}@example.com", "password": PASSWORD, "fullName": name}}
    async with turns:
        response = await client.post(url, json={"query": SIGN_UP, "variables": variables})
    payload = response.json()
    if response.status_code != 200 or payload.get("errors"):
        raise RuntimeError(f"signUp failed: {response.status_code} {payload}")
    signed = payload["data"]["signUp"]
    return User(id=signed["user"]["id"], token=signed["token"], full_name=name)


def applications(owner: uuid.UUID, count: int, rng: random.Random) -> list[models.Application]:
    """`count` realistic applications created over the past year, newest last."""
    now = datetime.now(UTC)
    created = sorted(now - timedelta(minutes=rng.randrange(365 * 24 * 60)) for _ in range(count))
    return [_application(owner, at, rng) for at in created]


def _application(owner: uuid.UUID, created: datetime, rng: random.Random) -> models.Application:
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    low = rng.randrange(40, 120) * 1000
    salary = rng.random() < 0.6
    return models.Application(
        owner_id=owner,
        company=rng.choice(COMPANIES),
        position=rng.choice(POSITIONS),
        location=rng.choice(LOCATIONS),
        salary_min=low if salary else None,
        salary_max=low + rng.randrange(5, 40) * 1000 if salary else None,
        salary_currency=rng.choice(["EUR", "GBP", "USD"]) if salary else None,
        job_url=f"https://jobs.example.com/{rng.randrange(10**6)}" if rng.random() < 0.5 else None,
        status=models.ApplicationStatus(status),
        notes="Referred by a former colleague." if rng.random() < 0.2 else None,
        applied_at=created + timedelta(days=1) if status != "SAVED" else None,
        created_at=created,
        updated_at=created,
    )
