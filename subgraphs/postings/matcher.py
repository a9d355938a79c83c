"""The matcher: computes the matches the consumer marked as due (`KnownApplication.match_due`),
oldest first, an owner at a time, in three steps:

    1. read the owner's current resume and the due applications (a reader session);
    2. score each pair (`match.fit`, on a thread: the embedding model is CPU-bound) with no
       transaction open, so the store's writers never wait for the model;
    3. write the results in one short unit of work, for the applications still marked at the
       same moment (one marked again meanwhile, say by a newer resume, stays due and is
       computed in the next round).

A background task of the postings service (`match_forever`): every POSTINGS_MATCH_SECONDS
while nothing is due, at once again while something is. Nothing is lost on a crash: the mark
is cleared in the same transaction that writes the result. With several replicas two may
score the same application; the second finds the mark cleared and keeps nothing.
"""

import asyncio
import logging
from datetime import datetime
from uuid import UUID

from subgraphs.kit import Runtime
from subgraphs.postings import store
from subgraphs.postings.match import Fit, fit
from subgraphs.postings.settings import PostingsSettings

BATCH = 100  # due matches read per round
logger = logging.getLogger("subgraphs.postings.matcher")


async def match_forever(runtime: Runtime) -> None:
    every = PostingsSettings.of(runtime.settings).POSTINGS_MATCH_SECONDS
    while True:
        try:
            done = await match_due(runtime)
        except Exception:  # a failed round (the store away, say): the marks stay, try again
            logger.exception("matcher: the round failed; its matches stay due")
            done = 0
        if not done:
            await asyncio.sleep(every)


async def match_due(runtime: Runtime, *, limit: int = BATCH) -> int:
    """Compute up to `limit` due matches; how many applications were settled."""
    db = runtime.db
    async with db.admin() as session:
        due = await store.due_matches(session, limit)
    owners: dict[UUID, dict[UUID, datetime]] = {}
    for owner, application, asked_at in due:
        owners.setdefault(owner, {})[application] = asked_at
    settled = 0
    for owner, asked in owners.items():
        settled += await _match_owner(runtime, owner, asked)
    return settled


async def _match_owner(runtime: Runtime, owner: UUID, asked: dict[UUID, datetime]) -> int:
    db = runtime.db
    async with db.reader(owner=owner) as session:
        resume = await store.current_resume(session)
        known = await store.known_applications(session, list(asked))
    results: dict[UUID, Fit] = {}
    if resume is not None and resume.text.strip():
        text = resume.text
        postings = {key: (row.description or "", row.position or "") for key, row in known.items()}
        results = await asyncio.to_thread(_score, text, postings)
    async with db.session(owner=owner) as session:
        return await store.keep_matches(
            session, asked, resume.file_id if resume is not None else None, results
        )


def _score(resume: str, postings: dict[UUID, tuple[str, str]]) -> dict[UUID, Fit]:
    """Each (description, position) with a description, fitted to the resume (one thread for
    the owner's batch: the model is CPU-bound)."""
    return {
        key: fit(resume, description, position)
        for key, (description, position) in postings.items()
        if description.strip()
    }
