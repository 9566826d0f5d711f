"""The highest qualification someone holds (RQF level) and whether it is a degree. A qualification named in
a wish ("I want to get an HNC"), a question ("is an HNC a degree?") or negated ("no GCSEs") is not held;
one that is named otherwise is."""

from __future__ import annotations

import re

from advisor.understanding.facts.context import FactContext
from advisor.understanding.facts.subjects import about_someone_else, clause_before, in_question
from advisor.understanding.reading import Fact

_I = re.IGNORECASE
_NEGATED_BEFORE = re.compile(
    r"\b(?:no|not|never|without|didn'?t (?:get|do|finish|pass)|don'?t (?:have|hold)|haven'?t got|failed|"
    r"fail|no proper|not got|never got|never did|never finished|dropped out of)\s+(?:\w+\s+){0,2}$",
    _I,
)
_WISH_BEFORE = re.compile(
    r"\b(?:want|wanna|wants|like to|love to|hoping|hope|aiming|aim|planning|plan|going to|gonna|thinking of|"
    r"considering|interested in|thinking (?:about|of)|looking at|doing|studying|in the middle of|partway through|towards?|work towards|onto|on to|apply(?:ing)? for|route to|path to|need(?:s)?|"
    r"get(?:ting)?|to do|to study|start(?:ing)?|study(?:ing)? for|go for|after|into|an? (?:full )?route|"
    r"equivalent (?:to|of)|same as|like an?|compared? (?:to|with)|than|or|what|which|is|are|does|"
    r"credits? (?:in|of|for)|in an?|level of|top up to|up to|to)\s+(?:(?:an?|the|my|some|a full|full|your)\s+)?(?:\w+\s+)?$",
    _I,
)
_HELD_AFTER_WISH = re.compile(
    r"\b(?:got|have|'ve|hold|passed|did|finished|completed|done|gained|achieved|highest(?: \w+)? is|qual\w* is)\s+(?:(?:an?|my|some|the)\s+)?(?:\w+\s+)?$",
    _I,
)
_ABANDONED_AFTER = re.compile(
    r"^[^,]{0,40}?\b(?:dropped out|didn'?t finish|never finished|failed|but (?:left|quit))\b", _I
)
# "level 4" alone names a level, not something held ("it's a level 4, 120 credits"): it needs a holding word.
_BARE_LEVEL = re.compile(r"level \d|scqf (?:level )?\d+", _I)
_HELD_CUE = re.compile(
    r"\b(?:got|have|'ve|hold|holds|passed|did|done|finished|completed|gained|achieved|my|highest|only)\b[^.;]{0,25}$",
    _I,
)
_DEGREE_NO = re.compile(
    r"\b(?:no|not got a|don'?t have a|haven'?t got a|without a|never did a)\s+degree\b", _I
)
_YES = re.compile(r"^\W*(?:yes|yeah|yep|yup|aye|i do|i have)\b", _I)
_NO = re.compile(r"^\W*(?:no|nope|nah|i don'?t|i haven'?t)\b", _I)


def read_qualifications(ctx: FactContext) -> list[Fact]:
    lexicon = ctx.lexicon
    facts: list[Fact] = []
    asked = "learner.highest_level" in ctx.asked
    held: list[tuple[int, bool, int, int]] = []
    missing: list[int] = []
    spans: list[tuple[int, int]] = []
    for pattern, level, degree in sorted(lexicon.levels, key=lambda item: item[1]):
        for hit in pattern.finditer(ctx.text):
            if any(a <= hit.start() and hit.end() <= b for a, b in spans):
                continue  # "foundation degree" is level 5, not also a "degree"
            spans.append((hit.start(), hit.end()))
            before = clause_before(ctx.text, hit.start(), 40)
            after = re.split(r"[.;!?]", ctx.text[hit.end() : hit.end() + 60])[0]
            if about_someone_else(ctx.text, hit.start(), ctx.role) or in_question(ctx.text, hit.start()):
                continue
            if _ABANDONED_AFTER.search(after) or (
                _BARE_LEVEL.fullmatch(hit.group(0)) and not _HELD_CUE.search(before) and not asked
            ):
                continue
            if _NEGATED_BEFORE.search(before):
                missing.append(level)
            elif not _WISH_BEFORE.search(before) or _HELD_AFTER_WISH.search(before) or asked:
                held.append((level, degree, hit.start(), hit.end()))
    none = lexicon.no_qualifications.search(ctx.text)
    if none and not about_someone_else(ctx.text, none.start(), ctx.role):
        # "left school with nothing but did an NVQ level 2 last year": what they did later counts.
        later = [h for h in held if h[2] > none.end()]
        if not later:
            return [
                ctx.fact("learner.highest_level", 0, none.start(), none.end()),
                ctx.fact("learner.has_degree", False, none.start(), none.end()),
            ]
        held = later
    if held:
        level, degree, start, end = max(held, key=lambda item: item[0])
        facts.append(ctx.fact("learner.highest_level", level, start, end))
        facts.append(ctx.fact("learner.has_degree", degree, start, end))
    elif missing and min(missing) <= 3:
        # "no GCSEs" means below that level; "no degree" alone only says there is no degree.
        lowest_missing = min(missing)
        facts.append(ctx.fact("learner.highest_level", 0 if lowest_missing <= 2 else lowest_missing - 1))
        facts.append(ctx.fact("learner.has_degree", False))
    if not any(f.path == "learner.has_degree" for f in facts):
        no_degree = _DEGREE_NO.search(ctx.text)
        if no_degree or (missing and 6 in missing):
            facts.append(ctx.fact("learner.has_degree", False))
        elif "learner.has_degree" in ctx.asked and _YES.search(ctx.text):
            facts.append(ctx.fact("learner.has_degree", True))
        elif "learner.has_degree" in ctx.asked and _NO.search(ctx.text):
            facts.append(ctx.fact("learner.has_degree", False))
    return facts
