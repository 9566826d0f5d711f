"""The form of the question a message asks, read from its grammar: yes/no, an amount, a duration, a date,
a definition, a comparison or a list. The policy answers in the same form ("Yes, ...", "£850", "100 hours")."""

from __future__ import annotations

import re

from advisor.understanding.reading import QuestionForm

_I = re.IGNORECASE
_FORMS: tuple[tuple[QuestionForm, re.Pattern[str]], ...] = (
    ("comparison", re.compile(
        r"\b(?:compare|comparison|difference|differ|which (?:is|one is|would be|'s) (?:better|cheaper|quicker|"
        r"shorter|best|easier)|versus|vs\.?|(?:better|cheaper|quicker|shorter) than|same (?:size|as|thing))\b", _I)),
    ("duration", re.compile(
        r"\bhow (?:long|many (?:hours|weeks|months|years|days))\b|\bhow much time\b|\bwhat(?:'s| is) the duration\b",
        _I)),
    ("amount", re.compile(
        r"\bhow (?:much|many)\b|\bwhat (?:does|do|will|would) (?:it|that|this|they|we|i|the \w+(?: \w+)?) "
        r"(?:cost|pay|charge)|\b(?:price|fee|fees|cost) of\b|\bwhat(?:'s| is| are) the (?:cost|price|fees?|total)\b", _I)),
    ("date", re.compile(
        r"\bwhen\b|\bwhat (?:date|time|day|month)\b|\bnext (?:intake|start|start date)\b|\bstart dates?\b", _I)),
    ("definition", re.compile(
        r"\bwhat(?:'s| is| are| does| do)\s+(?:an? |the )?[\w-]+(?:\s[\w-]+)?\s*(?:mean|stand for)?\s*\??$|"
        r"\bwhat (?:is|are) (?:an? )?(?:rpl|lle|hnc|hnd|ects|scqf|rqf|fheq|cqfw|credits?|levels?|micro-?credentials?)\b|"
        r"\bmeaning of\b|\bdefine\b|\bexplain (?:what|how)\b|\bwhat does .{1,30} (?:mean|stand for)\b", _I)),
    ("list", re.compile(
        r"\b(?:which|what) (?:courses?|options|schemes|funding|qualifications|awards|ones)\b|"
        r"\b(?:any|list|show me|options)\b.*\b(?:courses?|options|ones)\b|\bwhat (?:can|could|should) i (?:do|study)\b",
        _I)),
    ("yes_no", re.compile(
        r"^\W*(?:\w+[,.]?\s+){0,12}?(?:is|are|am|can|could|do|does|did|will|would|should|shall|have|has|may|"
        r"must|isn'?t|aren'?t|can'?t|don'?t|doesn'?t|won'?t)\s+(?:i|it|we|you|they|this|that|there|these|"
        r"those|he|she|my|our|the|a|an|15|\d+)\b[^?]*\?", _I)),
)  # fmt: skip
_QUESTION_WORD = re.compile(r"^\s*(?:is|are|can|could|do|does|will|would|should|have|has)\b", _I)


def question_form(text: str) -> QuestionForm:
    """The form of the message's question: the last sentence that ends in "?" when there is one."""
    questions = re.findall(r"[^.?!]*\?", text)
    if questions:
        text = questions[-1].strip()
    for form, pattern in _FORMS:
        if pattern.search(text):
            return form
    if _QUESTION_WORD.search(text):
        return "yes_no"
    return "none"
