"""Typed fact readers, one per kind, run together on every message.

    facts = read_facts(FactContext(text, role="learner", asked=("learner.age",), lexicon=lexicon))
    profile = profile_from_facts(facts, role="learner")

Each reader returns the facts it found with the span they came from. Chat, `/api/match`, the employer view
and the desk all read facts through here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from advisor.domain.profile import Profile
from advisor.understanding.facts.ages import read_age
from advisor.understanding.facts.circumstances import read_circumstances
from advisor.understanding.facts.context import FactContext
from advisor.understanding.facts.counts import read_headcount, read_size, read_team
from advisor.understanding.facts.employer import read_citb
from advisor.understanding.facts.money import read_money
from advisor.understanding.facts.places import read_place
from advisor.understanding.facts.qualifications import read_qualifications
from advisor.understanding.facts.residence import lifelong_resident, read_residence
from advisor.understanding.facts.study import read_modes, read_start, read_study_hours
from advisor.understanding.facts.work import read_employment
from advisor.understanding.reading import Fact

__all__ = ["FactContext", "profile_from_facts", "read_facts"]

Reader = Callable[[FactContext], list[Fact]]
READERS: tuple[Reader, ...] = (
    read_age,
    read_place,
    read_money,
    read_employment,
    read_qualifications,
    read_residence,
    read_study_hours,
    read_modes,
    read_start,
    read_citb,
    read_size,
    read_headcount,
    read_circumstances,
)
# Slots a bare number answers when we have just asked for them ("25" after "how many hours do you work?").
_NUMERIC_SLOTS: dict[str, Callable[[str], Any]] = {
    "learner.work_hours_per_week": float,
    "constraints.hours_per_week": float,
    "learner.uk_resident_years": int,
    "employer.size": int,
}
_BARE_NUMBER = re.compile(
    r"^\W*(?:about |around |roughly |maybe )?(\d{1,5}(?:\.\d+)?)\W*(?:ish|or so)?\W*$", re.I
)
# Facts about a person's own circumstances: an employer talking about the business does not state them.
_PERSONAL = ("learner.",)


def read_facts(ctx: FactContext, team_roles: Mapping[str, str] | None = None) -> list[Fact]:
    """Every fact the message states; the first reading of a path wins."""
    found: dict[str, Fact] = {}
    for reader in READERS:
        for fact in reader(ctx):
            found.setdefault(fact.path, fact)
    if ctx.role == "employer" or team_roles is not None:
        for fact in read_team(ctx, dict(team_roles or {})):
            found.setdefault(fact.path, fact)
    for slot in ctx.asked:
        if slot in _NUMERIC_SLOTS and slot not in found:
            bare = _BARE_NUMBER.match(ctx.text)
            if bare:
                found[slot] = ctx.fact(slot, _NUMERIC_SLOTS[slot](bare.group(1)), bare.start(1), bare.end(1))
    if "learner.uk_resident_years" not in found and "learner.age" in found and lifelong_resident(ctx):
        found["learner.uk_resident_years"] = ctx.fact("learner.uk_resident_years", found["learner.age"].value)
    heads, size = found.get("request.headcount"), found.get("employer.size")
    if heads and size and heads.start <= size.start < heads.end:
        del found["employer.size"]  # "for 3 of us" is who the course is for, not the size of the business
    facts = sorted(found.values(), key=lambda f: f.start)
    if ctx.role == "employer":
        # An employer describing the business: sizes, pay bill and nation are the business's; a team member's
        # age or wage is not a learner profile.
        facts = [f for f in facts if not f.path.startswith(_PERSONAL)]
    return facts


def profile_from_facts(facts: Iterable[Fact], role: str = "learner") -> Profile:
    shaped: dict[str, Any] = {"role": role, "learner": {}, "employer": {}, "constraints": {}}
    for fact in facts:
        if fact.path == "team":
            shaped["team"] = dict(fact.value)
            continue
        group, _, name = fact.path.partition(".")
        if group in ("learner", "employer", "constraints"):
            shaped[group][name] = fact.value
    return Profile.model_validate(shaped)
