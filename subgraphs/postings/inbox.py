"""Discovering openings, the owner's side (a store module like `store.py`: every function runs
in a session opened for an owner, nothing here commits): followed boards, targets, the review
inbox, and saving an opening as an application (by an event the applications subgraph
consumes, with the application's id chosen here)."""

from collections.abc import Sequence
from uuid import UUID, uuid4

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from subgraphs.kit import (
    AppError,
    ErrorCode,
    Listing,
    ids_in,
    ids_param,
    not_found,
    owner_of,
    publish,
    utcnow,
)
from subgraphs.postings.boards import BOARD, Opening, Provider, Targets, rank
from subgraphs.postings.events import SAVED, JobSaved, SavedOpening
from subgraphs.postings.models import (
    Board,
    DiscoveredJob,
    DiscoveredStatus,
    FollowedBoard,
    JobTargets,
)
from subgraphs.postings.store import current_resume

FOLLOWED_MAX = 50
TARGETS_MAX = 20


# Made once (kit.Listing, kit.ids_in say why).
_FOLLOWED = select(FollowedBoard)
_NEW = select(DiscoveredJob).where(col(DiscoveredJob.status) == DiscoveredStatus.NEW)
_DISCOVERED_BY_ID = select(DiscoveredJob).where(ids_in(col(DiscoveredJob.id)))
_FOLLOWED_BY_ID = select(FollowedBoard).where(ids_in(col(FollowedBoard.id)))


def followed_boards() -> Listing[FollowedBoard]:
    return Listing(_FOLLOWED, keys=(col(FollowedBoard.created_at), col(FollowedBoard.id)))


def inbox() -> Listing[DiscoveredJob]:
    """The owner's new openings, best ranked first."""
    return Listing(_NEW, keys=(col(DiscoveredJob.rank), col(DiscoveredJob.id)))


async def discovered_by_id(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, DiscoveredJob]:
    return {row.id: row for row in await session.exec(_DISCOVERED_BY_ID, params=ids_param(ids))}


async def followed_by_id(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, FollowedBoard]:
    return {row.id: row for row in await session.exec(_FOLLOWED_BY_ID, params=ids_param(ids))}


async def follow(session: AsyncSession, *, provider: Provider, board: str) -> FollowedBoard:
    if not BOARD.match(board):
        raise AppError(ErrorCode.BAD_USER_INPUT, "board: letters, digits, . _ - (the board's "
                       "name in its public URL)", field="board")  # fmt: skip
    existing = (await session.exec(select(FollowedBoard).where(
        FollowedBoard.provider == provider, FollowedBoard.board == board))).first()  # fmt: skip
    if existing is not None:
        return existing
    count = len(list(await session.exec(select(FollowedBoard.id))))
    if count >= FOLLOWED_MAX:
        raise AppError(ErrorCode.BAD_USER_INPUT, f"At most {FOLLOWED_MAX} boards", field="board")
    row = FollowedBoard(provider=provider, board=board)
    session.add(row)
    # Due now, and asked unconditionally: a new follower needs the whole listing, which a 304
    # to the board's earlier followers' validators would not give.
    state = await session.get(Board, (provider, board))
    if state is None:
        session.add(Board(provider=provider, board=board, next_poll_at=utcnow()))
    else:
        state.etag = state.last_modified = None
        state.next_poll_at = min(state.next_poll_at, utcnow())
    await session.flush()
    return row


async def unfollow(session: AsyncSession, *, board_id: UUID) -> FollowedBoard:
    row = await session.get(FollowedBoard, board_id)
    if row is None:
        raise not_found("Followed board")
    await session.delete(row)
    await session.flush()
    return row


async def targets(session: AsyncSession) -> JobTargets:
    return await session.get(JobTargets, owner_of(session)) or JobTargets(
        owner_id=owner_of(session)
    )


async def set_targets(
    session: AsyncSession, *, roles: list[str], locations: list[str], remote: bool
) -> JobTargets:
    for field, values in (("roles", roles), ("locations", locations)):
        if len(values) > TARGETS_MAX or any(not v.strip() or len(v) > 200 for v in values):
            raise AppError(ErrorCode.BAD_USER_INPUT, f"{field}: at most {TARGETS_MAX} "
                           "non-empty values of at most 200 characters", field=field)  # fmt: skip
    row = await session.get(JobTargets, owner_of(session))
    if row is None:
        row = JobTargets(owner_id=owner_of(session))
        session.add(row)
    row.roles, row.locations, row.remote = (
        [r.strip() for r in roles],
        [loc.strip() for loc in locations],
        remote,
    )
    await session.flush()
    return row


async def add_openings(
    session: AsyncSession, *, provider: Provider, board: str, found: Sequence[Opening]
) -> int:
    """The openings the owner has not seen yet, ranked, into their inbox; how many."""
    known = set(await session.exec(select(DiscoveredJob.external_id).where(
        DiscoveredJob.provider == provider, DiscoveredJob.board == board)))  # fmt: skip
    fresh = [opening for opening in found if opening.external_id not in known]
    if not fresh:
        return 0
    wanted = await targets(session)
    goal = Targets(tuple(wanted.roles), tuple(wanted.locations), wanted.remote)
    resume = await current_resume(session)
    for opening in fresh:
        session.add(DiscoveredJob(
            provider=provider, board=board, external_id=opening.external_id,
            company=opening.company[:200], position=opening.position[:200],
            location=(opening.location or None) and opening.location[:200],
            remote=opening.remote, job_url=opening.job_url, description=opening.description,
            rank=rank(opening, goal, resume.text if resume else None),
        ))  # fmt: skip
    await session.flush()
    return len(fresh)


async def _new(session: AsyncSession, job_id: UUID) -> DiscoveredJob:
    row = await session.get(DiscoveredJob, job_id)
    if row is None:
        raise not_found("Discovered job")
    if row.status is not DiscoveredStatus.NEW:
        message = f"This job was already {row.status.value.lower()}"
        raise AppError(ErrorCode.BAD_USER_INPUT, message, field="id")
    return row


async def save(session: AsyncSession, *, job_id: UUID) -> DiscoveredJob:
    """The opening becomes an application: `discovered_job.saved` carries it, with the id the
    applications subgraph gives it (it appears there a moment later)."""
    row = await _new(session, job_id)
    row.status, row.application_id = DiscoveredStatus.SAVED, uuid4()
    opening = SavedOpening(id=row.application_id, company=row.company, position=row.position,
                           location=row.location, job_url=row.job_url,
                           job_description=row.description or None)  # fmt: skip
    await publish(session, SAVED, aggregate_id=row.id, payload=JobSaved(application=opening))
    await session.flush()
    return row


async def dismiss(session: AsyncSession, *, job_id: UUID) -> DiscoveredJob:
    row = await _new(session, job_id)
    row.status = DiscoveredStatus.DISMISSED
    await session.flush()
    return row
