"""Posting import through the real router: a recorded Ashby-shaped posting served on loopback
(the system allows loopback, as a self-hoster may) becomes a draft, then an application."""

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest

from tests.clients import GraphQL
from tests.factories import create_application, operation, sign_up, upload_file
from tests.postings.documents import docx_bytes
from tests.postings.pairs import PLATFORM
from tests.postings.site import serving

pytestmark = pytest.mark.federation

IMPORT = operation("ImportPosting")


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serving() as url:
        yield url


async def eventually(probe: Callable[[], Awaitable[Any]], seconds: float = 10.0) -> Any:
    for _ in range(int(seconds / 0.1)):
        if answer := await probe():
            return answer
        await asyncio.sleep(0.1)
    return await probe()


async def test_import_then_save(router: GraphQL, site: str) -> None:
    account = await sign_up(router)
    result = await router(IMPORT, {"input": {"url": f"{site}/ashby"}}, token=account.token)
    draft = result.data["importPosting"]
    assert (draft["company"], draft["position"]) == (
        "Helix Health",
        "Platform Engineer (Kubernetes)",
    )
    assert draft["remote"] is True
    fields = {"company", "position", "location", "salaryMin", "salaryMax", "salaryCurrency",
              "jobDescription", "jobUrl"}  # fmt: skip
    saved = await create_application(router, account, **{k: draft[k] for k in fields})
    assert saved["company"] == "Helix Health"


async def test_refused_and_anonymous(router: GraphQL) -> None:
    account = await sign_up(router)
    metadata = {"input": {"url": "http://169.254.169.254/latest/meta-data/"}}
    assert (await router(IMPORT, metadata, token=account.token)).codes == ["URL_NOT_ALLOWED"]
    anonymous = await router(IMPORT, {"input": {"text": "Engineer at Foo"}})
    assert anonymous.codes == ["UNAUTHENTICATED"] or anonymous.status == 401


MATCH = operation("ApplicationMatch")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def test_match_of_a_docx_resume_with_an_application(router: GraphQL) -> None:
    """The whole chain: completeUpload extracts the resume's text, file.uploaded carries it,
    application.description_changed the description; the postings consumer scores them."""
    account = await sign_up(router)
    content = docx_bytes("Platform engineer", PLATFORM.good)
    uploaded = await upload_file(router, account, content, fileName="cv.docx",
                                 contentType=DOCX_TYPE)  # fmt: skip
    application = await create_application(router, account, company="Helix Health",
        position=PLATFORM.position, jobDescription=PLATFORM.description)  # fmt: skip

    async def computed() -> Any:
        found = await router(MATCH, {"id": application["id"]}, token=account.token)
        return found.data["application"]["match"]

    match = await eventually(computed)
    assert match is not None, "the match was never computed"
    assert match["keywordScore"] == 100 and match["resumeFileId"] == uploaded["id"]
    assert match["semanticScore"] > 50  # the embedding model ran in the worker
    assert match["score"] == round(0.7 * 100 + 0.3 * match["semanticScore"])
    assert "Kubernetes" in match["matchedSkills"]

    stranger = await sign_up(router)
    theirs = await router(MATCH, {"id": application["id"]}, token=stranger.token)
    assert theirs.data["application"] is None


async def test_discover_then_save_as_an_application(router: GraphQL) -> None:
    """A followed Lever board (recorded payload on loopback) polled by the running postings
    subgraph; the best opening saved becomes an application in the applications subgraph."""
    account = await sign_up(router)
    targets = {"roles": ["Platform Engineer"], "locations": [], "remote": True}
    await router(
        "mutation($i: JobTargetsInput!) { setJobTargets(input: $i) { remote } }",
        {"i": targets},
        token=account.token,
    )
    follow = "mutation($i: FollowBoardInput!) { followBoard(input: $i) { id } }"
    await router(follow, {"i": {"provider": "LEVER", "board": "acme"}}, token=account.token)
    inbox = "{ discoveredJobs { edges { node { id position rank } } } }"

    async def found() -> Any:
        return (await router(inbox, token=account.token)).data["discoveredJobs"]["edges"]

    edges = await eventually(found)
    assert [edge["node"]["position"] for edge in edges] == [
        "Senior Platform Engineer",
        "Account Executive",
    ]
    best = edges[0]["node"]["id"]
    save = "mutation($id: ID!) { saveDiscoveredJob(id: $id) { status application { id } } }"
    saved = (await router(save, {"id": best}, token=account.token)).data["saveDiscoveredJob"]
    application_id = saved["application"]["id"]

    async def created() -> Any:
        query = "query($id: ID!) { application(id: $id) { company position status } }"
        return (await router(query, {"id": application_id}, token=account.token)).data[
            "application"
        ]

    application = await eventually(created)
    assert application == {"company": "acme", "position": "Senior Platform Engineer",
                           "status": "SAVED"}  # fmt: skip
