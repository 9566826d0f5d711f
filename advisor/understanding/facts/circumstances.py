"""Circumstances some funding rules turn on: the kind of work contract, a job at risk, GCSE English and maths,
and whether a levy-paying employer has levy funds left."""

from __future__ import annotations

import re

from advisor.understanding.facts.context import FactContext
from advisor.understanding.facts.subjects import about_someone_else, in_question
from advisor.understanding.reading import Fact

_I = re.IGNORECASE
_CONTRACT = (
    ("zero_hours", re.compile(r"\bzero[- ]hours?(?: contract)?\b|\b0[- ]hours? contract\b", _I)),
    (
        "agency",
        re.compile(
            r"\b(?:agency (?:work|worker|staff|job|shifts)|through an agency|temping|temp work)\b", _I
        ),
    ),
)
_AT_RISK = re.compile(
    r"\b(?:at risk of (?:redundancy|being made redundant)|facing redundancy|redundancy consultation|"
    r"(?:my|our) (?:job|jobs|role|post) (?:is|are) (?:at risk|going)|being made redundant|notice of redundancy)\b",
    _I,
)
_NO_GCSE = re.compile(
    r"\b(?:no|not got|never got|don'?t have|without|failed)\s+(?:an?\s+|my\s+)?(?:gcse\s+)?(?P<subject>english|maths?)"
    r"(?:\s+gcse)?\b",
    _I,
)
_HAS_GCSE = re.compile(
    r"\b(?:got|have|passed|with)\s+(?:a\s+|my\s+)?(?:gcse\s+(?P<a>english|maths?)|(?P<b>english|maths?)\s+gcse)\b"
    r"(?:\s+(?:and|&)\s+(?:gcse\s+)?(?P<c>english|maths?))?",
    _I,
)
_LEVY_LEFT = re.compile(
    r"\b(?:still (?:have|got) (?:some )?levy|levy (?:funds|pot|account|money) (?:left|available)|"
    r"(?:unspent|plenty of|lots of) levy)\b",
    _I,
)
_LEVY_GONE = re.compile(
    r"\b(?:used (?:up |all )?(?:our |the )?levy|levy (?:funds|pot|account|money)? ?(?:is |are |has )?(?:run out|"
    r"used up|empty|spent|gone)|no levy (?:funds|money) left|run out of (?:our )?levy)\b",
    _I,
)


def _subject(word: str) -> str:
    return "english" if word.lower().startswith("eng") else "maths"


def read_circumstances(ctx: FactContext) -> list[Fact]:
    facts: list[Fact] = []
    for contract, pattern in _CONTRACT:
        hit = pattern.search(ctx.text)
        if (
            hit
            and not about_someone_else(ctx.text, hit.start(), ctx.role)
            and not in_question(ctx.text, hit.start())
        ):
            facts.append(ctx.fact("learner.contract", contract, hit.start(), hit.end()))
            break
    risk = _AT_RISK.search(ctx.text)
    if risk and not about_someone_else(ctx.text, risk.start(), ctx.role):
        facts.append(ctx.fact("learner.at_risk_of_redundancy", True, risk.start(), risk.end()))
    seen: set[str] = set()
    for hit in _NO_GCSE.finditer(ctx.text):
        subject = _subject(hit.group("subject"))
        if subject not in seen:
            seen.add(subject)
            facts.append(ctx.fact(f"learner.has_gcse_{subject}", False, hit.start(), hit.end()))
    for hit in _HAS_GCSE.finditer(ctx.text):
        for group in ("a", "b", "c"):
            word = hit.group(group)
            if word and _subject(word) not in seen:
                seen.add(_subject(word))
                facts.append(ctx.fact(f"learner.has_gcse_{_subject(word)}", True, hit.start(), hit.end()))
    gone, left = _LEVY_GONE.search(ctx.text), _LEVY_LEFT.search(ctx.text)
    if gone:
        facts.append(ctx.fact("employer.levy_funds_left", False, gone.start(), gone.end()))
    elif left:
        facts.append(ctx.fact("employer.levy_funds_left", True, left.start(), left.end()))
    return facts
