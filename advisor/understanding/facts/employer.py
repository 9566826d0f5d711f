"""Employer facts said in words: CITB registration (and its negation)."""

from __future__ import annotations

import re

from advisor.understanding.facts.context import FactContext
from advisor.understanding.facts.subjects import about_someone_else, in_question
from advisor.understanding.reading import Fact

_I = re.IGNORECASE
_CITB = re.compile(r"\bcitb\b", _I)
_NOT_REGISTERED = re.compile(
    r"\b(?:not|aren'?t|isn'?t|never|no longer|not yet|haven'?t|we'?re not|we are not|neither)\b[^.?!]{0,25}"
    r"\b(?:citb|registered)\b|\bcitb\b[^.?!]{0,15}\b(?:no|not|nope)\b|\bnot (?:with|in) (?:the )?citb\b"
    r"|\bno citb\b|\bdon'?t pay (?:the )?(?:citb )?levy\b|\blet it lapse\b|\blapsed\b|\bused to be (?:registered|with)\b|"
    r"\b(?:were|was) registered\b|\bde-?registered\b|\bcancell?ed (?:our|the) (?:citb )?registration\b",
    _I,
)
_REGISTERED = re.compile(
    r"\bcitb[- ]registered\b|\bregistered (?:with|for|to) (?:the )?citb\b|\bpay (?:the )?citb levy\b|"
    r"\bcitb levy[- ]payers?\b|\bwe(?:'re| are) (?:with|in) (?:the )?citb\b|\bin scope (?:of|for) (?:the )?citb\b|"
    r"\bcitb (?:member|registered employer)s?\b|\bwe pay (?:into )?(?:the )?citb\b|\bregistered with them\b|"
    r"\bcitb levy[- ]paying\b|\bcitb reg(?:'?d|istered|\.)?(?!\w)",
    _I,
)
_QUESTION = re.compile(r"\?\s*$|^\s*(?:do|does|can|could|are|is|would|will|what|how|which)\b", _I)
_YES = re.compile(r"^\W*(?:yes|yeah|yep|yup|aye|we are|we do|correct|sure)\b", _I)
_NO = re.compile(r"^\W*(?:no|nope|nah|we'?re not|we aren'?t|we don'?t)\b", _I)


def read_citb(ctx: FactContext) -> list[Fact]:
    mention = _CITB.search(ctx.text)
    if (
        mention
        and about_someone_else(ctx.text, mention.start(), ctx.role)
        and not re.search(r"\bwe(?:'re| are)? (?:are |'re )?(?:not|registered|with)\b", ctx.text, _I)
    ):
        return []
    if mention or "employer.citb_registered" in ctx.asked:
        negated = _NOT_REGISTERED.search(ctx.text)
        if negated and (_CITB.search(ctx.text) or "employer.citb_registered" in ctx.asked):
            return [ctx.fact("employer.citb_registered", False, negated.start(), negated.end())]
        registered = _REGISTERED.search(ctx.text)
        if (
            registered
            and in_question(ctx.text, registered.start())
            and not re.match(r"\s*(?:yes|yeah|we are)", ctx.text, _I)
        ):
            return []  # "do we need to be CITB registered?" asks; it does not say
        if registered:
            return [ctx.fact("employer.citb_registered", True, registered.start(), registered.end())]
        if "employer.citb_registered" in ctx.asked:
            if _YES.search(ctx.text):
                return [ctx.fact("employer.citb_registered", True)]
            if _NO.search(ctx.text):
                return [ctx.fact("employer.citb_registered", False)]
    return []


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
    from advisor.understanding.facts.ages import read_age
    from advisor.understanding.facts.numbers import count_value

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
