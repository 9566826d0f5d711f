"""Study limits: hours a week to study, how to study (online, in person, evenings), and when to start."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from advisor.understanding.facts.context import FactContext
from advisor.understanding.facts.numbers import COUNT, number_value
from advisor.understanding.facts.subjects import about_someone_else
from advisor.understanding.facts.work import is_work_hours
from advisor.understanding.reading import Fact

_ABOUT_A_COURSE = re.compile(
    r"\b(?:course|it|module|that|this one)\s+(?:says|needs|is|takes|requires|asks for)\s*$", re.I
)

_I = re.IGNORECASE
_N = rf"(?P<n>\d+(?:\.\d+)?|{COUNT})"
_PER_WEEK = re.compile(
    _N + r"\s*(?:-|to)?\s*(?:\d+\s*)?(?:hours?|hrs?|h)\s*(?:of\s+)?(?:study|studying|learning|spare)?\s*"
    r"(?:a|per|each|/|p)\s*\.?\s*(?:week|wk|w)\b",
    _I,
)
_PER_DAY = re.compile(_N + r"\s*(?:hours?|hrs?)\s*(?:a|per|each)\s*(?:day|night|evening)", _I)
_DAYS = re.compile(
    _N
    + r"\s*(?P<unit>days?|evenings?|nights?|mornings?|afternoons?)(?:\s*(?:a|per|each)\s*week|\s*$|(?=\s*[.,;]))"
    r"|(?P<unit2>days?|evenings?|nights?|mornings?|afternoons?)\W+(?P<n2>\d|one|two|three|four|five) (?:a|per) week",
    _I,
)
_WEEKDAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_NAMED_DAYS = re.compile(
    rf"\b(?P<days>{_WEEKDAYS}(?:\s*(?:,|and|&|or)\s*{_WEEKDAYS})*)\s+(?P<unit>evenings?|nights?|mornings?|afternoons?)\b",
    _I,
)
_A_DAY = re.compile(r"\b(?:a|one) (?P<unit>day|evening|night|morning|afternoon) a week\b", _I)
_MAX = re.compile(r"(?:max(?:imum)?|no more than|up to|only|at most)\s+" + _N + r"\s*(?:hours?|hrs?)\b", _I)
_STUDY_CUE = re.compile(
    r"\b(?:study|studying|learn|learning|course|spare|free|fit in|give|manage|could do|can do|available|"
    r"put in|set aside|commit|for (?:it|this|training))\b",
    _I,
)
_BARE_HOURS = re.compile(r"^\D{0,25}?" + _N + r"\s*(?:hours?|hrs?|h)?\b[^\d]{0,30}$", _I)
_UNIT_HOURS = {"day": 7.5, "evening": 3.0, "night": 3.0, "morning": 3.5, "afternoon": 3.5}


def read_study_hours(ctx: FactContext) -> list[Fact]:
    asked = "constraints.hours_per_week" in ctx.asked
    for hit in _PER_WEEK.finditer(ctx.text):
        # "I work 30 hours a week" is a job, not a study limit; nor is a course's own figure being asked about.
        if is_work_hours(ctx, hit.start(), hit.end()) or _ABOUT_A_COURSE.search(
            ctx.text[max(0, hit.start() - 25) : hit.start()]
        ):
            continue
        if about_someone_else(ctx.text, hit.start(), "learner") and ctx.role != "advisor":
            continue
        value = number_value(hit.group("n"))
        if value is not None and 0 < value <= 60:
            return [ctx.fact("constraints.hours_per_week", value, hit.start(), hit.end())]
    for pattern, scale in ((_MAX, 1.0), (_PER_DAY, 5.0)):
        limit = pattern.search(ctx.text)
        if limit and (pattern is not _MAX or re.search(r"\b(?:week|wk)\b", ctx.text, _I)):
            value = number_value(limit.group("n"))
            if value is not None and 0 < value * scale <= 60:
                return [ctx.fact("constraints.hours_per_week", value * scale, limit.start(), limit.end())]
    named = _NAMED_DAYS.search(ctx.text)
    if named and not is_work_hours(ctx, named.start(), named.end()):
        evenings = len(re.findall(_WEEKDAYS, named.group("days"), _I))
        unit = named.group("unit").lower().rstrip("s")
        return [
            ctx.fact("constraints.hours_per_week", evenings * _UNIT_HOURS[unit], named.start(), named.end())
        ]
    days = _DAYS.search(ctx.text) or _A_DAY.search(ctx.text)
    if days and not is_work_hours(ctx, days.start(), days.end()):
        groups = days.groupdict()
        token = groups.get("n") or groups.get("n2")
        count = number_value(token) if token else 1.0
        unit = (groups.get("unit") or groups.get("unit2") or "day").lower().rstrip("s")
        if count is not None and count <= 7:
            return [
                ctx.fact("constraints.hours_per_week", count * _UNIT_HOURS[unit], days.start(), days.end())
            ]
    if asked:
        bare = _BARE_HOURS.search(ctx.text.strip())
        value = number_value(bare.group("n")) if bare else None
        if bare and is_work_hours(ctx, bare.start("n"), bare.end("n")):
            return []
        if bare and value is not None and 0 < value <= 60:
            return [ctx.fact("constraints.hours_per_week", value, bare.start("n"), bare.end("n"))]
    return []


_IN_PERSON = re.compile(
    r"\b(?:not online|no online|don'?t (?:want|like)(?: to do(?: it)?)? online|hate online|rather not (?:do it )?"
    r"online|can'?t (?:do|learn) online|in[- ]person|face[- ]to[- ]face|f2f|classroom[- ]based|in a classroom|"
    r"on campus|at (?:the )?college|in college|go(?:ing)? (?:in|into) (?:to )?(?:college|class)|"
    r"attend(?:ing)? (?:a |the )?(?:college|campus|class(?:es)?))\b",
    _I,
)
_ONLINE = re.compile(
    r"\b(?:online only|only online|fully online|all online|100% online|remote(?:ly)?|(?:study|learn|do it|do the course) from home|"
    r"distance learning|study at home|can'?t (?:get|travel|make it) to (?:a |the )?(?:college|campus)|"
    r"can'?t travel|no transport|don'?t drive|can'?t drive|online (?:course|learning)s? only|"
    r"(?:has|needs|got|have) to be online|must be online|online please|make it online|online would be best|"
    r"online (?:is|would be) (?:the|my|our) only|(?:can|could) only (?:do|study|learn|manage)(?: it| this| courses?)? "
    r"online|(?:has|have|needs?) to (?:do|study)(?: it| this)? online|(?:something|courses?|one) (?:i|she|he|they|we) "
    r"(?:can|could) do online|online (?:pls|plz|please)|no car|no transport)\b",
    _I,
)
_EVENINGS = re.compile(
    r"\b(?:(?:only|just) (?:in the )?evenings?|evenings? only|(?:only|just) (?:at )?(?:nights?|weekends?)|"
    r"weekends? only|after work|around (?:my )?(?:work|shifts|job)|evenings? and weekends?|"
    r"evening (?:classes|courses|sessions|study) only|only (?:do|study|manage|learn)\b[^.,;]{0,15}\bevenings?|"
    r"(?:can|could) only (?:do|study|manage) (?:in )?(?:the )?evenings?)\b",
    _I,
)
_BLENDED = re.compile(r"\b(?:blended|mix of online and|bit of both|part online)\b", _I)


def read_modes(ctx: FactContext) -> list[Fact]:
    online_only = _ONLINE.search(ctx.text)
    in_person = _IN_PERSON.search(ctx.text)
    if in_person and not (online_only and re.search(r"only|fully|must|has to", online_only.group(0), _I)):
        return [
            ctx.fact(
                "constraints.delivery_modes", ("in_person", "blended"), in_person.start(), in_person.end()
            )
        ]
    if online_only:
        return [ctx.fact("constraints.delivery_modes", ("online",), online_only.start(), online_only.end())]
    evenings = _EVENINGS.search(ctx.text)
    if evenings:
        # Study only outside working hours: courses that need daytime attendance are out.
        return [
            ctx.fact("constraints.delivery_modes", ("online", "blended"), evenings.start(), evenings.end())
        ]
    blended = _BLENDED.search(ctx.text)
    if blended:
        return [
            ctx.fact(
                "constraints.delivery_modes",
                ("blended", "online", "in_person"),
                blended.start(),
                blended.end(),
            )
        ]
    return []


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_RE = re.compile(
    r"\b(?:start(?:ing)?|begin(?:ning)?|by|in|before|from|for|this|next|early|end of|mid)\s+"
    r"(?:in\s+|by\s+|of\s+)?(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b",
    _I,
)
_SOON = re.compile(
    r"\b(?:asap|a\.s\.a\.p|as soon as (?:possible|i can)|straight away|right away|immediately|start now|"
    r"start(?:ing)? (?:this|next) week|now-ish)\b",
    _I,
)
_SEASON = re.compile(
    r"\b(?:start|begin|starting|from|by|in|before|this|next|the)\s+(?:the\s+)?(?P<season>spring|summer|autumn|fall)\b",
    _I,
)


def _end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _next(today: dt.date, month: int) -> int:
    return today.year if month >= today.month else today.year + 1


_START_INTENT = re.compile(
    r"\b(?:i|i'?d|i'?m|i'?ll|we|we'?d|we'?re|me|my|our|to|want|wants|would|could|can|hoping|hope|ideally|looking|"
    r"need|needs|planning|start|begin|retrain|asap|by|before|as soon as|possible|straight away|right away)\b",
    _I,
)
_NOT_A_START = re.compile(
    r"\b(?:started|was|were|had|finished|finishes|finish|ends?|ended|dropped|made|last|did|redundant|contract|"
    r"be \d+|turn \d+|birthday|going|back|leave|leaving|due|baby|seem to|all start)\b|\b(?:does|do|is|when does|will) (?:the |it |this |that |course \d |course )?"
    r"(?:\w+ )?(?:start|run|begin)|\b\d+\s+\w+\s+start(?:ing|s)?\b|\b(?:they|he|she|it|apprentices|staff) "
    r"(?:start|starts|starting)\b",
    _I,
)


def _start_clause(text: str, start: int, end: int) -> str:
    left = max(text.rfind(ch, 0, start) for ch in ".,;!?") + 1
    right_candidates = [i for i in (text.find(ch, end) for ch in ".,;!?") if i >= 0]
    return text[left : min(right_candidates) if right_candidates else len(text)]


def read_start(ctx: FactContext) -> list[Fact]:
    today, text = ctx.today, ctx.text
    found: tuple[dt.date, re.Match[str]] | None = None
    if hit := re.search(r"\bbefore (?:christmas|xmas)\b", text, _I):
        year = today.year if today < dt.date(today.year, 12, 24) else today.year + 1
        found = (dt.date(year, 12, 24), hit)
    elif hit := _SOON.search(text):
        found = (today + dt.timedelta(days=31), hit)
    elif hit := re.search(r"\bnext month\b", text, _I):
        month = today.month % 12 + 1
        found = (_end_of_month(today.year + (1 if month == 1 else 0), month), hit)
    elif hit := re.search(
        r"\b(?:in the |after the |from the )?new year\b|\bafter (?:christmas|xmas)\b", text, _I
    ):
        found = (_end_of_month(today.year + 1, 1), hit)
    elif hit := _SEASON.search(text):
        month = {"spring": 4, "summer": 7, "autumn": 10, "fall": 10}[hit.group("season").lower()]
        found = (_end_of_month(_next(today, month), month), hit)
    elif (hit := _MONTH_RE.search(text)) and (
        # "may" and "mar" are also everyday words: only a month after a preposition.
        hit.group("month").lower() not in {"may", "mar"}
        or re.search(r"\b(?:in|by|from|start)\s+may\b", text, _I)
    ):
        month = _MONTHS[hit.group("month").lower()]
        found = (_end_of_month(_next(today, month), month), hit)
    if found is None and (
        "constraints.start_by" in ctx.asked
        or re.search(r"\b(?:ideally|preferably|if possible|please)\b", text, _I)
    ):
        bare = re.match(
            r"\W*(?:in |by |from )?(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b",
            text,
            _I,
        )
        if bare:
            month = _MONTHS[bare.group("month").lower()]
            found = (_end_of_month(_next(today, month), month), bare)
    if found is None:
        return []
    date, hit = found
    clause = _start_clause(ctx.text, hit.start(), hit.end())
    if _NOT_A_START.search(clause) or not (
        _START_INTENT.search(clause) or "constraints.start_by" in ctx.asked
    ):
        return []
    return [ctx.fact("constraints.start_by", date, hit.start(), hit.end())]
