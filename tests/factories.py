"""Test data made through the public GraphQL API, so tests read like what users do."""

import uuid
from dataclasses import dataclass
from typing import Any

from tests.clients import GraphQL

PASSWORD = "correct horse battery"

SIGN_UP = """
mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { token user { id email fullName } }
}"""

CREATE_APPLICATION = """
mutation Create($input: CreateApplicationInput!) {
  createApplication(input: $input) { id company position status location appliedAt }
}"""


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
