"""Work: employment status, benefits received, and hours worked (never mistaken for hours to study).

When a message tells a story ("made redundant last year but now I work at Tesco"), the status said last is
the one that holds now."""

from __future__ import annotations

import re

from advisor.understanding.facts.context import FactContext
from advisor.understanding.facts.numbers import COUNT, number_value
from advisor.understanding.facts.subjects import about_someone_else, in_question
from advisor.understanding.reading import Fact

_I = re.IGNORECASE
_STATUS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "unemployed",
        re.compile(
            r"\b(?:unemployed|out of work|not (?:working|in work|employed)|no job|lost (?:my|her|his|their) job|"
            r"between jobs|made redundant|been redundant|was redundant|job ?seekers?|"
            r"looking for (?:a )?(?:job|work)|out of a job|jobless|on the dole|signing on|on the sick|neet|"
            r"can'?t find (?:a )?(?:job|work)|not got a job|haven'?t got a job|don'?t (?:have a job|work)|"
            r"no paid work|not currently working|job hunting)\b",
            _I,
        ),
    ),
    (
        "self_employed",
        re.compile(
            r"\b(?:self[- ]?employed|sole trader|freelanc\w*|(?:my|her|his|their) own (?:business|company|firm|land|"
            r"shop|salon|van)|run (?:my|her|his|a) (?:own |small )?(?:\w+ )?(?:business|company|firm|shop|salon)|"
            r"own boss|work(?:s|ing)? for (?:myself|herself|himself)|ltd company|limited company|contractor)\b",
            _I,
        ),
    ),
    ("retired", re.compile(r"\b(?:retired|pensioner|early retirement|took retirement)\b", _I)),
    (
        "student",
        re.compile(
            r"\b(?:i'?m (?:a |an )?(?:\w+ )?(?:student|at uni|at university|at college|at school|in sixth form)|"
            r"(?:full[- ]time |a |an |international )student\b(?! loans?)|currently a student|studying full[- ]time|"
            r"doing my a[- ]levels|at (?:uni|university|college) (?:doing|studying|in)|'s at (?:uni|university|college)|"
            r"doing (?:my|a|an) [\w -]{2,30}? (?:course|diploma|btec|degree|a[- ]levels?|highers)(?: \w+)? "
            r"(?:at the (?:minute|moment)|currently|right now|this year))\b",
            _I,
        ),
    ),
    (
        "employed",
        re.compile(
            r"\b(?:(?:i|she|he|they|client)\s+(?:work|works)\b(?! since)(?! (?:for myself|for herself|for himself))|"
            r"i'?m working|(?:she|he)'?s working|work(?:s|ing|in)?\s+(?:in|at|for|as|on|nights|days|offshore|"
            r"full|part|shifts|\d)|(?:have |'ve )?worked (?:in|as|at|for)|(?:full|part)[- ]time\b(?! (?:course|study|studying|learning))|(?:my|her|his) (?:job|employer|boss|manager|shifts?|"
            r"day job|contract(?! (?:ended|finished|ran out|was)))|(?<!self )(?<!self-)employed|currently working|in work|got a job|have a job|"
            r"on shifts|shifts? on|\d+[- ]hour shifts|(?:night|day|early|late|long) shifts|on nights|zero[- ]hours?|"
            r"agency work|(?:because of|after|around|from|at|before) (?:my )?work\b|been working|been (?:a|an) \w+(?: \w+)? (?:for|in)|"
            r"been at \w+|(?:i'?m|she'?s|he'?s|is) an? \w+ (?:at|in|for) (?:a|an|the)\b|warehouse|"
            r"call cent(?:re|er))",
            _I,
        ),
    ),
)
# Said about pay, not about a job: only counts when nothing else says what the person does.
_WEAK_EMPLOYED = re.compile(
    r"\b(?:earn(?:s|ing)?|salary|(?:an|per) hour|paid|wage|(?:my|her|his) (?:salary|wage)|on the tools|"
    r"on (?:about |around )?£?\d+(?:k|,\d{3}))\b",
    _I,
)
_YES = re.compile(r"^\W*(?:yes|yeah|yep|yup|aye|i do|i am|we are|we do|correct|sure|ya)\b", _I)
_NO = re.compile(r"^\W*(?:no|nope|nah|not really|i don'?t|i'?m not|we'?re not|we aren'?t|none|nothing)\b", _I)
_NO_BENEFITS = re.compile(
    r"\b(?:not (?:on|claiming|getting|in receipt of) (?:any )?(?:benefits?|uc)|no benefits|"
    r"don'?t (?:get|claim|receive) (?:any )?(?:benefits?|anything)|not claiming|off benefits|came off|"
    r"(?:stopped|no longer) (?:claiming|getting|on))\b",
    _I,
)
_ON_BENEFITS = re.compile(r"\b(?:on benefits|claim(?:ing)? benefits|benefits claimant)\b", _I)
_HOURS = rf"(?P<n>\d+(?:\.\d+)?|{COUNT})\s*(?:-|to)?\s*(?:\d+\s*)?(?:hours?|hrs?|h)\b"
_HOURS_RE = re.compile(_HOURS, _I)
_HOUR_WEEKS = re.compile(r"(?P<n>\d+)[- ]hours? weeks?\b", _I)
_SHIFTS = re.compile(rf"(?P<c>{COUNT})\s+(?P<len>{COUNT}|\d+)[- ]hour shifts?\s*(?:a|per)\s*week", _I)
_WORK_CUE = re.compile(
    r"\b(?:work|works|working|workin|job|shifts?|contracted|contract|part[- ]time|full[- ]time|employed|"
    r"self[- ]employed|(?:do|does)\b(?=[^.,;]{0,20}\b(?:at|on|in)\s+(?:the|a|my)\b))",
    _I,
)
_STUDY_CUE = re.compile(
    r"\b(?:study|studying|learn|learning|course|spare|free time|fit in|give|could do|can do|available|put in|"
    r"set aside|commit|for (?:it|this|training|study))\b",
    _I,
)


