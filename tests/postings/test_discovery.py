"""Discovering openings: boards followed, polled politely against recorded payloads served on
loopback, ranked into the inbox, saved (an application, by an event) or dismissed."""

import uuid
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from subgraphs.applications.events import handlers as applications_handlers
from subgraphs.kit import Event, runtime_of, utcnow
from subgraphs.kit.events.consumer import consume
from subgraphs.postings import poller
from subgraphs.postings.fetch import Fetcher
from subgraphs.postings.models import Board
from subgraphs.postings.settings import PostingsSettings
from tests.factories import sign_up
from tests.postings.site import FIXTURES, Handler
from tests.postings.test_match_events import upload_resume

FOLLOW = "mutation($i: FollowBoardInput!) { followBoard(input: $i) { id provider board } }"
TARGETS = "mutation($i: JobTargetsInput!) { setJobTargets(input: $i) { roles locations remote } }"
INBOX = """query($first: Int, $after: String) { discoveredJobs(first: $first, after: $after) {
  totalCount edges { node { id company position location remote jobUrl rank status } }
  pageInfo { hasNextPage endCursor } } }"""
SAVE = "mutation($id: ID!) { saveDiscoveredJob(id: $id) { id status application { id } } }"
DISMISS = "mutation($id: ID!) { dismissDiscoveredJob(id: $id) { id status } }"
BOARDS = "{ followedBoards { edges { node { id provider board } } } }"


@pytest.fixture
def runtime(postings_app):
    return runtime_of(postings_app)


@pytest.fixture
def poll(runtime, site):
    settings = PostingsSettings.of(
        runtime.settings,
        POSTINGS_GREENHOUSE_URL=site,
        POSTINGS_LEVER_URL=site,
        POSTINGS_HOST_GAP_SECONDS=0.05,
    )
    fetcher = Fetcher(settings)

    async def run() -> int:
        return await poller.poll_due(runtime, fetcher, settings)

    return run


async def make_due(runtime, board: str) -> Board:
    async with runtime.db.admin() as session:
        state = (await session.exec(select(Board).where(Board.board == board))).one()
        state.next_poll_at = utcnow() - timedelta(seconds=1)
        return state


async def board_state(runtime, board: str) -> Board:
    async with runtime.db.admin() as session:
        return (await session.exec(select(Board).where(Board.board == board))).one()


async def follow(postings, account, provider: str, board: str) -> dict[str, Any]:
    result = await postings(
        FOLLOW, {"i": {"provider": provider, "board": board}}, token=account.token
    )
    return result.data["followBoard"]


async def inbox(postings, account) -> list[dict[str, Any]]:
    result = await postings(INBOX, {"first": 50}, token=account.token)
    return [edge["node"] for edge in result.data["discoveredJobs"]["edges"]]


async def test_followed_boards_fill_the_inbox_ranked(postings, runtime, poll, users):
    account = await sign_up(users)
    targets = {"roles": ["Backend Engineer"], "locations": ["Berlin"], "remote": True}
    await postings(TARGETS, {"i": targets}, token=account.token)
    await upload_resume(runtime.db, account.id, "Python, Django, PostgreSQL and Kafka on k8s.")
    tag = uuid.uuid4().hex[:6]  # a board name of this test's own: states are shared
    northwind = f"northwind-{tag}"
    copy = FIXTURES / f"greenhouse-{northwind}.json"
    copy.write_bytes((FIXTURES / "greenhouse-northwind.json").read_bytes())
    try:
        await follow(postings, account, "GREENHOUSE", northwind)
        await follow(postings, account, "LEVER", "acme")
        await follow(postings, account, "GREENHOUSE", f"broken-{tag}")  # answers 500
        assert await poll() >= 3
        jobs = await inbox(postings, account)
    finally:
        copy.unlink()
    positions = [job["position"] for job in jobs]
    assert positions[0] == "Senior Backend Engineer"  # role, Berlin and the resume
    assert set(positions) == {"Senior Backend Engineer", "Backend Engineer, Payments",
                              "Accountant", "Senior Platform Engineer", "Account Executive"}  # fmt: skip
    assert positions.index("Accountant") > positions.index("Backend Engineer, Payments")
    ranks = [job["rank"] for job in jobs]
    assert ranks == sorted(ranks, reverse=True)
    lever = next(job for job in jobs if job["position"] == "Senior Platform Engineer")
    assert lever["remote"] is True and lever["company"] == "acme"
    assert lever["jobUrl"].startswith("https://jobs.lever.co/acme/")

    broken = await board_state(runtime, f"broken-{tag}")  # failed, the others went on
    assert broken.failures == 1 and "500" in (broken.last_error or "")
    interval = PostingsSettings.of(runtime.settings).POSTINGS_BOARD_INTERVAL_SECONDS
    assert broken.last_polled_at is not None
    assert broken.next_poll_at - broken.last_polled_at == timedelta(seconds=2 * interval)
    good = await board_state(runtime, "acme")
    assert good.failures == 0 and good.etag


