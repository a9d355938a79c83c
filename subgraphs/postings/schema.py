"""Postings subgraph schema: `importPosting`, a job posting read into a draft application;
`Application.match`, the owner's current resume against its job description."""

from enum import StrEnum

import strawberry
from strawberry.tools import merge_types

from subgraphs.kit import Info, Offload, RateLimits, Rule, ServiceSchema, bad_input
from subgraphs.postings import extract
from subgraphs.postings.discovery import (
    DiscoveredJob,
    DiscoveryMutation,
    DiscoveryQuery,
    FollowedBoard,
)
from subgraphs.postings.entity import Application
from subgraphs.postings.extract import Draft, Source
from subgraphs.postings.fetch import Fetcher
from subgraphs.postings.settings import PostingsSettings

URL_MAX = 2000
PASTED, FETCHED = "The pasted posting", "The fetched page"
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
        "then meta tags, then documented heuristics (docs/architecture/postings.md)."
    )
    async def import_posting(self, info: Info, input: ImportPostingInput) -> PostingDraft:
        user = str(info.context.require_user())
        settings = PostingsSettings.of(info.context.settings)
        url = _checked("url", input.url, URL_MAX)
        html = _checked("html", input.html, settings.POSTINGS_MAX_BYTES)
        text = _checked("text", input.text, settings.POSTINGS_TEXT_MAX_CHARS)
        if (html is not None) + (text is not None) > 1 or (url and text):
            raise bad_input("input", "Give one of url, html (with its url if known) or text")
        if html is None and text is None and url is None:
            raise bad_input("input", "Give one of url, html or text")
        limits = info.context.get(RateLimits)
        offload = info.context.get(Offload)
        if text is not None or html is not None:
            await limits.hit(Rule("import-posting/paste", settings.RATE_LIMIT_PASTE_POSTING), user)
            if text is not None:
                return PostingDraft.of(
                    await offload.run(extract.from_text, text, what=PASTED, key=user)
                )
            return PostingDraft.of(
                await offload.run(extract.from_html, html, url, what=PASTED, key=user)
            )
        assert url is not None
        await limits.hit(Rule("import-posting/user", settings.RATE_LIMIT_IMPORT_POSTING), user)
        page = await info.context.get(Fetcher).get(url)
        if "html" in page.content_type or page.text.lstrip()[:1] == "<":
            return PostingDraft.of(
                await offload.run(extract.from_html, page.text, page.url, what=FETCHED, key=user)
            )
        draft = await offload.run(extract.from_text, page.text, what=FETCHED, key=user)
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


schema = ServiceSchema(
    subgraph="postings",
    query=merge_types("Query", (DiscoveryQuery,)),
    mutation=merge_types("Mutation", (Mutation, DiscoveryMutation)),
    types=[Application, DiscoveredJob, FollowedBoard],
)
