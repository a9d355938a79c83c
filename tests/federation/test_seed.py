"""`scripts/task seed`: a demo account whose dashboard is lively once the events are in."""

import asyncio

import pytest

from scripts.seed import EMAIL, PASSWORD, seed
from subgraphs.files.settings import FilesSettings
from tests.factories import operation

pytestmark = pytest.mark.federation


async def test_the_demo_account_has_a_lively_dashboard(router, system):
    known = FilesSettings.model_fields  # kit's, and the files subgraph's for the resume
    await seed(
        FilesSettings(**{name: value for name, value in system.env.items() if name in known})
    )
    login = {"input": {"email": EMAIL, "password": PASSWORD}}
    token = (await router(operation("LogIn"), login)).data["logIn"]["token"]
    for _ in range(100):  # the relay sends the seed's events; analytics and interviews follow
        data = (await router(operation("Dashboard"), token=token)).data
        if sum(m["count"] for m in data["me"]["analytics"]["applicationsPerMonth"]) >= 40:
            break
        await asyncio.sleep(0.1)
    assert data["inProgress"]["totalCount"] > 0
    assert len(data["recentApplications"]["edges"]) == 5
    assert len(data["upcomingInterviews"]) == 5
    assert all(i["application"]["company"] for i in data["upcomingInterviews"])
    analytics = data["me"]["analytics"]
    assert {s["label"] for s in analytics["byStatus"]} >= {"APPLIED", "INTERVIEW", "REJECTED"}
    assert sum(1 for month in analytics["applicationsPerMonth"] if month["count"]) >= 8
    assert analytics["medianDaysToResponse"] > 1
    assert analytics["funnel"][1]["count"] > 0

    people = """{ me { resume { fileName }
      contacts(first: 10) { totalCount edges { node { name linkedUser { fullName } } } } } }"""
    for _ in range(100):  # the second user is linked once contacts hear of their sign-up
        me = (await router(people, token=token)).data["me"]
        linked = {e["node"]["name"]: e["node"]["linkedUser"] for e in me["contacts"]["edges"]}
        if linked.get("Frida Friend"):
            break
        await asyncio.sleep(0.1)
    assert me["contacts"]["totalCount"] == 5
    assert linked["Frida Friend"] == {"fullName": "Frida Friend"}
    assert linked["Rita Recruiter"] is None
    # the demo's resume is written to local disk only (the PostgreSQL leg keeps files in S3)
    on_disk = "FILES_STORAGE_URL" not in system.env
    assert me["resume"] == ({"fileName": "demo-resume.pdf"} if on_disk else None)
