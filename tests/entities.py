"""What the owner-scoping test (`tests/federation/test_owner_scoping.py`) needs to know of each
subgraph, beyond what its SDL says. That test walks every subgraph in `supergraph.yaml`, every
entity (`@key` type) and every field that takes an entity id, and fails on any it finds no entry
for here: a new subgraph is covered by being listed, and by adding its lines below.
"""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from tests.clients import GraphQL
from tests.factories import (
    Account,
    create_application,
    create_contact,
    operation,
    sign_up,
    unique_email,
    upload_file,
)

SCHEDULE_INTERVIEW = operation("ScheduleInterview")


@dataclass(frozen=True)
class Entity:
    """How to make one, owned by `account`, through the router (answers its id)."""

    make: Callable[[GraphQL, Account], Awaitable[str]]
    # Public entities resolve for anyone, but only these fields; every other field is null for
    # anyone but the owner. Private entities (the default) resolve to null for anyone else.
    public_fields: frozenset[str] | None = None


@dataclass(frozen=True)
class ById:
    """A Query or Mutation field that takes the id of an `entity`."""

    entity: str
    variables: dict[str, Any] = field(default_factory=dict)  # its other required arguments
    # For public entities: acting on someone else's is allowed (adding a profile you like).
    allowed: bool = False


async def _own_user(_: GraphQL, account: Account) -> str:
    return account.id


# Subgraphs that learn of an application from its events resolve it only once they have heard
# of it (a few milliseconds): the maker waits for them, so the test does not race the events.
HEARD_OF = "query($id: ID!) { application(id: $id) { documents { id } } }"


async def _application(router: GraphQL, account: Account) -> str:
    created = await create_application(router, account, company="Secret Corp", notes="private")
    for _ in range(100):
        found = await router(HEARD_OF, {"id": created["id"]}, token=account.token)
        if found.data["application"]["documents"] is not None:
            break
        await asyncio.sleep(0.05)
    return str(created["id"])


async def _interview(router: GraphQL, account: Account) -> str:
    """An interview for a new application, once interviews have heard of it (events lag)."""
    application = await _application(router, account)
    values = {"applicationId": application, "startsAt": "2031-01-01T10:00:00Z",
              "timeZone": "UTC", "durationMinutes": 30, "type": "PHONE"}  # fmt: skip
    for _ in range(100):
        result = await router(SCHEDULE_INTERVIEW, {"input": values}, token=account.token)
        if result.codes != ["NOT_FOUND"]:
            return str(result.data["scheduleInterview"]["id"])
        await asyncio.sleep(0.05)
    raise AssertionError("the interviews subgraph never heard of the application")


async def _contact(router: GraphQL, account: Account) -> str:
    created = await create_contact(router, account, emails=["source@example.com"], notes="private")
    return str(created["id"])


async def _file(router: GraphQL, account: Account) -> str:
    uploaded = await upload_file(router, account, fileName="secret.pdf")
    return str(uploaded["id"])


START_EXPORT = operation("StartExport")


async def _export_job(router: GraphQL, account: Account) -> str:
    started = await router(START_EXPORT, {"format": "JSON"}, token=account.token)
    return str(started.data["startExport"]["id"])


NOTIFICATIONS = "{ notifications(first: 1) { edges { node { id } } } }"


async def _notification(router: GraphQL, account: Account) -> str:
    """A contact of `account` whose person then registers: a CONTACT_REGISTERED notification."""
    email = unique_email("joiner")
    await create_contact(router, account, emails=[email])
    await asyncio.sleep(0.2)  # the contact's first (unlinked) event reaches notifications first
    await sign_up(router, email=email, full_name="Joiner")
    for _ in range(200):
        edges = (await router(NOTIFICATIONS, token=account.token)).data["notifications"]["edges"]
        if edges:
            return str(edges[0]["node"]["id"])
        await asyncio.sleep(0.05)
    raise AssertionError("no notification came of a contact who registered")


async def _followed_board(router: GraphQL, account: Account) -> str:
    follow = "mutation($i: FollowBoardInput!) { followBoard(input: $i) { id } }"
    values = {"provider": "LEVER", "board": "acme"}  # the federation system's recorded board
    result = await router(follow, {"i": values}, token=account.token)
    return str(result.data["followBoard"]["id"])


async def _discovered_job(router: GraphQL, account: Account) -> str:
    """An opening in the account's inbox: it follows a recorded board, which the postings
    subgraph polls every 0.2 s in the federation system."""
    await _followed_board(router, account)
    inbox = "{ discoveredJobs(first: 1) { edges { node { id } } } }"
    for _ in range(200):
        edges = (await router(inbox, token=account.token)).data["discoveredJobs"]["edges"]
        if edges:
            return str(edges[0]["node"]["id"])
        await asyncio.sleep(0.05)
    raise AssertionError("the postings subgraph never polled the followed board")


PUBLIC_PROFILE = frozenset(
    {"id", "fullName", "location", "headline", "skills", "socialLinks", "createdAt"}
)

ENTITIES: dict[str, Entity] = {
    "User": Entity(make=_own_user, public_fields=PUBLIC_PROFILE),
    "Application": Entity(make=_application),
    "Interview": Entity(make=_interview),
    "Contact": Entity(make=_contact),
    "File": Entity(make=_file),
    "ExportJob": Entity(make=_export_job),
    "Notification": Entity(make=_notification),
    "FollowedBoard": Entity(make=_followed_board),
    "DiscoveredJob": Entity(make=_discovered_job),
}

BY_ID: dict[str, ById] = {
    "user": ById("User", allowed=True),
    "addProfileInterest": ById("User", allowed=True),
    "removeProfileInterest": ById("User", allowed=True),
    "application": ById("Application"),
    "updateApplication": ById("Application", {"input": {"company": "Pwned"}}),
    "changeApplicationStatus": ById("Application", {"status": "REJECTED"}),
    "deleteApplication": ById("Application"),
    "interview": ById("Interview"),
    "updateInterview": ById("Interview", {"input": {"durationMinutes": 1}}),
    "cancelInterview": ById("Interview"),
    "contact": ById("Contact"),
    "updateContact": ById("Contact", {"input": {"name": "Pwned"}}),
    "deleteContact": ById("Contact"),
    "file": ById("File"),
    "completeUpload": ById("File"),
    "deleteFile": ById("File"),
    "exportJob": ById("ExportJob"),
    "markNotificationRead": ById("Notification"),
    "unfollowBoard": ById("FollowedBoard"),
    "saveDiscoveredJob": ById("DiscoveredJob"),
    "dismissDiscoveredJob": ById("DiscoveredJob"),
}
