"""The analytics rules: titles sort into categories, locations group under one label, months are
counted without gaps, the funnel counts later steps as earlier ones, responses are timed."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from subgraphs.analytics.rules import (
    FunnelStep,
    PositionCategory,
    applications_per_month,
    count_by,
    days_to_response,
    funnel,
    median_days,
    normalize_location,
    position_category,
)

C = PositionCategory


@pytest.mark.parametrize(
    ("title", "category"),
    [
        ("Senior Full-Stack Engineer", C.FULL_STACK),
        ("Fullstack developer", C.FULL_STACK),
        ("full stack", C.FULL_STACK),
        ("Full Stack Engineer (React / Node.js)", C.FULL_STACK),
        ("Engineering Manager", C.MANAGEMENT),
        ("Head of Engineering", C.MANAGEMENT),
        ("CTO", C.MANAGEMENT),
        ("VP Engineering", C.MANAGEMENT),
        ("Product Manager", C.MANAGEMENT),
        ("Engineering Manager, Frontend", C.MANAGEMENT),
        ("Tech Lead", C.OTHER),
        ("Team Lead", C.OTHER),
        ("Frontend Tech Lead", C.FRONTEND),
        ("Product Designer", C.DESIGN),
        ("UX/UI Designer", C.DESIGN),
        ("UX researcher", C.DESIGN),
        ("QA Engineer", C.QA),
        ("SDET", C.QA),
        ("Test Automation Engineer", C.QA),
        ("Software Engineer in Test", C.QA),
        ("QA Engineer (Python)", C.QA),
        ("Data Scientist", C.DATA_ML),
        ("ML Engineer", C.DATA_ML),
        ("Machine Learning Researcher", C.DATA_ML),
        ("Data Engineer", C.DATA_ML),
        ("AI Engineer", C.DATA_ML),
        ("Analytics Engineer", C.DATA_ML),
        ("Senior Python Data Engineer", C.DATA_ML),
        ("Data Platform Engineer", C.DATA_ML),
        ("DevOps Engineer", C.DEVOPS_SRE),
        ("SRE", C.DEVOPS_SRE),
        ("Site Reliability Engineer", C.DEVOPS_SRE),
        ("Platform Engineer", C.DEVOPS_SRE),
        ("Infrastructure Engineer", C.DEVOPS_SRE),
        ("Cloud Engineer", C.DEVOPS_SRE),
        ("Kubernetes Specialist", C.DEVOPS_SRE),
        ("Ingénieur DevOps", C.DEVOPS_SRE),
        ("iOS Developer", C.MOBILE),
        ("Android Engineer", C.MOBILE),
        ("Mobile Developer", C.MOBILE),
        ("React Native Developer", C.MOBILE),
        ("Flutter Engineer", C.MOBILE),
        ("Frontend Developer", C.FRONTEND),
        ("Front-end Engineer", C.FRONTEND),
        ("Développeur Front-End", C.FRONTEND),
        ("React Developer", C.FRONTEND),
        ("Vue.js Engineer", C.FRONTEND),
        ("Angular Developer", C.FRONTEND),
        ("UI Engineer", C.FRONTEND),
        ("JavaScript Developer", C.FRONTEND),
        ("TypeScript Engineer", C.FRONTEND),
        ("Backend Engineer", C.BACKEND),
        ("Back-end Developer", C.BACKEND),
        ("API Engineer", C.BACKEND),
        ("Python Developer", C.BACKEND),
        ("Java Engineer", C.BACKEND),
        ("Go developer", C.BACKEND),
        ("Golang Engineer", C.BACKEND),
        ("Rails Developer", C.BACKEND),
        ("Node.js Developer", C.BACKEND),
        ("Node.js Developer (TypeScript)", C.BACKEND),
        (".NET Developer", C.BACKEND),
        ("C# Engineer", C.BACKEND),
        ("Software Engineer", C.OTHER),
        ("Accountant", C.OTHER),
        ("", C.OTHER),
        ("Go-To-Market Specialist", C.OTHER),
        ("Google Cloud Sales", C.OTHER),
        ("HTML Email Specialist", C.OTHER),
        ("Javanese Translator", C.OTHER),
        ("Aide-soignant", C.OTHER),
    ],
)
def test_a_title_lands_in_the_first_matching_category(
    title: str, category: PositionCategory
) -> None:
    assert position_category(title) is category


def test_categories_are_named_by_their_values() -> None:
    assert all(category.value == category.name for category in PositionCategory)


@pytest.mark.parametrize(
    ("location", "label"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("Remote", "Remote"),
        ("remote - EU", "Remote"),
        ("Anywhere", "Remote"),
        ("WFH", "Remote"),
        ("Work from home", "Remote"),
        ("100% remote", "Remote"),
        ("Remote (US)", "Remote"),
        ("Remote-first, Europe", "Remote"),
        ("Berlin (Home Office)", "Remote"),
        ("Télétravail", "Remote"),
        ("Hybrid - Berlin", "Berlin"),
        ("Berlin (Hybrid)", "Berlin"),
        ("Hybrid (2 days remote), Berlin", "Berlin"),
        ("On-site: Munich", "Munich"),
        ("Hybrid", None),
        ("Berlin, Germany", "Berlin"),
        ("Berlin, DE", "Berlin"),
        (" berlin ", "Berlin"),
        ("BERLIN", "Berlin"),
        ("new   york", "New York"),
        ("New York, NY, USA", "New York"),
        ("São Paulo", "São Paulo"),
        ("são paulo, Brazil", "São Paulo"),
        ("SÃO PAULO", "São Paulo"),
        ("rio de janeiro", "Rio de Janeiro"),
        ("aix-en-provence", "Aix-en-Provence"),
        ("NYC", "NYC"),
        ("McAllen, TX", "McAllen"),
        ("Zürich", "Zürich"),
        ("Berlin/Munich", "Berlin/Munich"),
    ],
)
def test_a_location_groups_under_one_label(location: str | None, label: str | None) -> None:
    assert normalize_location(location) == label


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)


def test_months_are_counted_oldest_first_with_empty_months_as_zero() -> None:
    dates = [utc(2026, 3, 5), utc(2026, 3, 20), utc(2026, 5, 1)]
    assert applications_per_month(dates, now=utc(2026, 5, 15), months=4) == [
        ("2026-02", 0),
        ("2026-03", 2),
        ("2026-04", 0),
        ("2026-05", 1),
    ]


def test_twelve_months_by_default_ending_with_nows_month() -> None:
    series = applications_per_month([], now=utc(2026, 5, 15))
    assert [label for label, _ in series] == [f"2025-{m:02d}" for m in range(6, 13)] + [
        f"2026-{m:02d}" for m in range(1, 6)
    ]
    assert {count for _, count in series} == {0}


def test_the_window_rolls_over_from_december_to_january() -> None:
    dates = [utc(2025, 12, 31, 23, 59, 59), utc(2026, 1, 1)]
    assert applications_per_month(dates, now=utc(2026, 1, 1), months=2) == [
        ("2025-12", 1),
        ("2026-01", 1),
    ]


@pytest.mark.parametrize(
    ("moment", "month"),
    [
        (utc(2026, 4, 30, 23, 59, 59, 999999), "2026-04"),
        (utc(2026, 5, 1, 0, 0, 0), "2026-05"),
        (datetime(2026, 5, 1, 1, 30, tzinfo=timezone(timedelta(hours=2))), "2026-04"),
        (datetime(2026, 4, 30, 20, 0, tzinfo=timezone(timedelta(hours=-5))), "2026-05"),
        (utc(2024, 2, 29, 12), "2024-02"),
    ],
)
def test_a_date_counts_in_its_utc_month(moment: datetime, month: str) -> None:
    now = utc(2026, 5, 31)
    counts = dict(applications_per_month([moment], now=now, months=36))
    assert counts[month] == 1
    assert sum(counts.values()) == 1


def test_leap_february_is_one_month() -> None:
    dates = [utc(2024, 2, 1), utc(2024, 2, 29, 23, 59), utc(2024, 3, 1)]
    assert applications_per_month(dates, now=utc(2024, 3, 1), months=2) == [
        ("2024-02", 2),
        ("2024-03", 1),
    ]


def test_dates_outside_the_window_are_ignored() -> None:
    dates = [utc(2025, 4, 30), utc(2026, 6, 1), utc(2026, 5, 31, 23)]
    assert applications_per_month(dates, now=utc(2026, 5, 2), months=12)[-1] == ("2026-05", 1)
    assert sum(c for _, c in applications_per_month(dates, now=utc(2026, 5, 2))) == 1


@pytest.mark.parametrize(
    ("dates", "now"),
    [([datetime(2026, 5, 1)], utc(2026, 5, 1)), ([], datetime(2026, 5, 1))],
)
def test_naive_datetimes_are_refused(dates: list[datetime], now: datetime) -> None:
    with pytest.raises(ValueError, match="naive"):
        applications_per_month(dates, now=now)


def test_fewer_than_one_month_is_refused() -> None:
    with pytest.raises(ValueError):
        applications_per_month([], now=utc(2026, 5, 1), months=0)


def test_the_funnel_counts_a_later_step_as_every_earlier_one() -> None:
    reached = [
        {"SAVED", "APPLIED"},
        {"SAVED", "APPLIED", "REJECTED"},
        {"SAVED", "APPLIED", "INTERVIEW"},
        {"SAVED", "APPLIED", "INTERVIEW", "REJECTED"},
        {"SAVED", "OFFER"},
        {"SAVED"},
        {"SAVED", "REJECTED"},
    ]
    assert funnel(reached) == [
        FunnelStep("APPLIED", 5, None),
        FunnelStep("INTERVIEW", 3, 0.6),
        FunnelStep("OFFER", 1, 0.3333),
    ]


@pytest.mark.parametrize("reached", [[], [{"SAVED"}], [{"REJECTED"}, set()]])
def test_an_empty_funnel_has_three_steps_and_no_conversions(reached: list[set[str]]) -> None:
    assert funnel(reached) == [
        FunnelStep("APPLIED", 0, None),
        FunnelStep("INTERVIEW", 0, None),
        FunnelStep("OFFER", 0, None),
    ]


def test_a_conversion_after_an_empty_step_is_none() -> None:
    assert [step.conversion for step in funnel([{"APPLIED"}, {"APPLIED"}])] == [None, 0.0, None]


T0 = utc(2026, 5, 1, 9)


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


@pytest.mark.parametrize(
    ("history", "applied_at", "days"),
    [
        ([(None, "SAVED", at(-3)), ("SAVED", "APPLIED", at(0)), ("APPLIED", "INTERVIEW", at(4.5))], None, 4.5),
        ([(None, "APPLIED", at(0)), ("APPLIED", "REJECTED", at(10))], None, 10.0),
        ([(None, "APPLIED", at(0)), ("APPLIED", "OFFER", at(1 / 3))], None, 0.33),
        ([(None, "APPLIED", at(0)), ("APPLIED", "INTERVIEW", at(2)), ("INTERVIEW", "OFFER", at(9))], None, 2.0),
        ([(None, "SAVED", at(0)), ("SAVED", "APPLIED", at(1)), ("APPLIED", "SAVED", at(2)),
          ("SAVED", "APPLIED", at(3)), ("APPLIED", "INTERVIEW", at(5))], None, 4.0),
        ([(None, "APPLIED", at(0)), ("APPLIED", "INTERVIEW", at(2))], at(-30), 2.0),
        ([(None, "INTERVIEW", at(0))], at(-7), 7.0),
        ([(None, "SAVED", at(0)), ("SAVED", "OFFER", at(5))], at(1), 4.0),
        ([(None, "APPLIED", at(0)), ("APPLIED", "INTERVIEW", at(0))], None, 0.0),
    ],
)  # fmt: skip
def test_days_to_response_run_from_applying_to_the_first_answer(
    history: list[tuple[str | None, str, datetime]], applied_at: datetime | None, days: float
) -> None:
    assert days_to_response(history, applied_at) == days


@pytest.mark.parametrize(
    ("history", "applied_at"),
    [
        ([], None),
        ([], at(0)),
        ([(None, "SAVED", at(0))], at(1)),
        ([(None, "SAVED", at(0)), ("SAVED", "REJECTED", at(1))], None),
        ([(None, "SAVED", at(0)), ("SAVED", "APPLIED", at(1))], None),
        ([(None, "INTERVIEW", at(0)), ("INTERVIEW", "APPLIED", at(1))], None),
        ([(None, "INTERVIEW", at(0))], at(3)),
    ],
)
def test_no_response_time_without_applying_or_an_answer(
    history: list[tuple[str | None, str, datetime]], applied_at: datetime | None
) -> None:
    assert days_to_response(history, applied_at) is None


def test_days_to_response_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="naive"):
        days_to_response([(None, "APPLIED", datetime(2026, 5, 1))], None)


@pytest.mark.parametrize(
    ("values", "median"),
    [
        ([], None),
        ([None, None], None),
        ([3.0], 3.0),
        ([1.0, None, 5.0, 2.0], 2.0),
        ([1.0, 2.0, 3.0, 4.5], 2.5),
        ([0.111, 0.222], 0.17),
    ],
)
def test_the_median_ignores_missing_values(
    values: list[float | None], median: float | None
) -> None:
    assert median_days(values) == median


@pytest.mark.parametrize(
    ("values", "counts"),
    [
        ([], []),
        ([None], []),
        (["b", "a", "b", None, "c", "a", "b"], [("b", 3), ("a", 2), ("c", 1)]),
        (["Remote", "Berlin", "Amsterdam"], [("Amsterdam", 1), ("Berlin", 1), ("Remote", 1)]),
    ],
)
def test_counts_are_most_frequent_first_ties_alphabetical(
    values: list[str | None], counts: list[tuple[str, int]]
) -> None:
    assert count_by(values) == counts
