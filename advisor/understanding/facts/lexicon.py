"""The word lists fact readers need, loaded once from `advisor/understanding/data/` (and the catalogue's
own campus names), compiled into one pattern per kind."""

from __future__ import annotations

import csv
import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
NATIONS = ("England", "Wales", "Scotland", "Northern Ireland")


@dataclass(frozen=True)
class Benefit:
    name: str
    implies_unemployed: bool


@dataclass(frozen=True)
class Lexicon:
    places: dict[str, str]
    place_pattern: re.Pattern[str]
    benefits: dict[str, Benefit]
    benefit_pattern: re.Pattern[str]
    levels: tuple[tuple[re.Pattern[str], int, bool], ...]
    no_qualifications: re.Pattern[str]
    # How people name a job -> the standard job word ("sparkies" -> "electrician"), from slang.yaml.
    job_words: dict[str, str]
    # Places whose names are also ordinary words: read only when written with a capital after "in", "at"...
    strict_places: dict[str, str]

    def with_places(self, extra: dict[str, str]) -> Lexicon:
        """This lexicon with more places (a catalogue's campus towns) added."""
        places = {**self.places, **{k.lower(): v for k, v in extra.items() if k.strip()}}
        return dataclasses.replace(self, places=places, place_pattern=_alternation(places))


def _alternation(phrases: Iterable[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in ordered) + r")(?![\w-])", flags)


def _load_places(path: Path, strict: bool = False) -> dict[str, str]:
    places: dict[str, str] = {}
    if not path.is_file():
        return places
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            name, nation = (row.get("name") or "").strip().lower(), (row.get("nation") or "").strip()
            if name and nation in NATIONS:
                places[name] = nation
    if strict:
        return places
    for nation in NATIONS:
        places[nation.lower()] = nation
    return places


def _load_benefits(path: Path) -> dict[str, Benefit]:
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    phrasings: dict[str, Benefit] = {}
    for entry in data.get("benefits", []):
        benefit = Benefit(str(entry["name"]), bool(entry.get("implies_unemployed", False)))
        for phrase in [entry["name"], *entry.get("phrasings", [])]:
            phrasings[str(phrase).lower()] = benefit
    return phrasings


def _load_levels(path: Path) -> tuple[tuple[tuple[re.Pattern[str], int, bool], ...], re.Pattern[str]]:
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    levels = tuple(
        (
            re.compile(r"(?<![\w-])(?:" + "|".join(entry["phrasings"]) + r")(?![\w-])", re.IGNORECASE),
            int(entry["level"]),
            bool(entry["degree"]),
        )
        for entry in data["levels"]
    )
    none = re.compile(r"\b(?:" + "|".join(data["none"]) + r")\b", re.IGNORECASE)
    return levels, none


@lru_cache(maxsize=1)
def general_lexicon() -> Lexicon:
    places = _load_places(DATA_DIR / "places.csv")
    benefits = _load_benefits(DATA_DIR / "benefits.yaml")
    levels, none = _load_levels(DATA_DIR / "qualifications.yaml")
    # "UC" is only Universal Credit in capitals; "uc" inside words or lower case is too loose to trust alone.
    benefit_pattern = re.compile(
        _alternation([p for p in benefits if p != "uc"]).pattern + r"|(?-i:\bUC\b)|\bon (?:the )?uc\b",
        re.IGNORECASE,
    )
    return Lexicon(
        places,
        _alternation(places),
        benefits,
        benefit_pattern,
        levels,
        none,
        _load_job_words(DATA_DIR / "slang.yaml"),
        _load_places(DATA_DIR / "places_strict.csv", strict=True),
    )


def _load_job_words(path: Path) -> dict[str, str]:
    """Every way slang.yaml says a job, and the job word itself, in singular and plural."""
    from advisor.understanding.facts.counts import singular

    data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    words: dict[str, str] = {}
    for standard, phrasings in (data.get("occupations") or {}).items():
        for phrase in [standard, *(phrasings or [])]:
            phrase = str(phrase).lower()
            words.setdefault(phrase, str(standard))
            words.setdefault(singular(phrase), str(standard))
            words.setdefault(phrase + "s", str(standard))
    return words


def campus_places(catalogue: Any) -> dict[str, str]:
    """Campus towns from a catalogue's courses, when every course there is offered in one nation only."""
    seen: dict[str, set[str]] = {}
    for course in catalogue.courses.values():
        location = (getattr(course, "location", "") or "").strip().lower()
        if location and location != "online" and len(course.nations) == 1:
            seen.setdefault(location, set()).update(course.nations)
    return {name: next(iter(nations)) for name, nations in seen.items() if len(nations) == 1}
