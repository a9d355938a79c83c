"""Posting import through the real router: a recorded Ashby-shaped posting served on loopback
(the system allows loopback, as a self-hoster may) becomes a draft, then an application."""

from collections.abc import Iterator

import pytest

from tests.clients import GraphQL
from tests.factories import create_application, operation, sign_up
from tests.postings.site import serving

pytestmark = pytest.mark.federation

IMPORT = operation("ImportPosting")


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serving() as url:
        yield url


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
