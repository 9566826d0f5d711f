"""Money: what someone earns ("on 21k", "2k a month"), a business's pay bill ("£60m"), and a study budget
("no more than 300 quid", "has to be free"). Which one an amount is comes from the words around it; a bound
("pay bill under 3m") or someone else's pay ("my wife earns 40k") is not a value for this person."""

from __future__ import annotations

import re

from advisor.understanding.facts.context import FactContext
from advisor.understanding.facts.numbers import MONEY_RE, WORD_NUMBERS, is_money, money_value
from advisor.understanding.facts.subjects import about_someone_else
from advisor.understanding.reading import Fact

_I = re.IGNORECASE
_PAYBILL_BEFORE = re.compile(
    r"\b(?:pay ?bill|wage ?bill|payroll|salary bill|staff costs|salaries|wages)(?:'s)?\b(?:\s+\w+){0,3}\W*$",
    _I,
)
_PAYBILL_AFTER = re.compile(
    r"^\W*(?:\w+\s+){0,3}(?:on|in) (?:wages|salaries|payroll|pay)\b|^\s*(?:pay ?bill|payroll|wage bill)", _I
)
_INCOME_BEFORE = re.compile(
    r"(?:earn(?:s|ing)?|salary(?: is| of)?|income(?:\s+\w+){0,2}|paid|wage(?: is| of)?|take home|on|"
    r"make|making|bring in|pays? me|(?:i|she|he) get)\W*(?:about|around|roughly|only|just|nearly|approx\.?|"
    r"c\.|circa)?\W*$",
    _I,
)
_INCOME_AFTER = re.compile(
    r"^\s*(?:a|per|p/?|each)\s*\.?\s*(?:year|yr|annum|a|month|mth|week|wk)\b|^\s*(?:salary|income|wage)\b|"
    r"^\s*(?:before|after) tax\b",
    _I,
)
_BUDGET_BEFORE = re.compile(
    r"(?:budget'?s?(?: is| of)?|spend(?: more than)?|afford|up to|upto|max(?:imum)?|no more than|less than|"
    r"cap|limit|within|pay up to|can pay|could pay|put in|got|has|have)\W*(?:of|is|about|around|only|just|£)?\W*$",
    _I,
)
_BUDGET_AFTER = re.compile(
    r"^\s*(?:max|budget|tops|limit|or less|or under|at most|to spend|for (?:it|a course|the course|training)|"
    r"(?:\w+\s)?budget)\b",
    _I,
)
_BOUND_BEFORE = re.compile(
    r"\b(?:under|below|less than|over|above|more than|at least|up to)\W*(?:about\W*)?$", _I
)
_WISH_BEFORE = re.compile(
    r"\b(?:want|wanna|like|hope|hoping|aim|aiming|could|would|to)\s+(?:to\s+)?(?:earn|make|be on)\W*$", _I
)
_PER_PERIOD = re.compile(r"^\s*(?:a|per|p/?|each|every)\s*\.?\s*(month|mth|week|wk|hour|hr)\b", _I)
_FREE_ONLY = re.compile(
    r"\b(?:free (?:courses?|training|ones?) only|only (?:free|funded)(?: courses?| ones?)?|"
    r"(?:has|needs|got|have) (?:it )?to be free|must be free|can'?t (?:afford|pay)(?: anything| any fees| for (?:it|a "
    r"course|courses))?|no money|skint|no budget|zero budget|nothing to spend|fully funded only|broke)\b",
    _I,
)
_NOTHING = re.compile(r"^\W*(?:nothing|none|zero|£?0|nil|no money|not a penny)\b", _I)
_YEAR_LIKE = re.compile(r"^(?:19|20)\d\d$")
_HALF_K = re.compile(r"\b(?P<n>\d+) and a half (?:k|grand|thousand)\b", _I)
_WORDS_THOUSAND = re.compile(
    r"\b(?P<words>(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine)[- ]?)+)"
    r"\s*(?:thousand|grand|k)\b|\ba grand\b",
    _I,
)
_MONEY_SLOTS = frozenset(
    {"learner.annual_income_gbp", "employer.annual_paybill_gbp", "constraints.budget_gbp"}
)


