"""Profile extraction from messages as people really write them: slang, typos, constraints, roles."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from advisor.retrieval.extract import extract_profile

TODAY = dt.date(2026, 11, 25)

# (message, {dotted field: expected value}). Only the fields listed are checked.
CASES: list[tuple[str, dict[str, Any]]] = [
    (
        "sparky 15 yrs want to do car chargers",
        {"occupation": "electrician", "years_experience": 15, "goals~": "ev charging", "role": "learner"},
    ),
    (
        "I've been a plumber for 20 years and want to fit heat pumps",
        {"occupation": "plumber", "years_experience": 20, "goals~": "heat pumps"},
    ),
    (
        "heating engineer, customers keep asking about ASHP",
        {"occupation": "plumber", "skills~": "heat pumps"},
    ),
    (
        "chippy, 8 years, want to learn about retrofit",
        {"occupation": "carpenter", "years_experience": 8, "goals~": "retrofit"},
    ),
    (
        "brickie looking to move into site management",
        {"occupation": "bricklayer", "goals~": "construction management"},
    ),
    (
        "carer in a care home, want to learn about dementia",
        {"occupation": "care worker", "goals~": "care skills", "sectors~": "social-care"},
    ),
    ("HCA on a ward, got GCSEs", {"occupation": "healthcare assistant", "learner.highest_level": 2}),
    (
        "I'm a TA and want to become a teacher",
        {"occupation": "teaching assistant", "goals~": "become teacher"},
    ),
    ("work in admin, want to get better at excell", {"occupation": "administrator", "goals~": "excel"}),
    (
        "IT bloke at a school, want to get into cyber secuirty",
        {"occupation": "it support", "goals~": "cyber security"},
    ),
    ("want to learn powerbi", {"goals~": "power bi", "sectors~": "data"}),
    ("how do I use chat gpt for my job", {"goals~": "ai"}),
    ("interested in solar panels", {"goals~": "solar pv"}),
    ("want to get my forklift licence", {"goals~": "forklift"}),
    ("ex-forces, want my HGV licence", {"occupation": "armed forces veteran", "goals~": "hgv licence"}),
    ("spreadsheets are my nightmare, want to learn", {"skills~": "excel"}),
    (
        "got a degree in history, want to get into data",
        {"learner.highest_level": 6, "learner.has_degree": True},
    ),
    ("I have A levels and want to do an HNC", {"learner.highest_level": 3, "target_level": 4}),
    ("I've got my GCSEs", {"learner.highest_level": 2}),
    ("I have an HNC in electrical engineering", {"learner.highest_level": 4}),
    ("finished my master's last year", {"learner.highest_level": 7, "learner.has_degree": True}),
    ("no quals, left school at 16", {"learner.highest_level": 0, "learner.has_degree": False}),
    ("I don't have a degree", {"learner.has_degree": False, "learner.highest_level": None}),
    ("want to do a degree in nursing", {"learner.highest_level": None, "target_level": 6}),
    ("evenings only", {"constraints.hours_per_week": None}),
    ("I can do 5 hrs a week", {"constraints.hours_per_week": 5}),
    ("max 3 hours per week", {"constraints.hours_per_week": 3}),
    ("online only please, I work shifts", {"constraints.delivery_modes": ("online",)}),
    (
        "I'd rather not do it online, prefer face to face",
        {"constraints.delivery_modes": ("in_person", "blended")},
    ),
    ("can't spend more than £500", {"constraints.budget_gbp": 500}),
    ("budget about 1.5k", {"constraints.budget_gbp": 1500}),
    ("looking for free courses only", {"constraints.budget_gbp": 0}),
    ("I earn £22,000 a year", {"learner.annual_income_gbp": 22000, "constraints.budget_gbp": None}),
    ("want to start in January", {"constraints.start_by": dt.date(2027, 1, 31)}),
    ("need to start asap", {"constraints.start_by": TODAY + dt.timedelta(days=31)}),
    ("I live in Sheffield", {"learner.nation": "England", "constraints.location": "Sheffield"}),
    ("based in Doncaster", {"learner.nation": "England"}),
    ("I'm in Wrexham", {"learner.nation": "Wales"}),
    ("Cardiff", {"learner.nation": "Wales"}),
    ("live in Dundee", {"learner.nation": "Scotland"}),
    ("from Glasgow", {"learner.nation": "Scotland"}),
    ("I'm in Belfast", {"learner.nation": "Northern Ireland"}),
    ("I'm 45 and unemployed", {"learner.age": 45, "learner.employment_status": "unemployed"}),
    ("19 year old, on universal credit", {"learner.age": 19, "learner.benefits": True}),
    ("self employed sparky", {"learner.employment_status": "self_employed", "occupation": "electrician"}),
    ("I'm 30 minutes from the college", {"learner.age": None}),
    (
        "we employ 40 staff and need to train 6 sparkies on solar",
        {"role": "employer", "employer.size": 40, "team": {"electrician": 6}},
    ),
    ("my team of 12 need excel training", {"role": "employer", "employer.size": 12}),
    (
        "our staff need safeguarding training, we're based in Cardiff",
        {"role": "employer", "employer.nation": "Wales", "learner.nation": None},
    ),
    (
        "we are CITB registered, 25 employees",
        {"role": "employer", "employer.citb_registered": True, "employer.size": 25},
    ),
    ("my client is 34 and wants to get into warehouse work", {"role": "advisor", "learner.age": 34}),
    ("learner I'm seeing has no quals and wants care work", {"role": "advisor", "learner.highest_level": 0}),
    (
        "Client, 52, made redundant from the steelworks",
        {"role": "advisor", "learner.age": 52, "learner.employment_status": "unemployed"},
    ),
    ("want to work with cars, fix electric vehicles", {"goals~": "ev charging"}),
]


def _get(profile: Any, dotted: str) -> Any:
    value = profile
    for part in dotted.split("."):
        value = getattr(value, part)
    return value


@pytest.mark.parametrize(("message", "expected"), CASES, ids=[m[:40] for m, _ in CASES])
def test_profile_from_message(message: str, expected: dict[str, Any]) -> None:
    profile = extract_profile(message, today=TODAY)
    for field, want in expected.items():
        if field.endswith("~"):
            got = _get(profile, field[:-1])
            assert want in got, f"{field[:-1]}: {want!r} not in {got!r}"
        else:
            got = _get(profile, field)
            if isinstance(want, (int, float)) and not isinstance(want, bool) and got is not None:
                assert got == pytest.approx(want), f"{field}: {got!r} != {want!r}"
            else:
                assert got == want, f"{field}: {got!r} != {want!r}"


def test_at_least_forty_messages_are_checked() -> None:
    assert len(CASES) >= 40


def test_role_given_by_the_caller_wins() -> None:
    assert extract_profile("we employ 40 staff", role="advisor").role == "advisor"


def test_nothing_known_stays_unknown() -> None:
    profile = extract_profile("hello", today=TODAY)
    assert profile.occupation is None
    assert profile.learner.known() == {}
    assert profile.constraints.known() == {}
