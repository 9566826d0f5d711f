"""Ages: "I'm 50", "she's 38", "aged 61", "a 45-year-old", "twenty eight", "38" in reply to "How old are
you?". A range ("in my fifties", "over 25", "40 odd") is not an age: the policy asks instead of guessing."""

from __future__ import annotations

import re

from advisor.understanding.facts.context import FactContext
from advisor.understanding.facts.numbers import count_value
from advisor.understanding.facts.subjects import about_someone_else
from advisor.understanding.reading import Fact

_I = re.IGNORECASE
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_AGE = rf"(?P<age>\d{{2}}(?![\d/:.,]\d)|{_TENS}(?:[- ]{_UNITS})?|sixteen|seventeen|eighteen|nineteen)"
# What must not follow a number for it to be an age ("I'm 20 years in the trade", "I work 37 hours").
_NOT_AGE_AFTER = re.compile(
    r"\s*(?:%|/|k\b|grand|quid|minutes|mins|hours?|hrs?|h\b|miles|staff|people|credits?|weeks?|months?|odd\b|"
    r"ish\b|or so|plus|\+|-person|percent|pounds|employees|kids|children|of (?:us|them)|"
    r"(?:years?|yrs?)\s*(?:in|of|exp|as|on|doing|working|qualified|at|with|experience|service|ago|here|"
    r"since|now|driving|teaching|nursing|\w+ing))",
    _I,
)
_NOT_AGE_BEFORE = re.compile(
    r"(?:over|under|nearly|almost|about|around|roughly|approx\.?|at least|at most|more than|less than|"
    r"past|turning|between|£|level|course|number|option|no\.?|nvq|scqf|#)\s*$",
    _I,
)
_PATTERNS = (
    re.compile(
        rf"\b(?:i'?m|i am|im|aged?|age:?|age is|my age is|(?:she|he)(?:'s| is)|they(?:'re| are)|"
        rf"client(?:'s| is|:)?|learner(?:'s| is)?|customer(?:'s| is)?|i'?ll be|i will be)\s*,?\s*{_AGE}\b",
        _I,
    ),
    re.compile(rf"\b{_AGE}\s*(?:years? old|yrs? old|y/?o\b|yo\b|year-old|-year-old|yr old|year old)", _I),
    re.compile(rf"(?:^|[.,;:(]\s*|\b(?:hi|hiya|hello|hey)\W+){_AGE}\s*(?=[.,;)]|$|\s+and\b)", _I),
)
_BARE = re.compile(
    rf"^\W{{0,3}}(?:i'?m |im |i am )?{_AGE}\W{{0,3}}$|^\D{{0,24}}?\b(?P<num>\d{{2}})\b\D{{0,24}}$", _I
)
_WILL_BE = re.compile(r"\b(?:i'?ll be|i will be|turning)\s*$", _I)


def _value(token: str) -> int | None:
    token = token.lower().replace("-", " ")
    if token.isdigit():
        return int(token)
    parts = token.split()
    total = 0
    for part in parts:
        value = count_value(part)
        if value is None:
            return None
        total += value
    return total


def read_age(ctx: FactContext) -> list[Fact]:
    for pattern in _PATTERNS:
        for hit in pattern.finditer(ctx.text):
            start, end = hit.start("age"), hit.end("age")
            if _NOT_AGE_AFTER.match(ctx.text, end) or _NOT_AGE_BEFORE.search(ctx.text[:start]):
                continue
            if about_someone_else(ctx.text, hit.start(), "learner") and ctx.role != "advisor":
                continue
            if re.match(r"(?:she|he|they)", hit.group(0), _I) and ctx.role == "learner":
                continue
            age = _value(hit.group("age"))
            if (
                age is None
                or not 16 <= age <= 99
                or not ctx.text.strip(" .!?").replace(hit.group("age"), "", 1).strip()
            ):
                continue  # a number on its own is only an age when we just asked for one
            if _WILL_BE.search(ctx.text[:start]):
                age -= 1  # "I'll be 30 in March"
            return [ctx.fact("learner.age", age, start, end)]
    if "learner.age" in ctx.asked:
        bare = _BARE.search(ctx.text.strip())
        if bare:
            token = bare.group("age") or bare.group("num")
            age = _value(token) if token else None
            text = ctx.text.strip()
            where = "age" if bare.group("age") else "num"
            vague = _NOT_AGE_AFTER.match(text, bare.end(where)) or _NOT_AGE_BEFORE.search(
                text[: bare.start(where)]
            )
            if age is not None and 16 <= age <= 99 and not vague:
                return [ctx.fact("learner.age", age, 0, len(ctx.text))]
    return []
