"""What a posting says in plain words, when it carries no structured data (HEURISTIC source).

labelled lines   "Company: Acme", "Location: Berlin", "Position:/Title:/Role: ...",
                 "Salary:/Compensation: ..."
salary           a range of amounts with a currency symbol or ISO code: "$120,000 - $150,000",
                 "EUR 60k to 80k", "£45,000 to £55,000"; one amount is a range of one;
                 "k" is thousands; per hour/month is made yearly like JSON-LD's
remote           "remote" (not "no remote"/"not remote") anywhere: remote; "on-site" or
                 "onsite" or "in office" without "remote": not remote
title            "<position> at <company>", "Job Application for <position> at <company>",
                 "<company> - <position>" / "<position> | <company>" (the part that names
                 a role is the position)
first line       of pasted text: the title, read as above

Every pattern runs in time linear in the text (pasted text is anyone's): labels are matched
line by line with no pattern that can cross a line, amounts have a bounded number of digits,
a title is read from its first TITLE_MAX characters only, and a salary past SALARY_MAX is
not a salary.
"""

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from subgraphs.postings.extract import Draft

SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "CHF": "CHF"}
CODES = "USD|EUR|GBP|CHF|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|JPY|INR|SGD|BRL|MXN|ZAR"
AMOUNT = r"\d{1,3}(?:[,.' ]\d{3}){1,4}|\d{1,9}(?:\.\d{1,2})?\s?[kK]?"
CURRENCY = rf"(?:[$€£¥₹]|\b(?:{CODES})\b)"
SALARY = re.compile(
    rf"(?P<c1>{CURRENCY})?\s?(?P<low>{AMOUNT})\s?(?P<c2>{CURRENCY})?"
    rf"(?:\s?(?:-|\u2013|\u2014|to)\s?(?P<c3>{CURRENCY})?\s?(?P<high>{AMOUNT})\s?(?P<c4>{CURRENCY})?)?"
    r"(?:\s*(?:/|per|an|a)\s*(?P<unit>hour|hr|day|week|month|year|yr|annum))?",
    re.IGNORECASE,
)
PER_YEAR = {"hour": 2080, "hr": 2080, "day": 260, "week": 52, "month": 12}
# One line at a time (`[ \t]`, never `\s`, which would cross lines: quadratic on blank lines).
LABEL = re.compile(
    r"[ \t]*(?P<label>company|employer|location|position|title|role|job title|salary|"
    r"compensation|pay|salary range)[ \t]*[:\uff1a](?P<value>.*)",
    re.IGNORECASE,
)
ROLE_WORDS = re.compile(
    r"\b(engineer|developer|manager|designer|analyst|scientist|lead|head|director|specialist|"
    r"intern|architect|consultant|administrator|officer|associate|researcher|writer|"
    r"coordinator|representative|recruiter|sre|devops|programmer|technician)\b",
    re.IGNORECASE,
)
NOISE = re.compile(r"^(careers?|jobs?|job board|hiring|open positions?)$", re.IGNORECASE)
MIN_YEARLY = 1000  # "5 years" is not a salary
SALARY_MAX = 1_000_000_000  # yearly; above it (as applications refuse) a number is not pay
TITLE_MAX = 300  # a title is read from its first characters: nothing longer is a title


def labelled(text: str) -> dict[str, str]:
    """Each label's value ("Company: Acme"; the last one wins). A label alone on its line takes
    the next line that is not blank ("Company:" then "Acme", as a page's `<dt>`/`<dd>` read)."""
    labels: dict[str, str] = {}
    waiting: str | None = None  # a label whose value is on a later line
    for line in text.splitlines():
        match = LABEL.match(line)
        if match is None:
            if waiting is not None and line.strip():
                labels[waiting], waiting = line.strip(), None
            continue
        value = match["value"].strip()
        label = match["label"].lower()
        if value:
            labels[label], waiting = value, None
        else:
            waiting = label
    return labels


def read_text(draft: "Draft", text: str, *, first_line_is_title: bool) -> None:
    from subgraphs.postings.extract import Source

    labels = labelled(text)
    position = labels.get("position") or labels.get("title") or labels.get("job title")
    company = labels.get("company") or labels.get("employer")
    if first_line_is_title:
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        if first and not labelled(first):
            title_position, title_company = split_title(first)
            position = position or title_position
            company = company or title_company
    pay = next(
        (labels[key] for key in ("salary", "salary range", "compensation", "pay") if key in labels),
        None,
    )
    low, high, currency = salary(pay) if pay else salary(text)
    draft.offer(
        Source.HEURISTIC,
        position=position or labels.get("role"),
        company=company,
        location=labels.get("location"),
        remote=remote(text),
        salary_min=low,
        salary_max=high,
        salary_currency=currency,
    )


def split_title(title: str) -> tuple[str | None, str | None]:
    """(position, company) from a page or posting title."""
    title = title.strip()[:TITLE_MAX]
    title = re.sub(r"^\s*job application for\s+", "", title, flags=re.IGNORECASE)
    match = re.match(
        r"^(?P<position>.+?)\s+at\s+(?P<company>[^|\-\u2013]+?)\s*(?:[|\-\u2013].*)?$", title
    )
    if match:
        return match["position"].strip(), match["company"].strip()
    parts = [part.strip() for part in re.split(r"\s+[|\-\u2013\u2014]\s+", title)]
    parts = [part for part in parts if part and not NOISE.match(part)]
    if len(parts) < 2:
        return (parts[0] if parts else None), None
    roles = [part for part in parts if ROLE_WORDS.search(part)]
    position = roles[0] if roles else parts[0]
    others = [part for part in parts if part != position]
    return position, others[0] if others else None


def remote(text: str) -> bool | None:
    if re.search(r"\bremote\b", text, re.IGNORECASE) and not re.search(
        r"\b(no|not)\s+remote\b", text, re.IGNORECASE
    ):
        return True
    if re.search(r"\b(on-?site|in[- ]office)\b", text, re.IGNORECASE):
        return False
    return None


def salary(text: str) -> tuple[int | None, int | None, str | None]:
    """The first amount or range that has a currency and looks like pay."""
    for match in SALARY.finditer(text):
        mark = match["c1"] or match["c2"] or match["c3"] or match["c4"]
        if not mark:
            continue
        factor = PER_YEAR.get((match["unit"] or "year").lower(), 1)
        low = _amount(match["low"]) * factor
        high = _amount(match["high"]) * factor if match["high"] else low
        if low < MIN_YEARLY or high < low or high > SALARY_MAX:
            continue
        return round(low), round(high), SYMBOLS.get(mark, mark.upper())
    return None, None, None


def _amount(text: str) -> float:
    text = text.strip()
    thousands = text[-1] in "kK"
    digits = text.rstrip("kK").strip()
    if re.fullmatch(r"\d{1,3}(?:[,.' ]\d{3})+", digits):
        digits = re.sub(r"[,.' ]", "", digits)
    return float(digits) * (1000 if thousands else 1)
