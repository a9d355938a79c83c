"""Two web-app users made through the router for the store-query test
(`test_web_operation_queries.py`): one with a few rows of everything the web app shows, one with
many, each with the same shape of data (so every operation has the same things to read).
"""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from tests.clients import GraphQL
from tests.factories import (
    STATUSES,
    Account,
    create_application,
    create_contact,
    operation,
    sign_up,
    unique_email,
)

T = TypeVar("T")
SCHEDULE = operation("ScheduleInterview")
ADD_INTEREST = operation("AddInterest")
SEARCH_FIRST = 100
SETTLED = """query($tag: String!, $first: Int!) {
  me { analytics { applicationsPerMonth { count } } }
  notifications(unreadOnly: false, first: 1) { totalCount }
  search(query: $tag, first: $first) { kind }
}"""
MARKED = 10  # rows of a kind (people: half as many) whose text has the owner's `word`
AT_ONCE = 8  # requests in flight while seeding


@dataclass
class Owner:
    """A signed-up user and the ids of what they own: `rows` interviews and contacts, one more
    application (the last has no interview), `people` who registered with a contact's e-mail
    (each a linked contact, a notification and a profile of interest: fewer, as each sign-up
    costs a password hash), and a notification per interview (its reminder, due at once)."""

    account: Account
    tag: str  # a word in the names of all their rows (and people), for the searches
    applications: list[str]
    interviews: list[str]
    contacts: list[str]
    people: list[str]

    @property
    def word(self) -> str:
        """In the first MARKED rows of each kind only: all its hits are one page of WebSearch."""
        return marked(self.tag, 0)


def marked(tag: str, n: int) -> str:
    return f"{tag}lattice" if n < MARKED else tag


async def batched(make: Callable[[int], Awaitable[T]], count: int) -> list[T]:
    """`make(0)` ... `make(count - 1)`, AT_ONCE at a time."""
    done: list[T] = []
    for start in range(0, count, AT_ONCE):
        chunk = range(start, min(start + AT_ONCE, count))
        done += await asyncio.gather(*(make(n) for n in chunk))
    return done


async def schedule(router: GraphQL, account: Account, application: str) -> str:
    """An interview starting in 30 minutes with a reminder an hour before: due at once."""
    starts = datetime.now(UTC) + timedelta(minutes=30)
    values = {"applicationId": application, "startsAt": starts.isoformat(), "timeZone": "UTC",
              "durationMinutes": 30, "type": "PHONE", "reminderOffsetsMinutes": [60]}  # fmt: skip
    for _ in range(200):  # interviews hear of a new application from its events
        result = await router(SCHEDULE, {"input": values}, token=account.token)
        if result.codes != ["NOT_FOUND"]:
            return str(result.data["scheduleInterview"]["id"])
        await asyncio.sleep(0.05)
    raise AssertionError("interviews never heard of the application")


async def make_owner(router: GraphQL, tag: str, rows: int, people: int) -> Owner:
    account = await sign_up(router, full_name=f"{tag} Owner")
    emails = [unique_email(tag.lower()) for _ in range(people)]

    async def application(n: int) -> str:
        made = await create_application(
            router, account, company=f"{tag} Company {n}", position=f"{marked(tag, n)} Engineer",
            location="Berlin", status=STATUSES[n % len(STATUSES)], salaryMin=50_000 + n,
            salaryCurrency="EUR",
        )  # fmt: skip
        return str(made["id"])

    async def contact(n: int) -> str:
        made = await create_contact(
            router, account, name=f"{tag} Contact {n}", company=f"{tag} Company {n}",
            position=f"{marked(tag, n)} Recruiter", emails=emails[n : n + 1], phones=["+49 30 1"],
        )  # fmt: skip
        return str(made["id"])

    async def person(n: int) -> str:
        name = f"{tag} Person {marked(tag, 2 * n)}"
        registered = await sign_up(router, email=emails[n], full_name=name)
        added = await router(ADD_INTEREST, {"userId": registered.id}, token=account.token)
        assert added.data
        return registered.id

    applications = await batched(application, rows + 1)
    contacts = await batched(contact, rows)
    await asyncio.sleep(0.3)  # each contact's first (unlinked) event reaches notifications first
    owner = Owner(
        account=account,
        tag=tag,
        applications=applications,
        contacts=contacts,
        people=await batched(person, people),
        interviews=await batched(lambda n: schedule(router, account, applications[n]), rows),
    )
    await settled(router, owner, rows, people)
    return owner


async def settled(
    router: GraphQL, owner: Owner, rows: int, people: int, seconds: float = 30
) -> None:
    """Waits until what events feed has caught up: analytics has every application, each
    interview's reminder and each registered contact is a notification, search has them all."""
    # search: the applications, contacts, people and the owner (at most SEARCH_FIRST)
    expected = (rows + 1, rows + people, min(2 * rows + people + 2, SEARCH_FIRST))
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        asked = {"tag": owner.tag, "first": SEARCH_FIRST}
        data = (await router(SETTLED, asked, token=owner.account.token)).data
        seen = (
            sum(m["count"] for m in data["me"]["analytics"]["applicationsPerMonth"]),
            data["notifications"]["totalCount"],
            len(data["search"]),
        )
        if seen == expected:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"events never caught up: {seen}, expected {expected}")
        await asyncio.sleep(0.1)