def _amounts(text: str) -> list[tuple[int, int, float, bool, str | None]]:
    """(start, end, value, clearly money, suffix) for every amount in the text, words included."""
    found: list[tuple[int, int, float, bool, str | None]] = []
    covered: list[tuple[int, int]] = []
    for hit in _HALF_K.finditer(text):
        found.append((hit.start(), hit.end(), int(hit.group("n")) * 1000 + 500, True, "k"))
        covered.append((hit.start(), hit.end()))
    for hit in _WORDS_THOUSAND.finditer(text):
        value: float
        if hit.group("words"):
            value = sum(WORD_NUMBERS.get(w, 0) for w in re.split(r"[- ]", hit.group("words").lower()) if w)
        else:
            value = 1
        if value:
            found.append((hit.start(), hit.end(), value * 1000.0, True, "k"))
            covered.append((hit.start(), hit.end()))
    for hit in MONEY_RE.finditer(text):
        if any(a <= hit.start() < b for a, b in covered):
            continue
        if _YEAR_LIKE.match(hit.group("amount")) and not hit.group("pound"):
            continue
        if re.match(r"[\d,]", text[hit.start() - 1 : hit.start()] or " "):
            continue
        value = money_value(hit.group("amount"), hit.group("suffix"))
        found.append((hit.start(), hit.end(), value, is_money(hit), hit.group("suffix")))
    return sorted(found)


def read_money(ctx: FactContext) -> list[Fact]:
    facts: dict[str, Fact] = {}
    asked = next((a for a in ctx.asked if a in _MONEY_SLOTS), None)
    for start, end, value, money, suffix in _amounts(ctx.text):
        before = ctx.text[max(0, start - 40) : start].rstrip() + " "
        after = ctx.text[end : end + 30]
        period = _PER_PERIOD.match(after)
        if re.match(r"\s*(?:staff|people|employees|workers|hours?|hrs?|years?|yrs?|credits?|%)", after, _I):
            continue
        if re.search(
            r"\b(?:turnover|revenue|sales|takings|profit)\W*(?:\w+\W+){0,2}$", before[-30:], _I
        ) or re.search(
            r"\b(?:costs?|priced at|fees? (?:is|are|of)|course (?:at|is|costs?))\W*$", before[-20:], _I
        ):
            continue  # what a business takes or a course costs is not anyone's pay
        if re.search(r"\b(?:previously|used to|was|were|before)\s+(?:\w+\s+){0,2}$", before[-30:], _I):
            continue  # "previously earning £30k" is not what they earn now
        path: str | None = None
        if _PAYBILL_BEFORE.search(before) or _PAYBILL_AFTER.match(after):
            path = "employer.annual_paybill_gbp" if money or asked else None
        elif (_BUDGET_BEFORE.search(before[-25:]) or _BUDGET_AFTER.match(after)) and (
            money or asked or re.search(r"\b(?:budget|spend|afford)", before[-25:] + " " + after[:12], _I)
        ):
            path = "constraints.budget_gbp"
        elif _INCOME_BEFORE.search(before[-25:]) or _INCOME_AFTER.match(after):
            path = "learner.annual_income_gbp"
        elif asked and (money or len(ctx.text) < 40):
            path = asked
        elif (
            money
            and value >= 5000
            and ctx.role != "employer"
            and re.search(r"\b(?:work|works|job|employed)\b", ctx.text, _I)
        ):
            path = "learner.annual_income_gbp"  # "works full time as a porter, about 23k"
        if path is None or path in facts:
            continue
        if path != "constraints.budget_gbp" and _BOUND_BEFORE.search(before):
            continue
        if path == "learner.annual_income_gbp":
            if (
                ctx.role == "employer"
                or about_someone_else(ctx.text, start, ctx.role)
                or _WISH_BEFORE.search(before)
            ):
                continue
            if period:
                unit = period.group(1).lower()
                if unit.startswith("h"):
                    continue  # an hourly rate is not a yearly income without the hours
                value *= 12 if unit.startswith("m") else 52
            if value < 1000 and not suffix:
                continue
        if path == "constraints.budget_gbp" and period:
            continue  # "50 quid a month" is not what a whole course may cost
        facts[path] = ctx.fact(path, round(value, 2), start, end)
    if "constraints.budget_gbp" not in facts:
        free = _FREE_ONLY.search(ctx.text)
        if free:
            facts["constraints.budget_gbp"] = ctx.fact(
                "constraints.budget_gbp", 0.0, free.start(), free.end()
            )
    if asked and asked not in facts and _NOTHING.search(ctx.text):
        facts[asked] = ctx.fact(asked, 0.0)
    return list(facts.values())
