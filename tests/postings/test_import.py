"""importPosting through the postings subgraph: by URL (fetched), HTML or text, validated."""

from subgraphs.postings.settings import PostingsSettings
from tests.clients import GraphQL, asgi_client
from tests.conftest import running
from tests.factories import Account, operation, sign_up

IMPORT = operation("ImportPosting")


async def test_import_by_url(postings: GraphQL, account: Account, site: str) -> None:
    result = await postings(IMPORT, {"input": {"url": f"{site}/greenhouse"}}, token=account.token)
    draft = result.data["importPosting"]
    assert draft["company"] == "Northwind Labs"
    assert draft["salaryMin"] == 75000 and draft["salaryCurrency"] == "EUR"
    found = {each["field"]: each["source"] for each in draft["found"]}
    assert found["POSITION"] == "JSON_LD" and found["JOB_URL"] == "META"
    assert draft["missing"] == []


async def test_import_plain_text_url(postings: GraphQL, account: Account, site: str) -> None:
    result = await postings(IMPORT, {"input": {"url": f"{site}/plain"}}, token=account.token)
    draft = result.data["importPosting"]
    assert (draft["position"], draft["company"]) == ("Senior Python Developer", "Quokka Payments")
    assert draft["jobUrl"] == f"{site}/plain"
    assert draft["salaryMax"] == 90000


async def test_import_html_with_its_url(postings: GraphQL, account: Account) -> None:
    html = "<title>Analyst at Foo</title><body><p>Location: Oslo</p></body>"
    variables = {"input": {"html": html, "url": "https://foo.example/jobs/1"}}
    draft = (await postings(IMPORT, variables, token=account.token)).data["importPosting"]
    assert (draft["position"], draft["company"], draft["location"]) == ("Analyst", "Foo", "Oslo")
    assert draft["jobUrl"] == "https://foo.example/jobs/1"
    assert "SALARY_MIN" in draft["missing"]


async def test_import_text(postings: GraphQL, account: Account) -> None:
    text = "Data Engineer at Zeta\nLocation: Remote\nSalary: 60k-70k EUR"
    draft = (await postings(IMPORT, {"input": {"text": text}}, token=account.token)).data[
        "importPosting"
    ]
    assert draft["remote"] is True and draft["salaryMin"] == 60000
    assert {each["source"] for each in draft["found"]} == {"HEURISTIC"}


async def test_refusals_have_codes(postings: GraphQL, account: Account) -> None:
    cases = [
        ({}, "BAD_USER_INPUT"),
        ({"text": "a", "html": "<p>b</p>"}, "BAD_USER_INPUT"),
        ({"text": "  "}, "BAD_USER_INPUT"),
        ({"url": "file:///etc/passwd"}, "URL_NOT_ALLOWED"),
        ({"url": "http://169.254.169.254/latest/meta-data/"}, "URL_NOT_ALLOWED"),
    ]
    for given, code in cases:
        result = await postings(IMPORT, {"input": given}, token=account.token)
        assert result.codes == [code], given


async def test_needs_a_token(postings: GraphQL) -> None:
    result = await postings(IMPORT, {"input": {"text": "Engineer at Foo"}})
    assert result.codes == ["UNAUTHENTICATED"]


async def test_url_imports_are_rate_limited_per_user(settings, users_app, users, site) -> None:
    """Each URL import makes the server fetch a page: RATE_LIMIT_IMPORT_POSTING per user."""
    limited = PostingsSettings.of(
        settings, POSTINGS_ALLOW_LOOPBACK=True, RATE_LIMIT_IMPORT_POSTING="2 per minute"
    )
    async with running("postings", limited, users_app) as app, asgi_client(app) as client:
        postings = GraphQL(client, "/graphql")
        account, other = await sign_up(users), await sign_up(users)
        by_url = {"input": {"url": f"{site}/lever"}}
        for _ in range(2):
            assert (await postings(IMPORT, by_url, token=account.token)).data
        refused = await postings(IMPORT, by_url, token=account.token)
        assert refused.codes == ["RATE_LIMITED"]
        assert (await postings(IMPORT, by_url, token=other.token)).data  # per user
        pasted = {"input": {"text": "Engineer at Foo"}}  # no fetch: not counted
        assert (await postings(IMPORT, pasted, token=account.token)).data
