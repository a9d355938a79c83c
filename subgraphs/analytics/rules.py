"""Pure rules of the analytics read model: no database, no GraphQL, standard library only.

Position categories. A title is folded (accents stripped, case-folded) and matched against
`POSITION_RULES` in order; the first rule that matches wins, nothing matching gives OTHER.
Keywords match on word boundaries ("Go" is not "Google", "Java" is not "JavaScript").
The order, specialisms before stacks:

 1. MANAGEMENT  manager, head of, director, VP, CTO/CEO/CIO, chief, product owner.
                A lead is still an engineer: "Tech Lead", "Team Lead" fall through to their stack
                ("Frontend Tech Lead" is FRONTEND), else OTHER.
 2. DESIGN      designer, UX, user research, product/interaction/visual design.
 3. QA          QA, SDET, quality assurance/engineer, test automation, tester, "in test".
 4. DATA_ML     data scientist/engineer/analyst, ML, AI, machine/deep learning, MLOps,
                analytics engineer, data platform, big data (before "platform engineer").
 5. DEVOPS_SRE  DevOps, SRE, site reliability, platform engineer, infrastructure, cloud
                engineer/architect, Kubernetes/k8s, sysadmin.
 6. MOBILE      iOS, Android, mobile, React Native, Flutter, Swift, Xamarin.
 7. FULL_STACK  full stack, full-stack, fullstack (before the two halves it names).
 8. FRONTEND    frontend/front-end, React, Vue, Angular, Svelte, UI engineer/developer.
 9. BACKEND     backend/back-end, API, Python, Java, Go/Golang, Ruby/Rails, PHP, Node.js,
                C#/.NET, Scala, Elixir, Django, Spring.
10. FRONTEND    JavaScript, TypeScript: only once nothing above matched, so that
                "Node.js Developer (TypeScript)" stays BACKEND.

Locations (`normalize_location`), in order:
 1. None or blank gives None.
 2. Any mention of remote work (remote, anywhere, WFH, work from home, home office,
    telework/telecommute/télétravail) gives "Remote", unless the text also says "hybrid".
 3. Bracketed asides are dropped ("Berlin (Hybrid)"), and so are the work-mode words hybrid,
    on-site/onsite and in-office: "Hybrid - Berlin" is "Berlin". Nothing left gives None.
 4. Everything after the first comma is dropped as region/country: "Berlin, DE" is "Berlin",
    "Austin, TX, USA" is "Austin". Other separators are kept ("Berlin/Munich").
 5. Whitespace is collapsed. A label all in capitals with 4+ letters is read as lowercase
    ("BERLIN", "SÃO PAULO"; "NYC" is kept). Each all-lowercase word, each hyphenated part
    too, is capitalised, except the `PARTICLES` after the first word ("Rio de Janeiro",
    "Aix-en-Provence"); other words are kept as typed ("McAllen"). Accents are preserved.
"""

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum


class PositionCategory(StrEnum):
    FRONTEND = "FRONTEND"
    BACKEND = "BACKEND"
    FULL_STACK = "FULL_STACK"
    MOBILE = "MOBILE"
    DEVOPS_SRE = "DEVOPS_SRE"
    DATA_ML = "DATA_ML"
    QA = "QA"
    DESIGN = "DESIGN"
    MANAGEMENT = "MANAGEMENT"
    OTHER = "OTHER"