async def test_conditional_requests_and_no_duplicates(postings, runtime, poll, users):
    account = await sign_up(users)
    await follow(postings, account, "LEVER", "acme")
    await make_due(runtime, "acme")
    await poll()
    before = await inbox(postings, account)
    etag = (await board_state(runtime, "acme")).etag
    Handler.seen.clear()
    await make_due(runtime, "acme")
    await poll()
    assert ("/v0/postings/acme", etag) in Handler.seen  # asked with If-None-Match: 304
    assert await inbox(postings, account) == before
    assert await poll() == 0  # not due again for POSTINGS_BOARD_INTERVAL_SECONDS


async def test_save_and_dismiss(postings, runtime, poll, users, applications_app, applications):
    account, stranger = await sign_up(users), await sign_up(users)
    await follow(postings, account, "LEVER", "acme")
    await make_due(runtime, "acme")
    await poll()
    first, second = await inbox(postings, account)
    assert (await postings(SAVE, {"id": first["id"]}, token=stranger.token)).codes == ["NOT_FOUND"]
    saved = (await postings(SAVE, {"id": first["id"]}, token=account.token)).data[
        "saveDiscoveredJob"
    ]
    assert saved["status"] == "SAVED" and saved["application"]["id"]
    again = await postings(SAVE, {"id": first["id"]}, token=account.token)
    assert again.codes == ["BAD_USER_INPUT"]
    dismissed = await postings(DISMISS, {"id": second["id"]}, token=account.token)
    assert dismissed.data["dismissDiscoveredJob"]["status"] == "DISMISSED"
    assert await inbox(postings, account) == []

    # The applications subgraph's consumer makes it an application, once.
    outbox = runtime.db.event_tables.outbox
    async with runtime.db.admin() as session:
        rows = (await (await session.connection()).execute(
            select(outbox.c.body).where(outbox.c.aggregate_id == first["id"]))).all()  # fmt: skip
    [event] = [Event.decode(row.body).model_copy(update={"sequence": 1}) for row in rows]
    assert event.type == "discovered_job.saved"
    apps_db = runtime_of(applications_app).db
    assert await consume(apps_db, applications_handlers, event)
    redelivered = event.model_copy(update={"id": uuid.uuid4()})
    assert await consume(apps_db, applications_handlers, redelivered)
    query = "query($id: ID!) { application(id: $id) { company position status jobUrl } }"
    found = await applications(query, {"id": saved["application"]["id"]}, token=account.token)
    assert found.data["application"]["status"] == "SAVED"
    assert found.data["application"]["company"] == "acme"
    mine = await applications("{ applications { totalCount } }", token=account.token)
    assert mine.data["applications"]["totalCount"] == 1


async def test_follow_validation_and_unfollow(postings, users):
    account = await sign_up(users)
    bad = await postings(
        FOLLOW, {"i": {"provider": "LEVER", "board": "../etc"}}, token=account.token
    )
    assert bad.codes == ["BAD_USER_INPUT"]
    one = await follow(postings, account, "LEVER", "acme")
    assert (await follow(postings, account, "LEVER", "acme"))["id"] == one["id"]
    unfollow = "mutation($id: ID!) { unfollowBoard(id: $id) }"
    stranger = await sign_up(users)
    assert (await postings(unfollow, {"id": one["id"]}, token=stranger.token)).codes == [
        "NOT_FOUND"
    ]
    assert (await postings(unfollow, {"id": one["id"]}, token=account.token)).data
    assert (await postings(BOARDS, token=account.token)).data["followedBoards"]["edges"] == []