def read_employment(ctx: FactContext) -> list[Fact]:
    facts: list[Fact] = []
    benefit = _own(ctx, ctx.lexicon.benefit_pattern)
    negated = _own(ctx, _NO_BENEFITS)
    if negated and (benefit is None or negated.start() <= benefit.start() + 12):
        facts.append(ctx.fact("learner.benefits", False, negated.start(), negated.end()))
        benefit = None
    elif benefit:
        facts.append(ctx.fact("learner.benefits", True, benefit.start(), benefit.end()))
    elif on := _own(ctx, _ON_BENEFITS):
        facts.append(ctx.fact("learner.benefits", True, on.start(), on.end()))
    elif "learner.benefits" in ctx.asked:
        if _YES.search(ctx.text):
            facts.append(ctx.fact("learner.benefits", True))
        elif _NO.search(ctx.text):
            facts.append(ctx.fact("learner.benefits", False))
    hours = work_hours(ctx)
    status = _status(ctx, hours)
    if status is None and benefit is not None:
        named = ctx.lexicon.benefits.get(benefit.group(0).lower())
        if named is not None and named.implies_unemployed:
            status = ctx.fact("learner.employment_status", "unemployed", benefit.start(), benefit.end())
    if status is not None:
        facts.append(status)
    if hours is not None:
        facts.append(hours)
    return facts


