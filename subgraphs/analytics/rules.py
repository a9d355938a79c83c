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
import unicodedata
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
