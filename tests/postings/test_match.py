"""The match's two signals on the labelled set (`pairs.py`), and the vocabulary. The
semantic signal needs the `embeddings` extra, which `scripts/task` installs: its test fails,
never skips, without it."""

from subgraphs.postings import match, skills
from subgraphs.postings.match import fit
from tests.postings.pairs import POSTINGS

ORDER = [("good", "partial"), ("good", "poor"), ("partial", "poor")]


def ranking(*, semantic: bool) -> tuple[int, int, float]:
    """(labelled pairs ordered right, pairs, mean reciprocal rank of each posting's good
    resume among all twelve resumes)."""
    right = pairs = 0
    reciprocal = 0.0
    resumes = [
        getattr(p, label) for p in POSTINGS.values() for label in ("good", "partial", "poor")
    ]
    for posting in POSTINGS.values():
        score = {label: fit(getattr(posting, label), posting.description, posting.position,
                            semantic=semantic).score for label in ("good", "partial", "poor")}  # fmt: skip
        for better, worse in ORDER:
            pairs += 1
            right += score[better] > score[worse]
        everyone = sorted(
            (
                fit(r, posting.description, posting.position, semantic=semantic).score
                for r in resumes
            ),
            reverse=True,
        )
        reciprocal += 1 / (everyone.index(score["good"]) + 1)
    return right, pairs, reciprocal / len(POSTINGS)


def test_keyword_score_orders_the_labelled_pairs() -> None:
    right, pairs, mrr = ranking(semantic=False)
    assert (right, pairs) == (12, 12)
    assert mrr == 1.0


def test_semantic_score_orders_the_labelled_pairs() -> None:
    assert match.embedding_model() is not None, "the `embeddings` extra is not installed"
    right, pairs, mrr = ranking(semantic=True)  # the blend
    assert (right, pairs, mrr) == (12, 12, 1.0)
    for posting in POSTINGS.values():  # and the semantic score alone
        score = {label: fit(getattr(posting, label), posting.description, posting.position)
                 .semantic_score or 0 for label in ("good", "partial", "poor")}  # fmt: skip
        assert score["good"] > score["partial"] > score["poor"], score


def test_synonyms() -> None:
    assert skills.skills_in("k8s, golang, Postgres, sklearn, CI/CD, C++ and C#") == {
        "Kubernetes": 1, "Go": 1, "PostgreSQL": 1, "scikit-learn": 1, "CI/CD": 1, "C++": 1, "C#": 1,
    }  # fmt: skip
    # Words that are also plain English count only as written: "go", "rest", "excel in".
    assert skills.skills_in("we go the extra mile for the rest; excel in teams") == {}
    assert skills.skills_in("React Native and React") == {"React Native": 1, "React": 1}


def test_what_a_fit_explains() -> None:
    result = fit("Python and Kubernetes in production.", "We need Python, k8s and Terraform.",
                 "Platform Engineer", semantic=False)  # fmt: skip
    assert result.matched == ["Kubernetes", "Python"] and result.missing == ["Terraform"]
    assert result.keyword_score == 67 and result.score == 67 and result.semantic_score is None
    kubernetes = result.highlights[0]
    assert kubernetes.skill == "Kubernetes"
    assert kubernetes.resume == ["Python and Kubernetes in production."]
    assert kubernetes.posting == ["Platform Engineer We need Python, k8s and Terraform."]
    terraform = result.highlights[2]
    assert terraform.resume == [] and terraform.posting[0].startswith("…")


def test_a_posting_without_known_skills_falls_back_to_its_words() -> None:
    result = fit("I care for bonsai trees and orchids.", "Gardener for bonsai trees, orchids.",
                 "Gardener", semantic=False)  # fmt: skip
    assert "bonsai" in result.matched and result.keyword_score > 0
