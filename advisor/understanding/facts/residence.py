"""How long someone has lived in the UK: "lived here 5 years", "came over from Romania in 2016", "moved here
2 years ago", "all my life". A move between UK towns says nothing about it."""

from __future__ import annotations

import re

from advisor.understanding.facts.ages import read_age
from advisor.understanding.facts.context import FactContext
from advisor.understanding.facts.numbers import count_value
from advisor.understanding.facts.subjects import about_someone_else
from advisor.understanding.reading import Fact

_I = re.IGNORECASE
_RESIDENT = re.compile(
    r"\b(?:lived|living|been|resident|here)\s+(?:in (?:the uk|britain|england|wales|scotland|northern ireland|"
    r"this country)|here)?\s*(?:for\s+)?(?:about |around |nearly |over )?(?P<n>\d{1,2})\s*(?:years?|yrs?)\b"
    r"|\b(?:in|to) (?:the uk|britain|this country)\s+(?:for\s+)?(?P<m>\d{1,2})\s*(?:years?|yrs?)\b"
    r"|\b(?:moved|came|arrived|been)\s+(?:here|to the uk|to britain|in the uk|over)?\s*(?:in|since)\s+(?P<y>(?:19|20)\d\d)\b",
    _I,
)
_ARRIVED = re.compile(
    r"\b(?:came|moved|arrived|relocated|emigrated|been)\b(?P<middle>[^.;]{0,45}?)\b(?:(?:in|since) (?P<year>(?:19|20)\d\d)\b|"
    r"(?P<ago>\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten) years? ago\b|when (?:i|she|he) was "
    r"(?P<at>\d{1,2})\b)",
    _I,
)
_LIVED_FOR = re.compile(
    r"\b(?:living|lived|been|resident)\s+(?:in|here|over here)\b(?P<place>[^.;,]{0,30}?)\s+(?:for\s+)?"
    r"(?:about |around |nearly |over |almost )?(?P<n>\d{1,2})\s*(?:years?|yrs?)\b",
    _I,
)
_LIFELONG = re.compile(r"\b(?:all my life|my whole life|born (?:here|in the uk|and bred)|british born)\b", _I)


def read_residence(ctx: FactContext) -> list[Fact]:
    for arrived in _ARRIVED.finditer(ctx.text):
        if about_someone_else(ctx.text, arrived.start(), ctx.role):
            continue
        middle = arrived.group("middle") or ""
        origin = re.search(r"\bfrom\s+(?P<place>[\w' -]+)", middle, _I)
        if (origin and ctx.lexicon.place_pattern.match(origin.group("place").strip())) or re.search(
            r"\bback\b", middle, _I
        ):
            continue  # a move within the UK says nothing about how long they have lived here
        if not re.search(
            r"\b(?:uk|britain|here|over|england|wales|scotland|northern ireland|this country)\b", middle, _I
        ) and not ctx.lexicon.place_pattern.search(middle):
            continue
        years: int | None = None
        if arrived.group("year"):
            years = ctx.today.year - int(arrived.group("year"))
        elif arrived.group("ago"):
            years = count_value(arrived.group("ago")) or 1
        elif arrived.group("at"):
            age = read_age(ctx)
            years = age[0].value - int(arrived.group("at")) if age else None
        if years is not None and 0 <= years <= 100:
            return [ctx.fact("learner.uk_resident_years", years, arrived.start(), arrived.end())]
    lived = _LIVED_FOR.search(ctx.text)
    uk_origin = re.search(
        r"\b(?:originally from|from|born in|grew up in)\s+(?P<place>[\w' -]+)", ctx.text, _I
    )
    if uk_origin and ctx.lexicon.place_pattern.match(uk_origin.group("place").strip()):
        lived = None  # from one UK town, living in another: how long in the UK is not said
    if lived and (
        ctx.lexicon.place_pattern.search(lived.group("place"))
        or re.search(r"\b(?:uk|britain|here|the country)\b", lived.group(0), _I)
    ):
        return [ctx.fact("learner.uk_resident_years", int(lived.group("n")), lived.start(), lived.end())]
    hit = _RESIDENT.search(ctx.text)
    if hit:
        if hit.group("y"):
            years = ctx.today.year - int(hit.group("y"))
        else:
            years = int(hit.group("n") or hit.group("m"))
        if 0 <= years <= 100:
            return [ctx.fact("learner.uk_resident_years", years, hit.start(), hit.end())]
    if "learner.uk_resident_years" in ctx.asked:
        since = re.search(r"\b(?:since|from|in)\s+((?:19|20)\d\d)\b", ctx.text)
        if since and int(since.group(1)) <= ctx.today.year:
            return [
                ctx.fact(
                    "learner.uk_resident_years",
                    ctx.today.year - int(since.group(1)),
                    since.start(),
                    since.end(),
                )
            ]
        bare = re.search(r"^\D{0,20}?(\d{1,2})\D{0,20}$", ctx.text.strip())
        if bare:
            return [ctx.fact("learner.uk_resident_years", int(bare.group(1)), bare.start(1), bare.end(1))]
    return []


def lifelong_resident(ctx: FactContext) -> bool:
    return bool(_LIFELONG.search(ctx.text))