_C = PositionCategory
# (category, regexes on the folded title): first match wins; the module docstring gives the why.
POSITION_RULES: tuple[tuple[PositionCategory, tuple[str, ...]], ...] = (
    (_C.MANAGEMENT, (r"manag(er|ing)", r"head of", r"director", r"vp", r"vice president",
                     r"c[eit]o", r"chief", r"product owner")),
    (_C.DESIGN, (r"designer", r"ux", r"user research(er)?",
                 r"(product|interaction|visual|graphic) design")),
    (_C.QA, (r"qa", r"sdet", r"quality (assurance|engineer)", r"test automation", r"tester",
             r"in test")),
    (_C.DATA_ML, (r"data (scien\w*|engineer\w*|analy\w*|platform)", r"big data", r"ml", r"mlops",
                  r"ai", r"(machine|deep) learning", r"analytics engineer\w*")),
    (_C.DEVOPS_SRE, (r"devops", r"devsecops", r"sre", r"site reliability", r"platform engineer\w*",
                     r"infra(structure)?", r"cloud (engineer|architect)", r"kubernetes", r"k8s",
                     r"sysadmin", r"systems? administrator")),
    (_C.MOBILE, (r"ios", r"android", r"mobile", r"react[\s-]*native", r"flutter", r"swift",
                 r"xamarin")),
    (_C.FULL_STACK, (r"full[\s-]*stack",)),
    (_C.FRONTEND, (r"front[\s-]*end\w*", r"react(\.?js)?", r"vue(\.?js)?", r"angular(js)?",
                   r"svelte", r"ui (engineer|developer)")),
    (_C.BACKEND, (r"back[\s-]*end\w*", r"apis?", r"python", r"java", r"golang", r"go(?!-to\b)",
                  r"ruby", r"rails", r"php", r"node(\.?js)?", r"scala", r"elixir", r"django",
                  r"spring", r"(asp)?\.net", r"c#")),
    (_C.FRONTEND, (r"javascript", r"typescript")),
)  # fmt: skip
_POSITION_PATTERNS = [
    (category, re.compile(r"(?<!\w)(" + "|".join(keys) + r")(?!\w)"))
    for category, keys in POSITION_RULES
]


