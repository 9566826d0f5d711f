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
