"""Public job-board APIs of applicant-tracking systems, read into openings; and how an opening
ranks for a user (target roles, locations, resume). Pure functions but for `fetch_board`.

    GREENHOUSE  GET {POSTINGS_GREENHOUSE_URL}/v1/boards/<board>/jobs?content=true
                {"jobs": [{id, title, location: {name}, absolute_url, content, company_name}]}
    LEVER       GET {POSTINGS_LEVER_URL}/v0/postings/<board>?mode=json
                [{id, text, categories: {location}, hostedUrl, descriptionPlain,
                  workplaceType}]
"""

import json
import re
from dataclasses import dataclass
from enum import StrEnum
from html import unescape
from typing import Any

from subgraphs.kit import AppError, ErrorCode
from subgraphs.postings.extract import DESCRIPTION_MAX, html_to_text
from subgraphs.postings.fetch import Fetcher, Page
from subgraphs.postings.match import STOPWORDS, fit
from subgraphs.postings.settings import PostingsSettings

BOARD = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


class Provider(StrEnum):
    GREENHOUSE = "GREENHOUSE"
    LEVER = "LEVER"


@dataclass(frozen=True)
class Opening:
    external_id: str
    company: str
    position: str
    location: str | None
    remote: bool
    job_url: str | None
    description: str


@dataclass(frozen=True)
class Targets:
    roles: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    remote: bool = False  # remote openings are wanted


def board_url(settings: PostingsSettings, provider: Provider, board: str) -> str:
    if provider is Provider.GREENHOUSE:
        return f"{settings.POSTINGS_GREENHOUSE_URL.rstrip('/')}/v1/boards/{board}/jobs?content=true"
    return f"{settings.POSTINGS_LEVER_URL.rstrip('/')}/v0/postings/{board}?mode=json"


async def fetch_board(
    fetcher: Fetcher, url: str, *, etag: str | None, last_modified: str | None
) -> Page:
    """The board's listing, asked conditionally (a 304 Page when it has not changed)."""
    headers = {"Accept": "application/json"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return await fetcher.get(url, headers=headers)


def openings(provider: Provider, board: str, body: str) -> list[Opening]:
    """The board's openings; FETCH_FAILED when the body is not the API's JSON."""
    try:
        data = json.loads(body)
        rows = data["jobs"] if provider is Provider.GREENHOUSE else data
        parse = _greenhouse if provider is Provider.GREENHOUSE else _lever
        return [parse(board, row) for row in rows if isinstance(row, dict)]
    except (ValueError, KeyError, TypeError) as error:
        message = f"The board's answer is not {provider.title()}'s JSON ({type(error).__name__})"
        raise AppError(ErrorCode.FETCH_FAILED, message) from None


def _greenhouse(board: str, row: dict[str, Any]) -> Opening:
    location = (row.get("location") or {}).get("name")
    return Opening(
        external_id=str(row["id"]),
        company=str(row.get("company_name") or board),
        position=str(row["title"]).strip(),
        location=location,
        remote=bool(location and re.search(r"\bremote\b", location, re.IGNORECASE)),
        job_url=row.get("absolute_url"),
        description=html_to_text(unescape(str(row.get("content") or "")))[:DESCRIPTION_MAX],
    )


def _lever(board: str, row: dict[str, Any]) -> Opening:
    location = (row.get("categories") or {}).get("location")
    remote = row.get("workplaceType") == "remote" or bool(
        location and re.search(r"\bremote\b", location, re.IGNORECASE)
    )
    parts = [str(row.get("descriptionPlain") or "")]
    for section in row.get("lists") or []:
        parts.append(str(section.get("text") or ""))
        parts.append(html_to_text(str(section.get("content") or "")))
    return Opening(
        external_id=str(row["id"]),
        company=board,
        position=str(row["text"]).strip(),
        location=location,
        remote=remote,
        job_url=row.get("hostedUrl"),
        description="\n".join(part for part in parts if part).strip()[:DESCRIPTION_MAX],
    )


def rank(opening: Opening, targets: Targets, resume: str | None) -> int:
    """0-100: half the role (the best target role's words found in the position), a quarter
    the location (a target location in it, or remote when remote is wanted), a quarter the
    resume's keyword fit with the description. A part without targets or resume counts 50."""
    role = max((_role_fit(role, opening.position) for role in targets.roles), default=50)
    if targets.locations or targets.remote:
        place = (opening.location or "").lower()
        near = any(target.lower() in place for target in targets.locations)
        location = 100 if near or (targets.remote and opening.remote) else 0
    else:
        location = 50
    resume_fit = 50
    if resume and opening.description:
        resume_fit = fit(resume, opening.description, opening.position, semantic=False).score
    return round(0.5 * role + 0.25 * location + 0.25 * resume_fit)


def _role_fit(role: str, position: str) -> int:
    wanted = [w for w in re.findall(r"[a-z0-9+#]+", role.lower()) if w not in STOPWORDS]
    if not wanted:
        return 50
    have = set(re.findall(r"[a-z0-9+#]+", position.lower()))
    return round(100 * sum(word in have for word in wanted) / len(wanted))