def _own(ctx: FactContext, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """The first match that is about the person themselves and not inside a question."""
    for hit in pattern.finditer(ctx.text):
        if about_someone_else(ctx.text, hit.start(), ctx.role) or in_question(ctx.text, hit.start()):
            continue
        return hit
    return None


def _status(ctx: FactContext, hours: Fact | None = None) -> Fact | None:
    found: list[tuple[int, str, int]] = []
    for status, pattern in _STATUS:
        for hit in pattern.finditer(ctx.text):
            if about_someone_else(ctx.text, hit.start(), ctx.role) or in_question(ctx.text, hit.start()):
                continue
            found.append((hit.start(), status, hit.end()))
    if hours is not None and not any(f[1] == "self_employed" for f in found):
        found.append((hours.start, "employed", hours.end))
    # "self employed", "out of work", "not working at the moment": the employed words inside them say nothing.
    found = [
        f
        for f in found
        if f[1] != "employed" or not any(o[1] != "employed" and o[0] - 4 <= f[0] <= o[2] + 2 for o in found)
    ]
    if not found:
        weak = _own(ctx, _WEAK_EMPLOYED)
        if weak is not None:
            found.append((weak.start(), "employed", weak.end()))
    if ctx.role == "advisor":
        found = [f for f in found if not re.match(r"i\b|i'm|im\b", ctx.text[f[0] :], _I)]
    if found:
        start, status, end = _now(ctx.text, found)
        return ctx.fact("learner.employment_status", status, start, end)
    if "learner.employment_status" in ctx.asked:
        if _YES.search(ctx.text):
            return ctx.fact("learner.employment_status", "employed")
        if _NO.search(ctx.text):
            return ctx.fact("learner.employment_status", "unemployed")
    return None


_NOW_BEFORE = re.compile(
    r"\b(?:now|currently|at the moment|these days|since then|still|got a job|started|back at|back in)\b[^.;]{0,30}$",
    _I,
)
_PAST_BEFORE = re.compile(
    r"\b(?:previously|used to|formerly|ex-?|before that|was|were|since (?:the|my|i))\b[^.;]{0,25}$", _I
)


def _now(text: str, found: list[tuple[int, str, int]]) -> tuple[int, str, int]:
    """The status that holds now. Being out of work, self-employed, a student or retired outweighs words
    about work ("out of work since the warehouse shut"), unless a later part says things changed ("but now I
    work at Tesco", "semi retired but still do 15 hrs")."""
    specific = [f for f in found if f[1] != "employed"]
    employed = [
        f for f in found if f[1] == "employed" and not _PAST_BEFORE.search(text[max(0, f[0] - 30) : f[0]])
    ]
    if not specific:
        return employed[0] if employed else found[0]
    latest = max(specific, key=lambda f: f[0])
    changed = [f for f in employed if f[0] > latest[0] and _NOW_BEFORE.search(text[latest[2] : f[0] + 1])]
    return changed[-1] if changed else latest


def work_hours(ctx: FactContext) -> Fact | None:
    """Hours a week the person works: a number of hours with work words before it and no study words."""
    shifts = _SHIFTS.search(ctx.text)
    if shifts:
        count, length = number_value(shifts.group("c")), number_value(shifts.group("len"))
        if count and length and count * length <= 80:
            return ctx.fact("learner.work_hours_per_week", count * length, shifts.start(), shifts.end())
    weeks = _HOUR_WEEKS.search(ctx.text)
    if weeks and 4 <= int(weeks.group("n")) <= 80:
        return ctx.fact("learner.work_hours_per_week", float(weeks.group("n")), weeks.start(), weeks.end())
    for hit in _HOURS_RE.finditer(ctx.text):
        if is_work_hours(ctx, hit.start(), hit.end()):
            after = ctx.text[hit.end() : hit.end() + 14].lower()
            if re.match(r"\s*(?:a|per|each)\s*(?:day|night|shift)", after) or re.search(r"shifts? on", after):
                continue
            value = number_value(hit.group("n"))
            if value is not None and 4 <= value <= 80:
                return ctx.fact("learner.work_hours_per_week", value, hit.start(), hit.end())
    return None


def is_work_hours(ctx: FactContext, start: int, end: int) -> bool:
    sentence_start = max(ctx.text.rfind(ch, 0, start) for ch in ".;!?") + 1
    before = ctx.text[max(sentence_start, start - 70) : start]
    after = ctx.text[end : end + 30]
    last_comma = before.rfind(",")
    near = before[last_comma + 1 :] if last_comma >= 0 else before
    if _STUDY_CUE.search(near) or _STUDY_CUE.search(re.split(r"[,.;]|\b(?:so|but|and)\b", after)[0]):
        return False
    if about_someone_else(ctx.text, start, ctx.role):
        return False
    return bool(
        _WORK_CUE.search(before) or re.match(r"[^,.;]{0,12}\b(?:at|in) (?:work|the|a|my)\b", after, _I)
    )
