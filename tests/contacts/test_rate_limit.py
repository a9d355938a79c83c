"""Saving a contact looks its e-mails up among registered users, so the addresses a user
looks up are limited like any lookup by e-mail (RATE_LIMIT_CONTACT_EMAILS, per user; in Redis
on the PostgreSQL leg, in-process on SQLite): RATE_LIMITED past the budget."""

import uuid
from collections.abc import AsyncIterator

import pytest

from subgraphs.contacts.settings import ContactsSettings
from tests.clients import GraphQL, asgi_client
from tests.conftest import running
from tests.factories import CREATE_CONTACT, operation, sign_up, unique_email

UPDATE_CONTACT = operation("UpdateContact")


@pytest.fixture
async def strict(settings, users_app) -> AsyncIterator[GraphQL]:
    """The contacts subgraph allowing 5 e-mail lookups a minute per user, counted apart."""
    prefix = f"{settings.RATE_LIMIT_KEY_PREFIX}-{uuid.uuid4().hex[:6]}"
    own = ContactsSettings.of(
        settings, RATE_LIMIT_KEY_PREFIX=prefix, RATE_LIMIT_CONTACT_EMAILS="5 per minute"
    )
    async with running("contacts", own, users_app) as app, asgi_client(app) as client:
        yield GraphQL(client, "/graphql")


async def test_e_mails_looked_up_are_limited_per_user(users, strict):
    ada, bob = await sign_up(users), await sign_up(users)

    async def create(account, *emails: str, name: str = "Someone"):
        contact = {"name": name, "emails": list(emails)}
        return await strict(CREATE_CONTACT, {"input": contact}, token=account.token)

    first = await create(ada, unique_email(), unique_email())
    contact_id = first.data["createContact"]["id"]
    assert (await create(ada, unique_email(), unique_email())).data  # 4 addresses so far
    for _ in range(3):  # contacts without e-mails look nothing up
        assert (await create(ada, name="No e-mail")).data
    unchanged = {"emails": first.data["createContact"]["emails"], "notes": "met at a fair"}
    edited = await strict(UPDATE_CONTACT, {"id": contact_id, "input": unchanged}, token=ada.token)
    assert edited.data["updateContact"]["notes"] == "met at a fair"  # no new address: free
    assert (await create(ada, unique_email())).data  # the 5th

    refused = await create(ada, unique_email())
    assert refused.codes == ["RATE_LIMITED"], refused.body
    retry = refused.error["extensions"]["retryAfter"]
    assert isinstance(retry, int) and 1 <= retry <= 60
    added = {"emails": [*unchanged["emails"], unique_email()]}
    again = await strict(UPDATE_CONTACT, {"id": contact_id, "input": added}, token=ada.token)
    assert again.codes == ["RATE_LIMITED"]
    assert (await create(ada, name="Still fine")).data  # nothing looked up
    listed = await strict("{ contacts { totalCount } }", token=ada.token)
    assert listed.data["contacts"]["totalCount"] == 7  # the refused one was not saved
    assert (await create(bob, unique_email())).data  # another user's budget
