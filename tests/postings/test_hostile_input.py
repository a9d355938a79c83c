"""importPosting with input built to hurt (issue: one paste froze every subgraph of the host).

Parsing is linear in the input and runs in a worker process with a time budget, so a
pathological paste costs its sender a refusal with a code, never another user a wait."""

import asyncio
import json
import statistics
import time

import pytest

from subgraphs.postings import extract
from subgraphs.postings.settings import PostingsSettings
from tests.clients import GraphQL, asgi_client
from tests.conftest import running
from tests.factories import operation, sign_up
from tests.slow_callbacks import loop_lag

IMPORT = operation("ImportPosting")
BLANK_LINES = "Engineer at Acme\n" + "\n" * 12_000 + "end"
NESTED = "<html><body>" + "<div>" * 60_000 + "x" + "</div>" * 60_000 + "</body></html>"


def job_posting(**fields: object) -> str:
    data = json.dumps({"@context": "https://schema.org", "@type": "JobPosting", **fields})
    return f'<script type="application/ld+json">{data}</script>'


@pytest.mark.parametrize(
    "text",
    [
        BLANK_LINES,
        " \n" * 50_000 + "Company: Acme",
        "x" + " " * 150_000 + "at y",  # a whitespace run where a title's " at " is looked for
        ("no " + " " * 20) * 5_000,
        "$" + "1" * 100_000,
    ],
    ids=["blank-lines", "blank-runs", "space-run-title", "no-remote", "long-number"],
)
def test_pasted_text_is_read_in_linear_time(text: str) -> None:
    """Each of these took seconds (quadratic patterns) or ended in an error; doubling the input
    must now about double the work, not quadruple it (a ratio, not a timing)."""
    half = text[: len(text) // 2]

    def cost(sample: str) -> float:
        start = time.process_time()
        for _ in range(3):
            extract.from_text(sample)
        return time.process_time() - start

    small, large = cost(half), cost(text)
    assert large < max(small * 3.2, 0.05)


def test_blank_lines_still_find_the_title_and_labels() -> None:
    draft = extract.from_text(BLANK_LINES)
    assert (draft.position, draft.company) == ("Engineer", "Acme")
    labelled = extract.from_text("Engineer at Acme\nLocation:\n\n\n  Berlin  \nSalary: €60k - €80k")
    assert labelled.location == "Berlin"
    assert (labelled.salary_min, labelled.salary_max, labelled.salary_currency) == (
        60_000,
        80_000,
        "EUR",
    )


@pytest.mark.parametrize(
    "salary",
    [
        "NaN",
        "Infinity",
        "-Infinity",
        "1e400",
        {"@type": "QuantitativeValue", "value": 1_200_000, "unitText": "HOUR"},
        {"@type": "QuantitativeValue", "minValue": 5e9, "maxValue": 6e9},
        {"@type": "QuantitativeValue", "value": 10**400},
    ],
)
def test_salaries_no_salary_can_be_are_left_out(salary: object) -> None:
    raw = json.dumps({"currency": "USD", "value": salary}).replace('"NaN"', "NaN")
    raw = raw.replace('"Infinity"', "Infinity").replace('"-Infinity"', "-Infinity")
    raw = raw.replace('"1e400"', "1e400")
    page = (
        '<script type="application/ld+json">{"@type": "JobPosting", "title": "Engineer", '
        f'"baseSalary": {raw}}}</script>'
    )
    draft = extract.from_html(page)
    assert draft.position == "Engineer"
    assert (draft.salary_min, draft.salary_max) == (None, None)


def test_text_salaries_past_any_salary_are_left_out() -> None:
    assert extract.from_text("Engineer at Acme\nSalary: $5,000,000,000").salary_min is None
    assert extract.from_text("Engineer at Acme\n$1,200,000 per hour").salary_min is None


def test_json_ld_nested_past_the_stack_is_skipped() -> None:
    deep = "[" * 5_000 + "]" * 5_000
    page = f'<script type="application/ld+json">{deep}</script><title>Engineer at Acme</title>'
    assert extract.from_html(page).company == "Acme"
    graph = {"@graph": [[[[[[{"@type": "JobPosting", "title": "Deep"}]]]]]]}
    assert extract.from_html(f'<script type="application/ld+json">{json.dumps(graph)}</script>')


@pytest.fixture(scope="module")
async def strict_postings(settings, users_app):
    """The postings subgraph with a 1 s parse budget and 3 pastes a minute per user."""
    strict = PostingsSettings.of(
        settings, PARSE_TIME_LIMIT_SECONDS=1.0, RATE_LIMIT_PASTE_POSTING="3 per minute"
    )
    async with running("postings", strict, users_app) as app, asgi_client(app) as client:
        yield GraphQL(client, "/graphql")


async def test_a_pathological_paste_is_refused_and_delays_nobody(strict_postings, users) -> None:
    """60,000 nested elements take the HTML parser many seconds: the paste is stopped at its
    budget with INPUT_TOO_COMPLEX, while another user's requests (pastes too) are answered at
    once (well under the parse's seconds) and the event loop's thread never works 100 ms
    between two ticks (its CPU time: `loop_lag`)."""
    sender, other = await sign_up(users), await sign_up(users)
    pasted = {"input": {"text": "Engineer at Acme"}}
    await strict_postings(IMPORT, pasted, token=other.token)  # the workers are started
    boards = "{ followedBoards { edges { node { id } } } }"

    async def timed(*request: object) -> float:
        start = time.perf_counter()
        answer = await strict_postings(*request, token=other.token)
        assert answer.data
        return time.perf_counter() - start

    async with loop_lag() as lags:
        usual = min([await timed(boards) for _ in range(5)])
        paste = asyncio.create_task(
            strict_postings(IMPORT, {"input": {"html": NESTED}}, token=sender.token)
        )
        await asyncio.sleep(0.3)  # the paste is being parsed
        # the other user's budget: 3 pastes a minute
        delays = [await timed(IMPORT, pasted) - usual for _ in range(2)]
        while not paste.done():
            delays.append(await timed(boards) - usual)
            await asyncio.sleep(0.05)
        result = await paste
    assert result.codes == ["INPUT_TOO_COMPLEX"]
    assert "too large or too complex" in result.error["message"]
    # Before the worker processes, every request waited for the whole parse (seconds); now a
    # typical one is a few ms slower than usual. The worst is bounded loosely: on a machine
    # whose two cores also run the suite's other workers, any request may wait a moment.
    assert len(delays) > 5 and statistics.median(delays) < 0.1, delays
    assert max(delays) < 1, delays
    assert lags and max(lags) < 0.1, max(lags)


async def test_pastes_have_their_own_rate_limit(strict_postings, users) -> None:
    account = await sign_up(users)
    pasted = {"input": {"text": "Engineer at Acme"}}
    for _ in range(3):
        assert (await strict_postings(IMPORT, pasted, token=account.token)).data
    refused = await strict_postings(IMPORT, pasted, token=account.token)
    assert refused.codes == ["RATE_LIMITED"]
    html = {"input": {"html": "<title>Engineer at Acme</title>"}}
    assert (await strict_postings(IMPORT, html, token=account.token)).codes == ["RATE_LIMITED"]


async def test_pasted_text_has_a_size_cap(postings, users, settings) -> None:
    account = await sign_up(users)
    too_long = "x" * (PostingsSettings.of(settings).POSTINGS_TEXT_MAX_CHARS + 1)
    result = await postings(IMPORT, {"input": {"text": too_long}}, token=account.token)
    assert result.codes == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:70540/", "http://127.0.0.1:5004%2f%2e%2e", "http://[::1", "http://[::1]:x/"],
)
async def test_urls_that_do_not_parse_are_refused_with_a_code(postings, users, url) -> None:
    account = await sign_up(users)
    result = await postings(IMPORT, {"input": {"url": url}}, token=account.token)
    assert result.codes == ["URL_NOT_ALLOWED"]
