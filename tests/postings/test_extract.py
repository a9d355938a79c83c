"""Recorded postings in the shapes applicant-tracking systems publish, read into drafts."""

from pathlib import Path

import pytest

from subgraphs.postings import extract, heuristics
from subgraphs.postings.extract import Source

FIXTURES = Path(__file__).parent / "fixtures"


def draft_of(name: str, url: str | None = None) -> extract.Draft:
    return extract.from_html((FIXTURES / f"{name}.html").read_text(), url)


def test_greenhouse_json_ld_with_escaped_html_description() -> None:
    draft = draft_of("greenhouse")
    assert (draft.company, draft.position) == ("Northwind Labs", "Senior Backend Engineer")
    assert draft.location == "Berlin, Germany"
    assert (draft.salary_min, draft.salary_max, draft.salary_currency) == (75000, 95000, "EUR")
    assert draft.remote is False
    assert draft.job_description is not None
    assert draft.job_description.startswith("About the role\nYou will build")
    assert "- PostgreSQL, Kafka, Kubernetes" in draft.job_description
    assert "<" not in draft.job_description
    assert draft.job_url == "https://job-boards.greenhouse.io/northwindlabs/jobs/4012345007"
    assert draft.found["company"] is Source.JSON_LD
    assert draft.found["job_url"] is Source.META


def test_lever_remote_with_string_salary() -> None:
    draft = draft_of("lever")
    assert (draft.company, draft.position) == ("Acme Robotics", "Staff Data Scientist")
    assert draft.remote is True
    assert (draft.salary_min, draft.salary_max, draft.salary_currency) == (180000, 220000, "USD")
    assert (
        draft.job_description is not None
        and "- Ship experiments with PyTorch" in draft.job_description
    )


def test_workday_location_list_and_no_salary() -> None:
    draft = draft_of("workday")
    assert (draft.company, draft.position) == ("Contoso Group", "Product Designer")
    assert draft.location == "London, United Kingdom"
    assert draft.salary_min is None and "salary_min" not in draft.found
    assert draft.job_url is not None and draft.job_url.startswith("https://contoso.wd5.")


def test_ashby_graph_several_places_monthly_salary_made_yearly() -> None:
    draft = draft_of("ashby", "https://jobs.ashbyhq.com/helix/1234")
    assert (draft.company, draft.position) == ("Helix Health", "Platform Engineer (Kubernetes)")
    assert draft.location == "Amsterdam, NL; Lisbon, PT"
    assert draft.remote is True
    assert (draft.salary_min, draft.salary_max) == (6000 * 12, 7500 * 12)
    assert draft.job_url == "https://jobs.ashbyhq.com/helix/1234"  # the page's own URL


def test_page_without_json_ld_falls_back_to_meta_and_heuristics() -> None:
    draft = draft_of("company-site", "https://bluefinch.example/careers/frontend")
    assert draft.position == "Frontend Developer"
    assert draft.company == "Blue Finch Studio"
    assert draft.location == "Lyon, France"
    assert (draft.salary_min, draft.salary_max, draft.salary_currency) == (45000, 55000, "EUR")
    assert draft.remote is False  # "on-site"
    assert draft.found["position"] is Source.META
    assert draft.found["location"] is Source.HEURISTIC
    assert draft.found["salary_min"] is Source.HEURISTIC


def test_pasted_text() -> None:
    draft = extract.from_text(
        "Senior Python Developer at Quokka Payments\nWe are remote-first.\n"
        "Pay: $120,000 - $150,000\nPython, Django."
    )
    assert (draft.position, draft.company) == ("Senior Python Developer", "Quokka Payments")
    assert draft.remote is True
    assert (draft.salary_min, draft.salary_max, draft.salary_currency) == (120000, 150000, "USD")
    assert draft.job_description is not None and draft.job_description.endswith("Django.")
    assert set(draft.found.values()) == {Source.HEURISTIC}


def test_broken_json_ld_is_skipped() -> None:
    html = '<script type="application/ld+json">{not json</script><title>Analyst at Foo</title>'
    draft = extract.from_html(html)
    assert (draft.position, draft.company) == ("Analyst", "Foo")
    assert draft.found["position"] is Source.META


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("€60k\u201380k", (60000, 80000, "EUR")),
        ("GBP 45,000 to 55,000", (45000, 55000, "GBP")),
        ("CHF 120'000", (120000, 120000, "CHF")),
        ("$40/hour", (83200, 83200, "USD")),
        ("5 years of experience, 3 teams", (None, None, None)),
        ("$5", (None, None, None)),
    ],
)
def test_salary_patterns(text: str, expected: tuple[int | None, int | None, str | None]) -> None:
    assert heuristics.salary(text) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Job Application for Data Engineer at Foo Bar", ("Data Engineer", "Foo Bar")),
        ("Acme - Senior Engineer", ("Senior Engineer", "Acme")),
        ("Frontend Developer | Blue Finch - Careers", ("Frontend Developer", "Blue Finch")),
        ("Product Designer", ("Product Designer", None)),
    ],
)
def test_titles(title: str, expected: tuple[str | None, str | None]) -> None:
    assert heuristics.split_title(title) == expected


def test_remote_words() -> None:
    assert heuristics.remote("This is not remote; you work on-site") is False
    assert heuristics.remote("Fully remote team") is True
    assert heuristics.remote("Berlin office") is None


def test_fixture_coverage() -> None:
    """The figures of docs/architecture/postings.md: fields found per source over the recorded postings."""
    counts: dict[Source, int] = dict.fromkeys(Source, 0)
    for page in FIXTURES.glob("*.html"):
        for source in draft_of(page.stem, "https://example.com/posting").found.values():
            counts[source] += 1
    assert counts == {Source.JSON_LD: 29, Source.META: 8, Source.HEURISTIC: 5}
