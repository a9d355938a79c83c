"""The periodic job that discovers openings: every POSTINGS_POLL_SECONDS, each followed board
that is due is fetched and its new openings go to every follower's inbox.

Polite: a board is fetched at most every POSTINGS_BOARD_INTERVAL_SECONDS whoever follows it;
with its last ETag / Last-Modified (a 304 costs the board nothing); requests to one API host
are POSTINGS_HOST_GAP_SECONDS apart; a board that fails waits twice as long after each
failure in a row (up to POSTINGS_BOARD_BACKOFF_MAX_SECONDS), and its error is kept
(`FollowedBoard.lastError`); one board's failure never stops the others. Runs in the postings
service (a background task); with several replicas each polls (a board fetched twice at worst:
its state is written after each fetch)."""

import asyncio
import logging
from datetime import timedelta
from urllib.parse import urlsplit

from sqlmodel import col, select

from subgraphs.kit import AppError, Runtime, utcnow
from subgraphs.postings import inbox
from subgraphs.postings.boards import board_url, fetch_board, openings
from subgraphs.postings.fetch import Fetcher
from subgraphs.postings.models import Board, FollowedBoard
from subgraphs.postings.settings import PostingsSettings

logger = logging.getLogger("subgraphs.postings.poller")


async def poll_forever(runtime: Runtime) -> None:
    settings = PostingsSettings.of(runtime.settings)
    fetcher = runtime.get(Fetcher)
    while True:
        await poll_due(runtime, fetcher, settings)
        await asyncio.sleep(settings.POSTINGS_POLL_SECONDS)


async def poll_due(runtime: Runtime, fetcher: Fetcher, settings: PostingsSettings) -> int:
    """Fetch every board that is due; how many were fetched (successfully or not)."""
    db = runtime.db
    async with db.admin() as session:
        followed = select(FollowedBoard.provider, FollowedBoard.board).distinct()
        wanted = {(p, b) for p, b in await session.exec(followed)}
        due = await session.exec(
            select(Board)
            .where(col(Board.next_poll_at) <= utcnow())
            .order_by(col(Board.next_poll_at))
        )
        boards = [board for board in due if (board.provider, board.board) in wanted]
    last_call: dict[str, float] = {}
    for board in boards:
        url = board_url(settings, board.provider, board.board)
        await _keep_gap(last_call, urlsplit(url).netloc, settings.POSTINGS_HOST_GAP_SECONDS)
        try:
            await _poll(runtime, fetcher, board, url)
        except Exception as error:  # this board's failure; the others go on
            await _failed(runtime, board, error)
    return len(boards)


async def _keep_gap(last_call: dict[str, float], host: str, gap: float) -> None:
    loop = asyncio.get_running_loop()
    if host in last_call:
        await asyncio.sleep(max(0.0, last_call[host] + gap - loop.time()))
    last_call[host] = loop.time()


async def _poll(runtime: Runtime, fetcher: Fetcher, board: Board, url: str) -> None:
    page = await fetch_board(fetcher, url, etag=board.etag, last_modified=board.last_modified)
    found = [] if page.status == 304 else openings(board.provider, board.board, page.text)
    db = runtime.db
    async with db.admin() as session:
        same = (FollowedBoard.provider == board.provider, FollowedBoard.board == board.board)
        followers = list(await session.exec(select(FollowedBoard.owner_id).where(*same)))
    added = 0
    for owner in set(followers):
        async with db.session(owner=owner) as session:
            added += await inbox.add_openings(
                session, provider=board.provider, board=board.board, found=found
            )
    now = utcnow()
    async with db.admin() as session:
        state = await session.get(Board, (board.provider, board.board))
        if state is None:
            return
        if page.status != 304:
            state.etag, state.last_modified = page.etag, page.last_modified
        state.failures, state.last_error, state.last_polled_at = 0, None, now
        state.next_poll_at = now + timedelta(
            seconds=PostingsSettings.of(runtime.settings).POSTINGS_BOARD_INTERVAL_SECONDS
        )
    logger.info("board %s/%s: %s, %d new", board.provider, board.board, page.status, added)


async def _failed(runtime: Runtime, board: Board, error: Exception) -> None:
    message = str(error) if isinstance(error, AppError) else f"{type(error).__name__}"
    if not isinstance(error, AppError):
        logger.exception("board %s/%s failed", board.provider, board.board)
    settings, now = PostingsSettings.of(runtime.settings), utcnow()
    async with runtime.db.admin() as session:
        state = await session.get(Board, (board.provider, board.board))
        if state is None:
            return
        state.failures += 1
        state.last_error, state.last_polled_at = message[:500], now
        state.next_poll_at = now + backoff(settings, state.failures)


def backoff(settings: PostingsSettings, failures: int) -> timedelta:
    seconds = settings.POSTINGS_BOARD_INTERVAL_SECONDS * 2 ** min(failures, 20)
    return timedelta(seconds=min(seconds, settings.POSTINGS_BOARD_BACKOFF_MAX_SECONDS))
