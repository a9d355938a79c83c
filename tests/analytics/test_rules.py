"""The analytics rules: titles sort into categories, locations group under one label."""

import pytest

from subgraphs.analytics.rules import (
    PositionCategory,
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
