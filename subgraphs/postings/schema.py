"""Postings subgraph schema: `importPosting`, a job posting read into a draft application;
`Application.match`, the owner's current resume against its job description."""

from datetime import datetime
from enum import StrEnum
from uuid import UUID

import strawberry

from subgraphs.kit import Info, ServiceSchema, bad_input, id_of, lookup
from subgraphs.postings import extract, models, store
from subgraphs.postings.extract import Draft, Source
from subgraphs.postings.fetch import Fetcher

URL_MAX = 2000
DRAFT_FIELDS = ("company", "position", "location", "remote", "salary_min", "salary_max",
                "salary_currency", "job_description", "job_url")  # fmt: skip

strawberry.enum(
    Source,
    name="PostingSource",
    description="Where a draft's field was read: schema.org JobPosting JSON-LD, the page's "
    "meta tags and title, or patterns in its text.",
)


class PostingField(StrEnum):
    COMPANY = "company"
    POSITION = "position"
    LOCATION = "location"
    REMOTE = "remote"
    SALARY_MIN = "salary_min"
    SALARY_MAX = "salary_max"
    SALARY_CURRENCY = "salary_currency"
    JOB_DESCRIPTION = "job_description"
    JOB_URL = "job_url"


strawberry.enum(PostingField, description="A field of a draft application.")


@strawberry.type(description="One field of the draft, and where it was read.")
class FoundField:
    field: PostingField
    source: Source


@strawberry.type(
    description="A job posting read into a draft application: not saved; the fields are named "
    "as createApplication's input (salaries yearly), plus whether it is remote."
)
class PostingDraft:
    company: str | None
    position: str | None
    location: str | None
    remote: bool | None
    salary_min: int | None
    salary_max: int | None
    salary_currency: str | None
    job_description: str | None
    job_url: str | None
    found: list[FoundField] = strawberry.field(description="The fields read, and how.")
    missing: list[PostingField] = strawberry.field(description="The fields not found.")

    @classmethod
    def of(cls, draft: Draft) -> "PostingDraft":
        values = {name: getattr(draft, name) for name in DRAFT_FIELDS}
        found = [FoundField(field=PostingField(name), source=source)
                 for name, source in draft.found.items()]  # fmt: skip
        missing = [PostingField(name) for name in DRAFT_FIELDS if name not in draft.found]
        return cls(**values, found=found, missing=missing)


@strawberry.type(description="Where a skill occurs in the resume and in the posting.")
class MatchHighlight:
    skill: str
    resume: list[str] = strawberry.field(description="Snippets of the resume (none: missing).")
    posting: list[str] = strawberry.field(description="Snippets of the posting.")


@strawberry.type(
    description="How well your current resume fits this application's job description "
    "(README, Job intelligence). Computed by a worker when either changes."
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


@strawberry.input(
    description="Exactly one of `url` (fetched by the server), `html` (a page's source, with "
    "its `url` optionally, not fetched then) or `text` (a posting pasted as text)."
)
class ImportPostingInput:
    url: str | None = None
    html: str | None = None
    text: str | None = None


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Read a job posting into a draft application (not saved): JSON-LD first, "
        "then meta tags, then documented heuristics (README, Job intelligence)."
    )
    async def import_posting(self, info: Info, input: ImportPostingInput) -> PostingDraft:
        info.context.require_user()
        limit = info.context.settings.POSTINGS_MAX_BYTES
        url = _checked("url", input.url, URL_MAX)
        html = _checked("html", input.html, limit)
        text = _checked("text", input.text, limit)
        if (html is not None) + (text is not None) > 1 or (url and text):
            raise bad_input("input", "Give one of url, html (with its url if known) or text")
        if text is not None:
            return PostingDraft.of(extract.from_text(text))
        if html is not None:
            return PostingDraft.of(extract.from_html(html, url))
        if url is None:
            raise bad_input("input", "Give one of url, html or text")
        page = await info.context.get(Fetcher).get(url)
        if "html" in page.content_type or page.text.lstrip()[:1] == "<":
            return PostingDraft.of(extract.from_html(page.text, page.url))
        draft = extract.from_text(page.text)
        draft.offer(Source.META, job_url=page.url)
        return PostingDraft.of(draft)


def _checked(field: str, value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    if not value.strip():
        raise bad_input(field, f"{field} must not be empty")
    if len(value) > limit:
        raise bad_input(field, f"{field} must be at most {limit} characters")
    return value.strip()


schema = ServiceSchema(subgraph="postings", mutation=Mutation, types=[Application])
