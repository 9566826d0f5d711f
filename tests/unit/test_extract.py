"""Profile extraction from messages as people really write them: slang, typos, constraints, roles.

Occupations, goals, skills and sectors come from the catalogue's vocabulary, so the expected names below are
the bundled catalogue's own spellings ("EV charging", "Power BI"); slang reaches them through the general
list.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from retrieval_catalogue import catalogue as small_catalogue
from retrieval_catalogue import course

from advisor.catalogue import load_catalogue
from advisor.config import BUNDLED_CATALOGUE
from advisor.retrieval.extract import extract_profile
from advisor.understanding.vocabulary import DATA_DIR, Vocabulary, general_vocabulary

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def bundled() -> Vocabulary:
    return Vocabulary.from_catalogue(load_catalogue(BUNDLED_CATALOGUE))


# (message, {dotted field: expected value}). Only the fields listed are checked.
CASES: list[tuple[str, dict[str, Any]]] = [
    (
        "sparky 15 yrs want to do car chargers",
        {"occupation": "electrician", "years_experience": 15, "goals~": "EV charging", "role": "learner"},
    ),
    (
        "I've been a plumber for 20 years and want to fit heat pumps",
        {"occupation": "plumber", "years_experience": 20, "goals~": "heat pumps"},
    ),
    (
        "heating engineer, customers keep asking about ASHP",
        {"occupation": "heating engineer", "skills~": "heat pumps"},
    ),
    (
        "chippy, 8 years, want to learn about retrofit",
        {"occupation": "carpenter", "years_experience": 8, "goals~": "retrofit"},
    ),
    (
        "brickie looking to move into site management",
        {"occupation": "bricklayer", "goals~": "management"},
    ),
    (
        "carer in a care home, want to learn about dementia",
        {"occupation": "care worker", "goals~": "dementia", "sectors~": "social-care"},
    ),
    ("HCA on a ward, got GCSEs", {"occupation": "healthcare assistant", "learner.highest_level": 2}),
    (
        "I'm a TA and want to become a teacher",
        {"occupation": "teaching assistant", "goals~": "become teacher"},
    ),
    (
        "work in admin, want to get better at excell",
        {"occupation": "administrator", "goals~": "spreadsheets"},
    ),
    (
        "IT bloke at a school, want to get into cyber secuirty",
        {"occupation": "IT support", "goals~": "cyber security", "sectors~": "cyber"},
    ),
    ("want to learn powerbi", {"goals~": "Power BI", "sectors~": "data"}),
    ("how do I use chat gpt for my job", {"goals~": "generative AI", "sectors~": "ai"}),
    ("interested in solar panels", {"goals~": "solar PV", "sectors~": "green-energy"}),
    ("want to get my forklift licence", {"goals~": "forklift"}),
    (
        "ex-forces, want my HGV licence",
        {"occupation": "armed forces service leaver", "sectors~": "logistics"},
    ),
    ("spreadsheets are my nightmare, want to learn", {"skills~": "spreadsheets"}),
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
    ("want to work with cars, fix electric vehicles", {"goals~": "electric vehicle"}),
    ("I manage a team in a warehouse", {"occupation": "team manager", "sectors~": "logistics"}),
    ("sparky 20 yrs, fancy teaching it at the college", {"occupation": "electrician", "goals~": "teaching"}),
]


def _get(profile: Any, dotted: str) -> Any:
    value = profile
    for part in dotted.split("."):
        value = getattr(value, part)
    return value


@pytest.mark.parametrize(("message", "expected"), CASES, ids=[m[:40] for m, _ in CASES])
def test_profile_from_message(message: str, expected: dict[str, Any], bundled: Vocabulary) -> None:
    profile = extract_profile(message, today=TODAY, vocabulary=bundled)
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


# --- the vocabulary comes from the catalogue ---------------------------------------------------------------


def _groomers() -> Vocabulary:
    """A catalogue no general list knows: its words are read from its own columns."""
    grooming = course(
        "dog-grooming",
        "Professional Dog Grooming",
        summary="Bathe, clip and style dogs safely in a salon.",
        skills=("breed clipping", "canine handling"),
        occupations=("dog groomer", "kennel assistant"),
        sector="animal-care",
    )
    wiring = course(
        "wiring-regs",
        "Wiring Regulations Update",
        skills=("electrical installation",),
        occupations=("electrician",),
        sector="building-services",
    )
    return Vocabulary.from_catalogue(small_catalogue([grooming, wiring]))


@pytest.mark.parametrize(
    "message",
    ["I'm a dog groomer", "dog groomers, 10 years", "I groom dogs for a living", "i groom the dogs"],
)
def test_an_occupation_is_read_from_the_catalogues_own_column(message: str) -> None:
    profile = extract_profile(message, today=TODAY, vocabulary=_groomers())
    assert profile.occupation == "dog groomer"
    assert profile.sectors == ("animal-care",)


def test_a_catalogue_skill_and_its_sector_are_goals() -> None:
    profile = extract_profile("want to learn breed clipping", today=TODAY, vocabulary=_groomers())
    assert "breed clipping" in profile.goals and profile.sectors == ("animal-care",)
    team = extract_profile("we employ 9 staff, need 3 dog groomers trained", vocabulary=_groomers())
    assert team.role == "employer" and team.team == {"dog groomer": 3}


def test_slang_reaches_the_catalogues_word() -> None:
    for message in ("sparky, 15 yrs", "I'm a sparkie", "electricain looking to retrain"):
        profile = extract_profile(message, today=TODAY, vocabulary=_groomers())
        assert profile.occupation == "electrician", message
        assert profile.sectors == ("building-services",), message


def test_words_of_another_catalogue_are_not_known() -> None:
    """The bundled catalogue's skills are not built in: a catalogue that lacks them does not find them."""
    assert extract_profile("want to learn breed clipping", vocabulary=general_vocabulary()).sectors == ()
    assert "Power BI" not in extract_profile("want to learn powerbi", vocabulary=_groomers()).goals


def test_without_a_catalogue_the_general_list_still_reads_slang() -> None:
    # The call every existing caller makes (no vocabulary): general words only, no catalogue sectors.
    profile = extract_profile("sparky 15 yrs want to do car chargers", today=TODAY)
    assert profile.occupation == "electrician"
    assert "electric vehicle charging" in profile.goals
    assert profile.sectors == ()


def test_the_general_list_holds_no_catalogue_words() -> None:
    """Words of one catalogue never go in code or in the general list: no bundled course title, skill or
    sector slug appears in slang.yaml."""
    bundled = load_catalogue(BUNDLED_CATALOGUE)
    text = (Path(DATA_DIR) / "slang.yaml").read_text(encoding="utf-8").lower()
    slugs = {c.sector for c in bundled.courses.values() if "-" in c.sector}
    titles = {c.title.lower() for c in bundled.courses.values()}
    assert not [s for s in slugs if s in text]
    assert not [t for t in titles if t in text]
