"""A job posting's page (or pasted text) read into a draft application. Pure functions.

Order, per field, first found wins:
    JSON_LD    schema.org `JobPosting` in `<script type="application/ld+json">` (Greenhouse,
               Lever, Workday, Ashby, SmartRecruiters ... publish it for search engines);
    META       OpenGraph / `<title>` / `<link rel=canonical>` of the page;
    HEURISTIC  patterns in the visible text (docs/architecture/postings.md lists them).
"""

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from html import unescape
from typing import Any

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from subgraphs.postings import heuristics

DESCRIPTION_MAX = 20_000  # applications' jobDescription limit
# A salary in JSON-LD per hour, day, ... is made yearly (full time): 40 h x 52 weeks.
PER_YEAR = {"HOUR": 2080, "DAY": 260, "WEEK": 52, "MONTH": 12, "YEAR": 1}
GRAPH_DEPTH = 4  # JobPosting objects are looked for this deep (lists, `@graph`), no deeper


class Source(StrEnum):
    JSON_LD = "JSON_LD"
    META = "META"
    HEURISTIC = "HEURISTIC"


@dataclass
class Draft:
    company: str | None = None
    position: str | None = None
    location: str | None = None
    remote: bool | None = None
    salary_min: int | None = None
    salary_max: int | None = None
    salary_currency: str | None = None
    job_description: str | None = None
    job_url: str | None = None
    found: dict[str, Source] = field(default_factory=dict)

    def offer(self, source: Source, **values: Any) -> None:
        """Set each of `values` that is not set yet (and not empty), noting where it came from."""
        for name, value in values.items():
            if value in (None, "") or getattr(self, name) is not None:
                continue
            setattr(self, name, value)
            self.found[name] = source


def from_html(html: str, url: str | None = None) -> Draft:
    tree = HTMLParser(html)
    draft = Draft()
    posting = next(job_postings(tree), None)
    if posting is not None:
        read_json_ld(draft, posting)
    read_meta(draft, tree)
    body = tree.body
    text = body.text(separator="\n", strip=True) if body is not None else ""
    heuristics.read_text(draft, text, first_line_is_title=False)
    draft.offer(Source.META, job_url=url)
    return finish(draft)


def from_text(text: str) -> Draft:
    draft = Draft()
    heuristics.read_text(draft, text, first_line_is_title=True)
    draft.offer(Source.HEURISTIC, job_description=text.strip())
    return finish(draft)


def finish(draft: Draft) -> Draft:
    if draft.job_description:
        draft.job_description = draft.job_description[:DESCRIPTION_MAX]
    if draft.job_url and not draft.job_url.startswith(("http://", "https://")):
        draft.job_url = None
        draft.found.pop("job_url", None)
    return draft


def job_postings(tree: HTMLParser) -> Iterator[dict[str, Any]]:
    """Every JobPosting object in the page's JSON-LD blocks (also inside `@graph` and lists)."""
    for script in tree.css('script[type="application/ld+json"]'):
        raw = script.text(deep=True).strip()
        raw = re.sub(r"^\s*(<!--|//\s*<!\[CDATA\[)|(-->|//\s*\]\]>)\s*$", "", raw)
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):  # not JSON, or nested past Python's stack
            continue
        yield from _postings_in(data, GRAPH_DEPTH)


