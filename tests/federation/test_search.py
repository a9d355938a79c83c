"""Through the real router: writes reach the search index from their events within a second,
the fields the web app shows of a hit come from search alone (`@provides`, one fetch), others
from their owning subgraphs, and nobody finds what is not theirs to find.
(SQLite leg: the embedded profile's in-process broker; PostgreSQL leg: RabbitMQ.)"""

import asyncio
import time
from typing import Any

import pytest

from tests.factories import create_application, create_contact, operation, sign_up
from tests.federation.test_dashboard import fetch_rounds

pytestmark = pytest.mark.federation

SEARCH = operation("Search")
WEB_SEARCH = operation("WebSearch")  # the web app's header box and results page
UPDATE = "mutation($id: ID!, $i: UpdateApplicationInput!) { updateApplication(id: $id, input: $i) { id } }"
DELETE = "mutation($id: ID!) { deleteApplication(id: $id) }"
PROFILE = "mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }"
FRESH_SECONDS = 1.0  # the freshness budget: a committed write is findable within it


async def hits(router, account, query: str, **variables: Any) -> list[dict[str, Any]]:
    result = await router(SEARCH, {"query": query, **variables}, token=account.token)
    assert not result.body.get("errors"), result.body
    return result.data["search"]


def ids(found: list[dict[str, Any]]) -> set[str]:
    """The ids of the hits whose owning subgraph resolves them (a moment after a deletion, the
    index may still hold what its owner's subgraph already answers null for)."""
    refs = [h["application"] or h["contact"] or h["user"] for h in found]
    return {ref["id"] for ref in refs if ref is not None}


async def until(router, account, query: str, expected: set[str], within: float = 3.0) -> float:
    """Seconds until searching `query` finds exactly `expected` (fails after `within`)."""
    start = time.monotonic()
    while (found := ids(await hits(router, account, query))) != expected:
        assert time.monotonic() - start < within, f"{query!r}: {found} after {within} s"
        await asyncio.sleep(0.02)
    return time.monotonic() - start


async def test_applications_are_findable_fresh_updated_and_gone_when_deleted(router):
    me = await sign_up(router)
    made = await create_application(router, me, company="Zanzibar Robotics", position="Welder")
    assert await until(router, me, "zanzibar", {made["id"]}) <= FRESH_SECONDS
    [hit] = await hits(router, me, "zanzib")
    assert hit["kind"] == "APPLICATION"
    application = hit["application"]  # as search's index keeps it
    assert (application["id"], application["company"], application["position"]) == (
        made["id"], "Zanzibar Robotics", "Welder",
    )  # fmt: skip
    assert hit["highlights"][0]["field"] == "company"

    changed = {"company": "Quokka Dynamics", "notes": "Referred by Ilse"}
    await router(UPDATE, {"id": made["id"], "i": changed}, token=me.token)
    assert await until(router, me, "quokka", {made["id"]}) <= FRESH_SECONDS
    assert ids(await hits(router, me, "zanzibar")) == set()
    assert ids(await hits(router, me, "ilse")) == {made["id"]}  # notes are searchable

    assert (await router(DELETE, {"id": made["id"]}, token=me.token)).data
    assert await until(router, me, "quokka", set()) <= FRESH_SECONDS


async def test_nobody_finds_someone_elses_applications_or_contacts(router):
    alice, bob = await sign_up(router), await sign_up(router)
    application = await create_application(router, alice, company="Marzipan Holdings")
    contact = await create_contact(router, alice, name="Marzipan Recruiter")
    await until(router, alice, "marzipan", {application["id"], contact["id"]})
    assert await hits(router, bob, "marzipan") == []
    found = await hits(router, alice, "marzipan", kinds=["CONTACT"])
    assert [h["contact"]["name"] for h in found] == ["Marzipan Recruiter"]


async def test_public_profiles_are_found_by_others_private_ones_are_not(router):
    alice, bob = await sign_up(router, full_name="Philippa Quarternion"), await sign_up(router)
    await until(router, bob, "quarternion", {alice.id})
    [hit] = await hits(router, bob, "quartern", kinds=["USER"])
    assert hit["user"] == {"id": alice.id, "fullName": "Philippa Quarternion", "headline": None}

    await router(PROFILE, {"i": {"profilePublic": False}}, token=alice.token)
    await until(router, bob, "quarternion", set())
    assert ids(await hits(router, alice, "quarternion")) == {alice.id}  # her own, still


async def test_the_web_apps_search_is_one_fetch_to_search_alone(router):
    """Every field WebSearch shows is provided by search (`@provides`): the router asks no
    owning subgraph, and what search answers equals what they answer."""
    me = await sign_up(router, full_name="Octavia Xylograph")
    other = await sign_up(router, full_name="Xylo Friend")
    made = await create_application(router, me, company="Xylograph Labs", position="Printer")
    contact = await create_contact(router, me, name="Xylo Contact", emails=[other.email])
    expected = {made["id"], contact["id"], me.id, other.id}
    await until(router, me, "xylo", expected)
    for _ in range(200):  # contacts link the contact to `other`; search hears of it after
        result = await router(WEB_SEARCH, {"query": "xylo", "first": 10}, token=me.token,
                              headers={"x-expose-query-plan": "1"})  # fmt: skip
        found = {h["kind"]: h for h in result.data["search"] if h["kind"] != "USER"}
        if found["CONTACT"]["contact"]["linkedUser"]:
            break
        await asyncio.sleep(0.05)
    plan = result.body["extensions"]["queryPlan"]
    assert fetch_rounds(plan["node"]) == 1 and plan["node"]["serviceName"] == "search", plan
    assert found["APPLICATION"]["application"] == {
        "id": made["id"], "company": "Xylograph Labs", "position": "Printer", "status": "SAVED",
    }  # fmt: skip
    assert found["CONTACT"]["contact"] == {
        "id": contact["id"], "name": "Xylo Contact", "company": "Navy",
        "position": "Rear Admiral", "linkedUser": {"id": other.id},
    }  # fmt: skip
    people = {h["user"]["id"]: h["user"] for h in result.data["search"] if h["kind"] == "USER"}
    assert people == {
        me.id: {"id": me.id, "fullName": "Octavia Xylograph", "headline": None},
        other.id: {"id": other.id, "fullName": "Xylo Friend", "headline": None},
    }
    # A field search does not keep still comes from its owner, in a second round.
    asked = "query($q: String!) { search(query: $q) { application { id appliedAt } } }"
    more = await router(asked, {"q": "xylograph labs"}, token=me.token,
                        headers={"x-expose-query-plan": "1"})  # fmt: skip
    assert more.data["search"] == [
        {"application": {"id": made["id"], "appliedAt": made["appliedAt"]}}
    ]
    assert fetch_rounds(more.body["extensions"]["queryPlan"]["node"]) == 2
