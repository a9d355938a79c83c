"""Benchmark data: 20 users, one with 1,000 applications, 200 interviews and 300 contacts, the
others with 50 applications, 10 interviews and 10 contacts each; the analytics read model as
their events would make it.

Users sign up through the **public API** (the router's `signUp`), so their tokens are real.
Applications go in bulk through the **applications store layer** (`store.import_applications`,
two bulk INSERTs per user): 1,950 `createApplication` calls would take longer than the
benchmark itself. Companies, positions, locations, salaries, dates and statuses are drawn
from fixed lists with a fixed seed, so every run has the same data.
"""

import asyncio
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx

from subgraphs.analytics import store as analytics_store
from subgraphs.applications import models, store
from subgraphs.contacts import store as contacts_store
from subgraphs.contacts.models import ContactFields
from subgraphs.interviews import store as interviews_store
from subgraphs.interviews.models import InterviewCreate, InterviewType
from subgraphs.kit.db import Database

USERS = 20
HEAVY = 1000
LIGHT = 50
INTERVIEWS = 200  # the heavy user's upcoming interviews
CONTACTS = 300  # the heavy user's contacts
PASSWORD = "benchmark passphrase"
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
    application_ids: list[str] = field(default_factory=list)


@dataclass
class Seeded:
    users: list[User]  # users[0] is the one with 1,000 applications

    @property
    def heavy(self) -> User:
        return self.users[0]


def seed(router_url: str, database_url: str) -> Seeded:
    return asyncio.run(_seed(router_url, database_url))


async def _seed(router_url: str, database_url: str) -> Seeded:
    rng = random.Random(8)
    async with httpx.AsyncClient(timeout=30) as client:
        users = [await _sign_up(client, router_url, n, rng) for n in range(USERS)]
    db = Database(database_url.format(subgraph="applications"), subgraph="applications")
    try:
        for n, user in enumerate(users):
            rows = applications(uuid.UUID(user.id), HEAVY if n == 0 else LIGHT, rng)
            async with db.session(owner=uuid.UUID(user.id)) as session:
                await store.import_applications(session, rows=rows)
            user.application_ids = [str(row.id) for row in rows]
            await read_models(database_url, uuid.UUID(user.id), rows, INTERVIEWS if n == 0 else 10)
            await _contacts(database_url, uuid.UUID(user.id), CONTACTS if n == 0 else 10, rng)
    finally:
        await db.dispose()
    return Seeded(users)


async def read_models(
    database_url: str, owner: uuid.UUID, rows: list[models.Application], interviews: int
) -> None:
    """What the events of `rows` would have given the interviews and analytics subgraphs
    (the benchmark's split mode runs no relay), plus `interviews` upcoming interviews."""
    soon, sequence = datetime.now(UTC) + timedelta(hours=1), 0
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
                await analytics_store.keep_application(session, _state(row), n + 1)
    finally:
        for db in stores.values():
            await db.dispose()


async def _contacts(database_url: str, owner: uuid.UUID, count: int, rng: random.Random) -> None:
    db = Database(database_url.format(subgraph="contacts"), subgraph="contacts")
    try:
        async with db.session(owner=owner) as session:
            for n in range(count):
                data = ContactFields(
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    position=rng.choice(POSITIONS),
                    company=rng.choice(COMPANIES),
                    emails=[f"contact-{owner.hex[:8]}-{n}@example.com"],
                )
                await contacts_store.create_contact(session, data=data)
    finally:
        await db.dispose()


def _state(row: models.Application) -> dict[str, object]:
    at = row.created_at.isoformat()
    steps = [{"from_status": None, "to_status": row.status.value, "changed_at": at}]
    return {"id": str(row.id), "company": row.company, "position": row.position,
            "location": row.location, "status": row.status.value,
            "applied_at": row.applied_at.isoformat() if row.applied_at else None,
            "created_at": at, "history": steps}  # fmt: skip


async def _sign_up(client: httpx.AsyncClient, url: str, n: int, rng: random.Random) -> User:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    variables = {"i": {"email": f"bench-{n}@example.com", "password": PASSWORD, "fullName": name}}
    response = await client.post(url, json={"query": SIGN_UP, "variables": variables})
    payload = response.json()
    if response.status_code != 200 or payload.get("errors"):
        raise RuntimeError(f"signUp failed: {response.status_code} {payload}")
    signed = payload["data"]["signUp"]
    return User(id=signed["user"]["id"], token=signed["token"])


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