def _postings_in(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth == 0:
        return
    if isinstance(data, list):
        for item in data:
            yield from _postings_in(item, depth - 1)
    elif isinstance(data, dict):
        kinds = data.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if "JobPosting" in kinds:
            yield data
        yield from _postings_in(data.get("@graph"), depth - 1)


def read_json_ld(draft: Draft, posting: dict[str, Any]) -> None:
    low, high, currency = _salary(posting.get("baseSalary") or posting.get("estimatedSalary"))
    draft.offer(
        Source.JSON_LD,
        position=_text(posting.get("title")),
        company=_name(posting.get("hiringOrganization")),
        location=_location(posting.get("jobLocation")),
        remote=True if _is_remote(posting) else None,
        salary_min=low,
        salary_max=high,
        salary_currency=currency,
        job_description=html_to_text(_text(posting.get("description")) or ""),
        job_url=_text(posting.get("url")),
    )
    if draft.remote is None and draft.location:
        draft.offer(Source.JSON_LD, remote=False)


def read_meta(draft: Draft, tree: HTMLParser) -> None:
    def meta(*names: str) -> str | None:
        for name in names:
            node = tree.css_first(f'meta[property="{name}"]') or tree.css_first(
                f'meta[name="{name}"]'
            )
            if node is not None and (node.attributes.get("content") or "").strip():
                return (node.attributes["content"] or "").strip()
        return None

    title = meta("og:title", "twitter:title")
    if title is None and (node := tree.css_first("title")) is not None:
        title = node.text(strip=True) or None
    position, company = heuristics.split_title(title) if title else (None, None)
    canonical = tree.css_first('link[rel="canonical"]')
    draft.offer(
        Source.META,
        position=position,
        company=company or meta("og:site_name", "application-name"),
        job_description=meta("og:description", "description"),
        job_url=meta("og:url") or (canonical.attributes.get("href") if canonical else None),
    )


def html_to_text(fragment: str) -> str:
    """A description's HTML as readable text: block elements on their own lines."""
    if "<" not in fragment:
        return unescape(fragment).strip()
    fragment = re.sub(r"(?i)<\s*(br|/p|/li|/h[1-6]|/div|/ul|/ol)\s*/?>", "\n", fragment)
    fragment = re.sub(r"(?i)<\s*li[^>]*>", "- ", fragment)
    text = HTMLParser(fragment).text(separator="")
    lines = (re.sub(r"[ \t\xa0]+", " ", line).strip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _text(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, str | int | float):
        text = unescape(str(value)).strip()
        return text or None
    return None


def _name(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    return _text(value.get("name")) if isinstance(value, dict) else _text(value)


def _location(value: Any) -> str | None:
    places = value if isinstance(value, list) else [value]
    found: list[str] = []
    for place in places:
        if not isinstance(place, dict):
            continue
        address = place.get("address")
        if isinstance(address, dict):
            parts = [_text(address.get(key)) for key in ("addressLocality", "addressRegion")]
            parts.append(_name(address.get("addressCountry")))
            text = ", ".join(dict.fromkeys(part for part in parts if part))  # Berlin, Berlin
        else:
            text = _text(address) or _text(place.get("name")) or ""
        if text and text not in found:
            found.append(text)
    return "; ".join(found) or None


def _is_remote(posting: dict[str, Any]) -> bool:
    kinds = posting.get("jobLocationType")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return "TELECOMMUTE" in kinds


def _salary(value: Any) -> tuple[int | None, int | None, str | None]:
    if isinstance(value, list) and value:
        value = value[0]
    if not isinstance(value, dict):
        return None, None, None
    currency = _text(value.get("currency"))
    amount = value.get("value")
    if not isinstance(amount, dict):
        amount = {"value": amount}
    factor = PER_YEAR.get(str(amount.get("unitText") or "YEAR").upper(), 1)
    low = _number(amount.get("minValue", amount.get("value")))
    high = _number(amount.get("maxValue", amount.get("value")))
    low, high = (_yearly(n, factor) for n in (low, high))
    if low is None and high is None:
        return None, None, None
    return low, high, currency.upper() if currency and len(currency) == 3 else None


def _yearly(amount: float | None, factor: int) -> int | None:
    """A yearly amount, or None when it is not one a salary can be (NaN, infinite, too big)."""
    if amount is None:
        return None
    yearly = amount * factor
    return round(yearly) if 0 <= yearly <= heuristics.SALARY_MAX else None


def _number(value: Any) -> float | None:
    """A finite number (JSON-LD may say NaN, Infinity or 1e400; none is an amount)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        value = float(value) if abs(value) < 10**18 else math.inf
    elif isinstance(value, str):
        try:
            value = float(value.replace(",", "")[:40])
        except ValueError:
            return None
    if isinstance(value, float) and math.isfinite(value):
        return value
    return None
