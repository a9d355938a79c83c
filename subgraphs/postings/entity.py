"""`Application` as postings extend it: its `match` (the owner's current resume against its job
description)."""

from datetime import datetime
from uuid import UUID

import strawberry

from subgraphs.kit import Info, id_of, lookup
from subgraphs.postings import models, store


@strawberry.type(description="Where a skill occurs in the resume and in the posting.")
class MatchHighlight:
    skill: str
    resume: list[str] = strawberry.field(description="Snippets of the resume (none: missing).")
    posting: list[str] = strawberry.field(description="Snippets of the posting.")


@strawberry.type(
    description="How well your current resume fits this application's job description "
    "(docs/architecture/postings.md). Computed by a worker when either changes."
)
class Match:
    score: int = strawberry.field(
        description="0-100: the keyword score, blended with the semantic one when the "
        "embedding model is installed."
    )
    keyword_score: int = strawberry.field(description="0-100: the posting's skills you have.")
    semantic_score: int | None = strawberry.field(
        description="0-100: sentence-embedding similarity; null without the model."
    )
    matched_skills: list[str] = strawberry.field(description="In both, most wanted first.")
    missing_skills: list[str] = strawberry.field(description="Asked for, not in the resume.")
    highlights: list[MatchHighlight]
    resume_file_id: strawberry.ID = strawberry.field(description="The resume (a File) used.")
    computed_at: datetime

    @classmethod
    def from_row(cls, row: models.Match) -> "Match":
        return cls(
            score=row.score,
            keyword_score=row.keyword_score,
            semantic_score=row.semantic_score,
            matched_skills=list(row.matched),
            missing_skills=list(row.missing),
            highlights=[MatchHighlight(**each) for each in row.highlights],
            resume_file_id=id_of(row.resume_file_id),
            computed_at=row.computed_at,
        )


@strawberry.federation.type(keys=["id"], extend=False)
class Application:
    id: strawberry.ID

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "Application | None":
        """The viewer's application, as far as postings know it (from its events)."""
        return await lookup(info, id, store.known_applications, lambda _: cls(id=id))

    @strawberry.field(
        description="Your current resume against its job description. Null for anyone but "
        "its owner, without a resume or a description, and until the worker has computed it."
    )
    async def match(self, info: Info) -> Match | None:
        row = await info.context.loader(store.matches).load(UUID(self.id))
        return Match.from_row(row) if row is not None else None
