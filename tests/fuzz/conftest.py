"""The subgraphs in-process for the fuzz (on the SQLite leg: the fuzz sends many operations; the
regression tests of what it found run on both legs beside each subgraph's other tests), and an
account that made a few objects."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from subgraphs.kit import TokenVerifier, runtime_of
from subgraphs.kit.registry import subgraph_names
from subgraphs.users.keys import SigningKeys
from tests.factories import Account, create_application, create_contact, sign_up
from tests.files.conftest import files_settings
from tests.interviews.conftest import known_application, schedule


@dataclass
class Made:
    """The fuzz account and the ids of what it made (and of someone else)."""

    account: Account
    ids: list[str]


@pytest.fixture(scope="session")
async def made(users, applications, contacts, interviews, interviews_app) -> Made:
    account = await sign_up(users, full_name="Fuzz")
    other = await sign_up(users, full_name="Someone Else")
    ids = [account.id, other.id]
    for _ in range(3):
        ids.append((await create_application(applications, account))["id"])
        ids.append((await create_contact(contacts, account))["id"])
        application = await known_application(interviews_app, account)
        ids += [application, (await schedule(interviews, account, application))["id"]]
    return Made(account, ids)


@pytest.fixture(scope="session")
async def fuzz_files_app(
    settings,
    users_app,
    applications_app,
    interviews_app,
    contacts_app,
    analytics_app,
    notifications_app,
    postings_app,
    search_app,
) -> AsyncIterator[Any]:
    """The files subgraph on the other subgraphs' stores (an export reads them all), its files on
    local disk."""
    from subgraphs.files.app import create_app

    async def users_jwks() -> dict[str, Any]:
        return runtime_of(users_app).get(SigningKeys).jwks()

    made = files_settings(settings, "local", s3_endpoint="")
    verifier = TokenVerifier(users_jwks, issuer=made.JWT_ISSUER, audience=made.JWT_AUDIENCE)
    app = create_app(made, verifier=verifier)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture(params=subgraph_names())
def subgraph(request: pytest.FixtureRequest) -> tuple[str, Any]:
    name = request.param
    return name, request.getfixturevalue("fuzz_files_app" if name == "files" else f"{name}_app")
