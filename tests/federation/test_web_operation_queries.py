"""Every operation the web app sends (web/src/graphql) costs each subgraph as many store queries
for a user with a few rows as for one with many: no query per row, anywhere in the plan.

How it counts: the embedded host runs with DEBUG_STORE_QUERIES=true, so each subgraph answers
`extensions.storeQueries` for the operation it ran. The router does not pass subgraph
`extensions` on to the client, so the router reaches the host through a small HTTP proxy in this
test process (`counting_proxy.py`) that adds up each subgraph's answers on their way back.
Operations are sent one at a time, so what the proxy saw between two resets is one operation's
plan. Nothing in the host or the router behaves differently for this test.

The operations are read from the directory: a new one fails `test_every_web_operation_is_covered`
until it has variables below (or an exemption with its reason).
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from scripts.stack import Stack, free_port, host_service, router_service
from tests.clients import GraphQL
from tests.conftest import database_template
from tests.factories import PASSWORD, WEB_OPERATIONS, pdf_bytes, sign_up
from tests.federation.counting_proxy import CountingProxy, counting_proxy
from tests.federation.web_owners import Owner, make_owner

pytestmark = pytest.mark.federation

FEW, MANY = 2, 60  # rows of each kind
PEOPLE = {FEW: 2, MANY: 15}  # registered contacts, profiles of interest
EXEMPT = {
    "WebNotificationReceived": "a subscription: each event is pushed as it happens, no store read",
}
Variables = Callable[[GraphQL, Owner], Awaitable[dict[str, Any]]]


def given(make: Callable[[Owner], dict[str, Any]]) -> Variables:
    async def variables(_: GraphQL, owner: Owner) -> dict[str, Any]:
        return make(owner)

    return variables


async def remove_interest(router: GraphQL, owner: Owner) -> dict[str, Any]:
    someone = await sign_up(router, full_name=f"{owner.tag} Liked")
    added = await router(OPERATIONS["AddInterest"], {"userId": someone.id}, token=token(owner))
    assert added.data
    return {"userId": someone.id}


async def add_interest(router: GraphQL, owner: Owner) -> dict[str, Any]:
    return {"userId": (await sign_up(router, full_name=f"{owner.tag} Liked")).id}


async def posted_upload(router: GraphQL, owner: Owner) -> dict[str, Any]:
    """An upload started and its file posted (step two): what WebCompleteUpload completes."""
    content = pdf_bytes()
    started = await router(OPERATIONS["WebCreateUpload"], upload(len(content)), token=token(owner))
    made = started.data["createUpload"]
    form = {field["name"]: field["value"] for field in made["fields"]}
    async with httpx.AsyncClient(timeout=30) as client:
        posted = await client.post(
            made["url"], data=form, files={"file": ("resume.pdf", content, "application/pdf")}
        )
    assert posted.status_code in (200, 201, 204), posted.text
    return {"id": made["id"]}


async def a_notification(router: GraphQL, owner: Owner) -> dict[str, Any]:
    inbox = "{ notifications(unreadOnly: false, first: 1) { edges { node { id } } } }"
    edges = (await router(inbox, token=token(owner))).data["notifications"]["edges"]
    return {"id": edges[0]["node"]["id"]}


def upload(size: int) -> dict[str, Any]:
    values = {"kind": "RESUME", "fileName": "resume.pdf", "contentType": "application/pdf"}
    return {"input": {**values, "size": size}}


def interview_input(owner: Owner) -> dict[str, Any]:
    values = {"applicationId": owner.applications[0], "startsAt": "2031-01-01T10:00:00Z",
              "timeZone": "UTC", "durationMinutes": 30, "type": "ONSITE"}  # fmt: skip
    return {"input": values}


def sign_up_input(owner: Owner) -> dict[str, Any]:
    name = f"{owner.tag} Newest"
    return {
        "input": {"email": f"new-{owner.account.email}", "password": PASSWORD, "fullName": name}
    }


def token(owner: Owner) -> str:
    return owner.account.token


# Queries first, then mutations (in this order: each leaves the owners as the next expects).
VARIABLES: dict[str, Variables] = {
    "AnalyticsPage": given(lambda _: {}),
    "ApplicationDetail": given(lambda o: {"id": o.applications[0]}),
    "ApplicationsTable": given(lambda o: {"filter": {"query": o.tag}, "first": 100}),
    "Board": given(lambda _: {"first": 100}),
    "Contacts": given(lambda o: {"query": o.tag, "first": 100}),
    "Dashboard": given(lambda _: {}),
    "Interests": given(lambda _: {"first": 100}),
    "Interviews": given(lambda _: {"first": 100}),
    "Profile": given(lambda _: {}),
    "PublicProfile": given(lambda o: {"id": o.people[0]}),
    "SearchPeople": given(lambda o: {"name": o.tag, "first": 100}),
    "Viewer": given(lambda _: {}),
    "WebMyResume": given(lambda _: {}),
    "WebNotificationPreferences": given(lambda _: {}),
    "WebNotifications": given(lambda _: {"unreadOnly": False, "first": 100}),
    "WebSearch": given(lambda o: {"query": o.word, "first": 30}),  # the results page
    "WebInterview": given(lambda o: {"id": o.interviews[0]}),
    "AddInterest": add_interest,
    "RemoveInterest": remove_interest,
    "CreateApplication": given(lambda o: {"input": {"company": f"{o.tag} New", "position": "PM"}}),
    "UpdateApplication": given(lambda o: {"id": o.applications[1], "input": {"notes": "Called"}}),
    "ChangeStatus": given(lambda o: {"id": o.applications[1], "status": "OFFER"}),
    "DeleteApplication": given(lambda o: {"id": o.applications[-1]}),
    "ScheduleInterview": given(interview_input),
    "WebUpdateInterview": given(
        lambda o: {"id": o.interviews[1], "input": {"durationMinutes": 45}}
    ),
    "CancelInterview": given(lambda o: {"id": o.interviews[0]}),
    "CreateContact": given(lambda o: {"input": {"name": f"{o.tag} Newcomer"}}),
    "WebUpdateContact": given(lambda o: {"id": o.contacts[0], "input": {"notes": "Met at a fair"}}),
    "WebDeleteContact": given(lambda o: {"id": o.contacts[-1]}),
    "WebImportPosting": given(
        lambda _: {"input": {"text": "Data Engineer at Zeta\nLocation: Oslo"}}
    ),
    "UpdateProfile": given(lambda o: {"input": {"headline": f"{o.tag} at work"}}),
    "WebCreateUpload": given(lambda _: upload(2048)),
    "WebCompleteUpload": posted_upload,
    "WebSetResumePublic": given(lambda _: {"public": True}),
    "WebSetNotificationPreference": given(lambda _: {"kind": "INTERVIEW_REMINDER", "email": False}),
    "WebMarkNotificationRead": a_notification,
    "WebMarkAllNotificationsRead": given(lambda _: {}),
    "LogIn": given(lambda o: {"input": {"email": o.account.email, "password": PASSWORD}}),
    "SignUp": given(sign_up_input),
    "DeleteAccount": given(lambda _: {"password": PASSWORD}),  # last: the owners are gone after
}
OPERATIONS = {path.stem: path.read_text() for path in sorted(WEB_OPERATIONS.glob("*.graphql"))}


@dataclass
class Counted:
    router: GraphQL
    proxy: CountingProxy
    owners: dict[int, Owner]  # by rows: FEW and MANY


@pytest.fixture(scope="module")
def counted_system(
    store_leg: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, CountingProxy]]:
    """The host (DEBUG_STORE_QUERIES on, events in process, files on local disk) and the
    router, which reaches it through the counting proxy."""
    data: Path = tmp_path_factory.mktemp(f"web-queries-{store_leg}")
    host_port, router_port = free_port(), free_port()
    env = {
        "DATA_DIR": str(data),
        "DATABASE_URL": database_template(store_leg, data, "webq"),
        "DEBUG_STORE_QUERIES": "true",
        "LOG_LEVEL": "warning",
        "REMINDER_SCAN_SECONDS": "0.2",
        "RELAY_SWEEP_SECONDS": "0.05",
        # Nine subgraphs, each with a write and a read pool, on a PostgreSQL server other test
        # runs share: few connections each (the counts do not depend on it).
        "DB_POOL_SIZE": "2",
    }
    with counting_proxy(f"http://127.0.0.1:{host_port}") as proxy:
        host = host_service(host_port, env=env, log=data / "host.log")
        router = router_service(
            router_port, subgraphs_url=proxy.url, env={"LOG_LEVEL": "warn"}, log=data / "router.log"
        )
        with Stack([host, router]):
            yield f"http://127.0.0.1:{router_port}", proxy


@pytest.fixture(scope="module")
async def counted(counted_system: tuple[str, CountingProxy]) -> AsyncIterator[Counted]:
    url, proxy = counted_system
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        router = GraphQL(client, "/graphql")
        few, many = await asyncio.gather(
            make_owner(router, "Few", FEW, PEOPLE[FEW]),
            make_owner(router, "Many", MANY, PEOPLE[MANY]),
        )
        yield Counted(router=router, proxy=proxy, owners={FEW: few, MANY: many})


def test_every_web_operation_is_covered() -> None:
    assert set(OPERATIONS) == set(VARIABLES) | set(EXEMPT)
    assert not set(VARIABLES) & set(EXEMPT)


async def test_the_owner_with_many_rows_has_pages_of_many(counted: Counted) -> None:
    """What the counts compare: the web app's lists answer MANY rows (or a full page) for one
    owner and a few for the other."""
    lists = {  # operation: its connection, the rows each owner has
        "ApplicationsTable": ("applications", FEW + 1, MANY + 1),
        "Interviews": ("interviews", FEW, MANY),
        "Contacts": ("contacts", FEW, MANY),
        "WebNotifications": ("notifications", FEW + PEOPLE[FEW], MANY + PEOPLE[MANY]),
    }
    for stem, (field, *sizes) in lists.items():
        for rows, expected in zip(counted.owners, sizes, strict=True):
            owner = counted.owners[rows]
            variables = await VARIABLES[stem](counted.router, owner)
            page = (await counted.router(OPERATIONS[stem], variables, token=token(owner))).data
            assert (page[field]["totalCount"], len(page[field]["edges"])) == (expected, expected)
    for rows, owner in counted.owners.items():
        me = await counted.router(OPERATIONS["Interests"], {"first": 100}, token=token(owner))
        assert me.data["me"]["interestedIn"]["totalCount"] == PEOPLE[rows]


@pytest.mark.parametrize("stem", list(VARIABLES))
async def test_the_store_queries_of_a_web_operation_do_not_grow_with_rows(
    counted: Counted, stem: str
) -> None:
    per_size = {}
    for rows, owner in counted.owners.items():
        variables = await VARIABLES[stem](counted.router, owner)
        counted.proxy.reset()
        result = await counted.router(OPERATIONS[stem], variables, token=token(owner))
        assert result.data, result.body
        assert "storeQueries" not in result.body.get("extensions", {})  # why the proxy counts
        per_size[rows] = counted.proxy.counts()
    assert per_size[FEW] == per_size[MANY], (
        f"{stem}: store queries by subgraph, by rows: {per_size}"
    )