def _fold(text: str) -> str:
    """Case-folded, accents stripped: "Développeur" gives "developpeur"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def position_category(title: str) -> PositionCategory:
    """The category of a job title: the first rule of `POSITION_RULES` that matches, else OTHER."""
    folded = _fold(title)
    for category, pattern in _POSITION_PATTERNS:
        if pattern.search(folded):
            return category
    return PositionCategory.OTHER


REMOTE = "Remote"
PARTICLES = frozenset(
    "am an da das de del der di do dos du en im la le los on sur upon van von".split()
)
_REMOTE = re.compile(
    r"\b(remote|anywhere|wfh|work(ing)?[\s-]+from[\s-]+home|home[\s-]?office"
    r"|tele(work|commut|travail)\w*)\b"
)  # on the folded text
_HYBRID = re.compile(r"\bhybrid\b")
_ASIDES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORK_MODES = re.compile(r"\b(hybrid|on[\s-]?site|in[\s-]office)\b", re.IGNORECASE)
_SEPARATORS = " \t-\u2013\u2014:/|,;\u00b7\u2022"  # hyphen, en/em dash, dots


def _capitalised(word: str, *, first: bool) -> str:
    if not word.islower():
        return word
    return "-".join(
        part if part in PARTICLES and (i > 0 or not first) else part[:1].upper() + part[1:]
        for i, part in enumerate(word.split("-"))
    )


def normalize_location(location: str | None) -> str | None:
    """A label to group locations by: "Remote", a capitalised city, or None (the module
    docstring lists the rules in order)."""
    if location is None or not location.strip():
        return None
    folded = _fold(location)
    if _REMOTE.search(folded) and not _HYBRID.search(folded):
        return REMOTE
    place = _WORK_MODES.sub(" ", _ASIDES.sub(" ", location)).strip(_SEPARATORS)
    place = place.split(",")[0].strip(_SEPARATORS)
    if place.isupper() and sum(c.isalpha() for c in place) >= 4:
        place = place.lower()
    words = place.split()
    if not words:
        return None
    return " ".join(_capitalised(w, first=i == 0) for i, w in enumerate(words))


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: give a timezone-aware one")
    return moment


def _month_index(moment: datetime) -> int:
    utc = _aware(moment).astimezone(UTC)
    return utc.year * 12 + utc.month - 1


def applications_per_month(
    dates: Iterable[datetime], *, now: datetime, months: int = 12
) -> list[tuple[str, int]]:
    """Counts per calendar month (UTC) for the `months` months ending with now's month, oldest
    first, empty months included as 0, labelled "YYYY-MM". Dates outside those months are
    ignored (a later date within now's month counts). Naive datetimes (`now` included) and
    `months` < 1 raise ValueError."""
    return month_series(Counter(map(month_label, dates)), now=now, months=months)


def month_label(moment: datetime) -> str:
    """The calendar month (UTC) of an aware moment: "YYYY-MM"."""
    index = _month_index(moment)
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_series(
    counts: Mapping[str, int], *, now: datetime, months: int = 12
) -> list[tuple[str, int]]:
    """`counts` by "YYYY-MM" label as the `months` months ending with now's month, oldest
    first, empty months as 0; other labels ignored."""
    if months < 1:
        raise ValueError(f"months must be at least 1, not {months}")
    last = _month_index(now)
    labels = [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(last - months + 1, last + 1)]
    return [(label, counts.get(label, 0)) for label in labels]


FUNNEL_STEPS = ("APPLIED", "INTERVIEW", "OFFER")


@dataclass(frozen=True)
class FunnelStep:
    """One step of the funnel: how many applications reached it, and the share of the
    previous step's applications that did (None for the first step or after an empty one)."""

    status: str
    count: int
    conversion: float | None


def funnel(reached: Iterable[set[str]]) -> list[FunnelStep]:
    """APPLIED → INTERVIEW → OFFER over the statuses each application ever reached.

    An application counts for a step if it reached that step or a later one (SAVED → OFFER
    counts as applied and interviewed). SAVED and REJECTED count for no step on their own.
    Statuses are the exact values of ApplicationStatus ("APPLIED", not "applied"). Always three
    steps; conversion = count / previous count, 4 decimals, None for the first step or when
    the previous count is 0."""
    return funnel_of(Counter(map(furthest_step, reached)))


def furthest_step(statuses: set[str] | Iterable[str]) -> int:
    """The index in FUNNEL_STEPS of the furthest step an application reached; -1 for none."""
    reached = set(statuses)
    return max((i for i, s in enumerate(FUNNEL_STEPS) if s in reached), default=-1)


def funnel_of(furthest: Mapping[int, int]) -> list[FunnelStep]:
    """The funnel from how many applications got furthest to each step (see `funnel`)."""
    counts = [sum(n for step, n in furthest.items() if step >= i) for i in range(len(FUNNEL_STEPS))]
    steps: list[FunnelStep] = []
    for i, (status, count) in enumerate(zip(FUNNEL_STEPS, counts, strict=True)):
        previous = counts[i - 1] if i else 0
        conversion = round(count / previous, 4) if previous else None
        steps.append(FunnelStep(status, count, conversion))
    return steps


RESPONSES = frozenset({"INTERVIEW", "OFFER", "REJECTED"})


def days_to_response(
    history: Sequence[tuple[str | None, str, datetime]], applied_at: datetime | None
) -> float | None:
    """Days (2 decimals) from applying to the first response.

    `history` is (from_status, to_status, changed_at), oldest first. Applying is the first
    change into APPLIED; without one, `applied_at`, provided the history went past SAVED.
    The response is the first later change into INTERVIEW, OFFER or REJECTED (later in the
    history and not earlier in time). None if never applied or no response yet. Naive
    datetimes raise ValueError."""
    entries = [(to, _aware(at)) for _, to, at in history]
    start = next((i for i, (to, _) in enumerate(entries) if to == "APPLIED"), None)
    if start is not None:
        applied, after = entries[start][1], entries[start + 1 :]
    elif applied_at is not None and any(to != "SAVED" for to, _ in entries):
        applied, after = _aware(applied_at), entries
    else:
        return None
    response = next((at for to, at in after if to in RESPONSES and at >= applied), None)
    if response is None:
        return None
    return round((response - applied).total_seconds() / 86400, 2)


def median_days(values: Iterable[float | None]) -> float | None:
    """The median of the values (None-s ignored), 2 decimals; None when there is none."""
    present = [v for v in values if v is not None]
    return round(statistics.median(present), 2) if present else None


def count_by(values: Iterable[str | None]) -> list[tuple[str, int]]:
    """(value, count) pairs, most frequent first, ties in alphabetical order; None skipped."""
    counts = Counter(v for v in values if v is not None)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
