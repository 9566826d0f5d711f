"""Whose fact is it? A statement about someone else ("my husband is unemployed", "my mum's in Aberdeen") or
a question ("does universal credit pay for courses?") is not a fact about the person talking."""

from __future__ import annotations

import re

_I = re.IGNORECASE
_OTHER_PERSON = re.compile(
    r"\b(?:my|our|his|her|their)\s+(?:husband|wife|partner|mum|mam|mom|mother|dad|father|son|daughter|kids?|"
    r"children|child|brother|sister|friend|mate|mates|cousin|uncle|aunt|auntie|nan|gran|grandad|neighbour|"
    r"boyfriend|girlfriend|fianc[eé]e?|colleague|boss|manager|lad|lads|nan|grandma|grandad)(?:'s)?\b|"
    r"\bone of (?:our|my) \w+\b|\b\w+'s (?:son|daughter|wife|husband|partner|mum|dad|mother|father|kids?)\b|"
    r"(?:^|[.,;]\s*)(?:husband|wife|partner|mum|dad|son|daughter)(?:'s)?\s+(?:earns|is on|gets|lives|works)\b",
    _I,
)
_QUESTION_START = re.compile(
    r"(?:^|[.?!]\s+)(?:does|do|is|are|can|could|would|will|what|what'?s|which|how|who|should)\b[^.?!]*$", _I
)


def clause_before(text: str, start: int, width: int = 60) -> str:
    """The words before `start` in the same sentence-part (cut at . ; ! ? and 'but')."""
    window = text[max(0, start - width) : start]
    cut = max(window.rfind(ch) for ch in ".;!?")
    window = window[cut + 1 :]
    parts = re.split(r"\bbut\b|(?:\band\b|,)(?=\s*(?:i|i'm|im|i've|we|we're|my|our)\b)", window, flags=_I)
    return parts[-1]


# For a learner, "she"/"he" is someone else; for an advisor it is the client.
_THIRD_PERSON = re.compile(
    r"(?:^|[.,;]\s*)(?:she|he)(?:'s| is| gets| earns| lives)\b|\b(?:she|he)(?:'s| is) \d+ and\b", _I
)


def about_someone_else(text: str, start: int, role: str) -> bool:
    """Whether the words just before `start` make the fact another person's (a learner's relative; for an
    advisor, the advisor's own life is not the client's)."""
    before = clause_before(text, start, 45)
    if _OTHER_PERSON.search(before) or (role == "learner" and _THIRD_PERSON.search(before)):
        return True
    if role != "advisor":
        return False
    # An advisor's own life ("I'm based in our Carlisle office") is not the client's: first person right
    # before the fact, with no one else named in between.
    own = re.search(r"\b(?:i|i'm|im|i am|my|our|we|we're)\s+(?:[\w']+\s+){0,3}$", before, _I)
    if own is None or re.search(r"\b(?:client|she|he|they|learner|customer)\b", own.group(0), _I):
        return False
    # "the learner I'm seeing has no quals": the advisor names the client, the fact is the client's.
    return not re.search(
        r"\b(?:i'?m|i am|i)\s+(?:seeing|working with|supporting|helping|advising|with|see|support)\b",
        own.group(0),
        _I,
    )


def in_question(text: str, start: int) -> bool:
    """Whether the fact sits in a question ("is it free for people on benefits?"); "will I lose my UC?" still
    says the person gets it."""
    if re.search(r"\b(?:my|i'?m on|i get|i'?m getting|i claim)\s*$", text[max(0, start - 14) : start], _I):
        return False
    sentence_end = min([i for i in (text.find("?", start), text.find(".", start)) if i >= 0] or [len(text)])
    asks = sentence_end < len(text) and text[sentence_end] == "?"
    return asks and bool(_QUESTION_START.search(text[:start]))
