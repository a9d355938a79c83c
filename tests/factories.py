"""Test data made through the public GraphQL API, so tests read like what users do.

Only volume data (thousands of rows) goes straight through the store, in bulk.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from subgraphs.applications import models, store
from subgraphs.kit import runtime_of
from tests.clients import GraphQL

PASSWORD = "correct horse battery"

OPERATIONS = Path(__file__).parent / "graphql"
WEB_OPERATIONS = Path(__file__).parents[1] / "web" / "src" / "graphql"


def operation(name: str) -> str:
    """tests/graphql/<name>.graphql, or the web app's web/src/graphql/<name>.graphql (the
    Dashboard): client operations `schema:check` validates against the supergraph, so a schema
    change that breaks them fails CI before any test runs."""
    path = OPERATIONS / f"{name}.graphql"
    return (path if path.exists() else WEB_OPERATIONS / f"{name}.graphql").read_text()


SIGN_UP = operation("SignUp")
CREATE_APPLICATION = operation("CreateApplication")
CREATE_CONTACT = operation("CreateContact")
CREATE_UPLOAD = operation("CreateUpload")
COMPLETE_UPLOAD = operation("CompleteUpload")
PDF_TYPE = "application/pdf"


@dataclass
class Account:
    id: str
    email: str
    token: str


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


async def sign_up(
    users: GraphQL, *, full_name: str = "Ada Lovelace", email: str | None = None
) -> Account:
    email = email or unique_email()
    result = await users(
        SIGN_UP, {"input": {"email": email, "password": PASSWORD, "fullName": full_name}}
    )
    payload = result.data["signUp"]
    return Account(id=payload["user"]["id"], email=email, token=payload["token"])


async def create_application(api: GraphQL, account: Account, **fields: Any) -> dict[str, Any]:
    values = {"company": "Acme", "position": "Backend Engineer", **fields}
    result = await api(CREATE_APPLICATION, {"input": values}, token=account.token)
    return result.data["createApplication"]


async def create_contact(api: GraphQL, account: Account, **fields: Any) -> dict[str, Any]:
    values = {"name": "Grace Hopper", "company": "Navy", "position": "Rear Admiral", **fields}
    result = await api(CREATE_CONTACT, {"input": values}, token=account.token)
    return result.data["createContact"]


STATUSES = ["SAVED", "APPLIED", "INTERVIEW", "OFFER", "REJECTED"]


async def import_applications(applications_app: Any, account: Account, count: int) -> list[str]:
    """`count` applications for `account` in bulk through the store (fast for thousands); their ids."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rows = [
        models.Application(
            owner_id=uuid.UUID(account.id),
            company=f"Company {n}",
            position="Engineer" if n % 2 else "Designer",
            status=models.ApplicationStatus(STATUSES[n % len(STATUSES)]),
            created_at=start + timedelta(minutes=n),
            updated_at=start + timedelta(minutes=n),
        )
        for n in range(count)
    ]
    async with runtime_of(applications_app).db.session(owner=uuid.UUID(account.id)) as session:
        await store.import_applications(session, rows=rows)
    return [str(row.id) for row in rows]


async def import_contacts(contacts_app: Any, account: Account, count: int) -> list[str]:
    """`count` contacts for `account` straight through the document port (volume data); ids."""
    from subgraphs.contacts.models import CONTACTS, Contact
    from subgraphs.kit import documents

    owner = uuid.UUID(account.id)
    made = []
    async with runtime_of(contacts_app).db.session(owner=owner) as session:
        handle = documents(session, CONTACTS)
        for n in range(count):
            contact = Contact(
                name=f"Person {n}", company=f"Company {n % 7}", emails=[f"p{n}@example.com"]
            )
            made.append(str((await handle.put(contact)).id))
    return made


def pdf_bytes(size: int = 2048, *, text: str = "") -> bytes:
    """A file that starts like a PDF (what completeUpload checks), `size` bytes long."""
    head = f"%PDF-1.7\n% {text}\n".encode()
    return head + b"0" * (size - len(head))


async def upload_file(
    api: GraphQL, account: Account, content: bytes | None = None, **fields: Any
) -> dict[str, Any]:
    """The two-step upload a client makes: createUpload through `api`, the form POSTed to the
    URL it answers (the files subgraph, or S3), then completeUpload. The file as completed."""
    content = pdf_bytes() if content is None else content
    values = {"kind": "RESUME", "fileName": "resume.pdf", "contentType": PDF_TYPE, **fields}
    values.setdefault("size", len(content))
    started = (await api(CREATE_UPLOAD, {"input": values}, token=account.token)).data
    upload = started["createUpload"]
    form = {field["name"]: field["value"] for field in upload["fields"]}
    posted = await api.client.post(
        upload["url"],
        data=form,
        files={"file": (values["fileName"], content, values["contentType"])},
    )
    assert posted.status_code in (200, 201, 204), posted.text
    completed = await api(COMPLETE_UPLOAD, {"id": upload["id"]}, token=account.token)
    return completed.data["completeUpload"]
