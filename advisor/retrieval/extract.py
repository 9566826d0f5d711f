"""A `Profile` from one free-text message, without an LLM.

People write "sparky 15 yrs, want to do car chargers, evenings only, Doncaster". This module reads such a
message with rules and the shared vocabulary: what they do now, what they want, what they hold, and the
limits they set. Anything it cannot read stays `None` ("not known"), never a guess dressed up as a fact.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from advisor.domain.catalogue import DeliveryMode, Nation
from advisor.domain.profile import Profile, Role
from advisor.retrieval.vocabulary import OCCUPATIONS, QUALIFICATION_WORDS, TOPICS, Term, find_terms

_FLAGS = re.IGNORECASE

# Words that start the "what I want" part of a clause; what comes before them describes the present.
_GOAL_MARKER = re.compile(
    r"\b(?:how (?:do|can|would|could|should) (?:i|we|you|they)|how to|want(?:s|ed|ing)?|wanna|"
    r"would (?:like|love)|i'?d (?:like|love)|like to|love to|"
    r"looking (?:to|for|at|into)|"
    r"hop(?:e|es|ing)|interested in|keen (?:to|on)|thinking (?:about|of)|considering|get into|getting into|"
    r"move into|moving into|retrain(?:ing)?|career change|change career|become|aiming|aim to|"
    r"plan(?:s|ning)? to|"
    r"need(?:s|ed)?|"
    r"train(?:ing)? (?:our|my|them|staff|up|\d+)|send (?:our|my|\d+|them|staff)|"
    r"learn(?:ing)?|upskill(?:ing)?|"
    r"train(?:ing)? (?:up|as|in|on)|trained (?:up|in|on)|to do (?:a|an|the|my|some)|"
    r"do (?:a|an|some) (?:course|qualification)|courses? (?:in|on|for)|get (?:my|a|an|the|some|qualified)|"
    r"qualified in|step up|progress(?:ing)? to|work towards|working towards|go for)\b",
    _FLAGS,
)
_CLAUSE_SPLIT = re.compile(
    r"[.;!?\n]+|,\s+(?:but|and|so)\s+|\s+but\s+|,(?=\s*(?:i|we|she|he|they)\b)", _FLAGS
)

# --- numbers ------------------------------------------------------------------------------------------

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "couple of": 2,
    "a couple of": 2,
    "few": 3,
    "a few": 3,
    "half a dozen": 6,
    "a dozen": 12,
    "dozen": 12,
}
_NUM = (
    r"(\d+(?:\.\d+)?|" + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True)) + r")"
)


def _number(token: str) -> float:
    token = token.lower().strip()
    return float(NUMBER_WORDS[token]) if token in NUMBER_WORDS else float(token)


def _money(amount: str, suffix: str | None) -> float:
    value = float(amount.replace(",", ""))
    if suffix and suffix.lower() in ("k", "grand"):
        value *= 1000
    return value


# --- places -------------------------------------------------------------------------------------------

_PLACES: dict[str, Nation] = {}
for _nation, _names in {
    "England": "sheffield doncaster rotherham barnsley chesterfield leeds bradford wakefield huddersfield "
    "halifax york hull grimsby scunthorpe lincoln nottingham derby leicester manchester salford stockport "
    "bolton wigan liverpool birmingham coventry wolverhampton london bristol newcastle sunderland "
    "middlesbrough durham preston blackpool oxford cambridge norwich ipswich plymouth exeter southampton "
    "portsmouth brighton kent essex yorkshire lancashire cornwall devon midlands worksop mexborough "
    "dearne thorne england english",
    "Wales": "wrexham cardiff swansea newport bangor flintshire mold chester-le-wales aberystwyth llandudno "
    "rhyl merthyr bridgend llanelli caerphilly carmarthen pembrokeshire powys gwynedd anglesey wales welsh",
    "Scotland": "dundee glasgow edinburgh aberdeen perth fife inverness stirling paisley kilmarnock ayr "
    "falkirk livingston arbroath montrose angus kirkcaldy dunfermline highlands scotland scottish",
    "Northern Ireland": "belfast derry londonderry newry lisburn armagh omagh enniskillen coleraine "
    "ballymena bangor-ni antrim",
}.items():
    for _name in _names.split():
        _PLACES[_name.replace("-", " ")] = _nation  # type: ignore[assignment]
_PLACES["northern ireland"] = "Northern Ireland"
_PLACES["north wales"] = "Wales"
_PLACES["south wales"] = "Wales"
_PLACES["south yorkshire"] = "England"
_NOT_A_NATION = {"english", "welsh", "scottish"}  # adjectives: "Welsh speaker" is not a place


_PLACE_PATTERN = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(name) for name in sorted(set(_PLACES) - _NOT_A_NATION, key=len, reverse=True))
    + r")(?![\w-])"
)


def place_in(text: str) -> tuple[str | None, Nation | None]:
    """The first UK place named in `text`: (city or None, nation or None)."""
    hit = _PLACE_PATTERN.search(text.lower())
    if hit is None:
        return (None, "Northern Ireland") if re.search(r"(?-i:\bNI\b)", text) else (None, None)
    name = hit.group(0)
    is_city = name not in ("england", "wales", "scotland", "northern ireland", "north wales", "south wales")
    return (name.title() if is_city else None), _PLACES[name]


# --- dates --------------------------------------------------------------------------------------------

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9


def _end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _start_by(text: str, today: dt.date) -> dt.date | None:
    low = text.lower()
    if re.search(
        r"\b(?:asap|as soon as possible|straight away|right away|immediately|start now|"
        r"start(?:ing)? (?:this|next) week)\b",
        low,
    ):
        return today + dt.timedelta(days=31)
    if re.search(r"\bnext month\b", low):
        month = today.month % 12 + 1
        return _end_of_month(today.year + (1 if month == 1 else 0), month)
    if re.search(r"\bnew year\b", low):
        return _end_of_month(today.year + 1, 1)
    season = re.search(
        r"\b(?:start|begin|starting|from|by|in|before|this|next)\s+(?:the\s+)?"
        r"(spring|summer|autumn|fall)\b",
        low,
    )
    if season:
        month = {"spring": 4, "summer": 7, "autumn": 10, "fall": 10}[season.group(1)]
        year = today.year if month >= today.month else today.year + 1
        return _end_of_month(year, month)
    month_hit = re.search(
        r"\b(?:start(?:ing)?|begin(?:ning)?|by|in|before|from|for|this|next|until|after)\s+(?:in\s+|by\s+)?"
        r"(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b",
        low,
    )
    if month_hit:
        month = _MONTHS[month_hit.group(1)]
        year = today.year if month >= today.month else today.year + 1
        return _end_of_month(year, month)
    return None


# --- the extractor ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Parts:
    """The message split into what describes the present and what describes the wish."""

    current: str
    goal: str


def _split(text: str) -> _Parts:
    current: list[str] = []
    goal: list[str] = []
    for clause in _CLAUSE_SPLIT.split(text):
        if not clause.strip():
            continue
        marker = _GOAL_MARKER.search(clause)
        if marker:
            current.append(clause[: marker.start()])
            goal.append(clause[marker.start() :])
        else:
            current.append(clause)
    return _Parts(" . ".join(current), " . ".join(goal))


def _role(text: str) -> Role:
    low = text.lower()
    advisor = re.search(
        r"\b(?:my|a|the|this|our) (?:client|customer|claimant|learner|student|young person|service user|"
        r"participant|mentee)s?\b|\bclient(?:'s| is| has| wants| needs| would| aged|,)|"
        r"\blearner i'?m (?:seeing|working with|supporting)|\bi'?m (?:seeing|supporting|working with) a\b|"
        r"\bcaseload\b|\breferr(?:al|ed)\b|\bwork coach\b|\badvis(?:or|er) notes?\b|"
        r"\bon behalf of (?:a|my)\b|"
        r"\bcl\.? (?:is|has|wants)\b",
        low,
    )
    third_person = re.search(
        r"^\W*(?:he|she|they)(?:'s| is| has| wants| would| needs| left| worked| works| was)\b"
        r"|\.\s*(?:he|she) (?:is|has|wants|would|needs|left|worked|works|was)\b",
        low,
    )
    employer = re.search(
        r"\b(?:my|our) (?:team|staff|workforce|employees|workers|lads|engineers|apprentices|carers|"
        r"care staff|people|crew|drivers|operatives|electricians|technicians|nurses|managers|supervisors|"
        r"company|firm|business|organisation|organization|practice|care home|nursery|school|shop|"
        r"restaurant|hotel|warehouse|site|sites)\b"
        r"|\bwe (?:employ|have \d+|are a|run a|'re a|'ve got \d+|need to train)"
        r"|\bwe'?re an? (?:small|medium|large|local|family)|\bteam of \d+|\b\d+ (?:staff|employees)\b"
        r"|\bsme\b|\bemployer\b|\blevy payer\b|\bupskill (?:our|my) \b",
        low,
    )
    if advisor:
        return "advisor"
    if employer:
        return "employer"
    return "advisor" if third_person else "learner"


def _years_experience(text: str) -> float | None:
    low = text.lower()
    patterns = (
        r"(\d+(?:\.\d+)?)\s*\+?\s*(?:years?|yrs?|yr)(?:'|’)?\s*(?:of\s+)?(?:experience|exp\b|in\b|on\b|as\b|doing|"
        r"working|qualified|in the trade)",
        r"(?:for|over|nearly|almost|about|around)\s+"
        + _NUM
        + r"\s*\+?\s*(?:years?|yrs?)(?!\s*(?:old|ago|time))",
        r"(\d+(?:\.\d+)?)\s*\+?\s*(?:years?|yrs?)(?!\s*(?:old|ago|of age|time|from now|olds?\b))",
        r"(?:been|worked)\s+(?:a|an|as a|as an|in)\s+[\w ]{2,30}?\s+(?:for\s+)?"
        + _NUM
        + r"\s*(?:years?|yrs?)",
    )
    for pattern in patterns:
        for hit in re.finditer(pattern, low):
            before = low[max(0, hit.start() - 12) : hit.start()]
            if re.search(r"\b(?:in|within|next|aged?)\s*$", before):
                continue
            try:
                years = _number(hit.group(1))
            except (ValueError, KeyError):
                continue
            if 0 <= years <= 60:
                return years
    if re.search(r"\b(?:decades?|donkey'?s years|all my life|my whole career)\b", low):
        return None
    return None


def _age(text: str) -> int | None:
    low = text.lower()
    for pattern in (
        r"\b(?:i'?m|i am|im|aged?|age:?|client is|learner is|(?:she|he) is|they are)\s+(\d{2})\b"
        r"(?!\s*(?:minutes|mins|hours|hrs|miles|%|k\b|grand|years? (?:in|of|exp)|yrs? (?:in|of|exp)|staff))",
        r"\b(\d{2})\s*(?:years? old|yrs? old|y/?o\b|yo\b)",
        r"\b(?:client|learner|customer|male|female|man|woman|lad|lady),?\s+(\d{2})\b"
        r"(?!\s*(?:years?|yrs?) (?:in|of|exp))",
        r"^\s*(\d{2})\s*,",
        r",\s*(\d{2})\s*,",
    ):
        hit = re.search(pattern, low)
        if hit:
            age = int(hit.group(1))
            if 14 <= age <= 100:
                return age
    return None


def _qualification_levels(text: str, negated_ok: bool) -> list[int]:
    levels: list[int] = []
    for pattern, level in QUALIFICATION_WORDS:
        for hit in re.finditer(r"(?<![\w-])(?:" + pattern + r")(?![\w-])", text, _FLAGS):
            before = text[max(0, hit.start() - 22) : hit.start()].lower()
            negated = bool(
                re.search(
                    r"\b(?:no|not|never|without|didn'?t|don'?t|failed|fail|no proper|any)\s+"
                    r"(?:\w+\s+){0,2}$",
                    before,
                )
            )
            if negated != negated_ok:
                continue
            levels.append(level)
    return levels


def _highest_level(current: str) -> tuple[int | None, bool | None]:
    """Highest qualification held (RQF scale) and whether it is a degree, from the present-tense part."""
    low = current.lower()
    if re.search(
        r"\b(?:no (?:formal |real |proper )?(?:qualifications?|quals|certificates)|"
        r"left school (?:with nothing|at 1[456] with no|without)|nothing from school|"
        r"no qualifications whatsoever|never (?:got|did) (?:any )?(?:qualifications|exams))\b",
        low,
    ):
        return 0, False
    held = _qualification_levels(current, negated_ok=False)
    negated = _qualification_levels(current, negated_ok=True)
    if held:
        top = max(held)
        return top, top >= 6
    if negated:
        # "no GCSEs" means below that level; "no degree" tells us only that there is no degree.
        lowest_missing = min(negated)
        if lowest_missing <= 3:
            return max(lowest_missing - 1, 0), False
        return None, False
    return None, None


def _target_level(goal: str) -> int | None:
    levels = _qualification_levels(goal, negated_ok=False)
    return max(levels) if levels else None


def _hours_per_week(text: str) -> float | None:
    low = text.lower()
    explicit = re.search(
        _NUM + r"\s*(?:-|to)?\s*(?:\d+\s*)?(?:hours?|hrs?|h)\s*(?:a|per|each|/|p)\s*\.?\s*(?:week|wk|w)\b",
        low,
    )
    if explicit:
        return _number(explicit.group(1))
    max_hours = re.search(
        r"(?:max(?:imum)?|no more than|up to|only|at most)\s+" + _NUM + r"\s*(?:hours?|hrs?)\b", low
    )
    if max_hours and re.search(r"\bweek|wk\b", low):
        return _number(max_hours.group(1))
    per_day = re.search(_NUM + r"\s*(?:hours?|hrs?)\s*(?:a|per|each)\s*(?:day|night|evening)", low)
    if per_day:
        return _number(per_day.group(1)) * 5
    days = re.search(_NUM + r"\s*(?:days?|evenings?|nights?)\s*(?:a|per|each)\s*week", low)
    if days:
        per = 7.5 if re.search(r"days?\s*(?:a|per|each)", days.group(0)) else 3.0
        return _number(days.group(1)) * per
    if re.search(r"\bhalf a day a week\b", low):
        return 4.0
    # Phrases without a number ("evenings only", "not much time") set no hours limit: a guessed number
    # would silently drop courses. The conversation asks for the hours instead.
    return None


def _delivery_modes(text: str) -> tuple[DeliveryMode, ...] | None:
    low = text.lower()
    if re.search(
        r"\b(?:not online|no online|don'?t (?:want|like)(?: to do(?: it)?)? online|hate online|"
        r"rather not (?:do it )?online|can'?t (?:do|learn) online|not (?:very )?good (?:with|on) computers|"
        r"in[- ]person|face[- ]to[- ]face|f2f|classroom based|in a classroom|on campus|at (?:the )?college|"
        r"in college|go(?:ing)? (?:in|into) (?:to )?college|"
        r"attend(?:ing)? (?:a |the )?(?:college|campus|class))\b",
        low,
    ) and not re.search(r"\b(?:online only|only online|fully online)\b", low):
        return ("in_person", "blended")
    if re.search(
        r"\b(?:online only|only online|fully online|all online|100% online|remote(?:ly)?|from home|"
        r"distance learning|at home|can'?t (?:get|travel|make it) to (?:a |the )?(?:college|campus)|"
        r"can'?t travel|no transport|no car|don'?t drive|can'?t drive|online (?:course|learning)s? only|"
        r"has to be online|must be online|needs to be online|online please|virtual)\b",
        low,
    ):
        return ("online",)
    if re.search(r"\b(?:blended|mix of online and|bit of both|part online)\b", low):
        return ("blended", "online", "in_person")
    return None


_INCOME_CONTEXT = re.compile(
    r"\b(?:earn(?:s|ing)?|salary|income|paid|wage|on about|on around|take home|"
    r"a year|per year|per annum|p/?a|annual)\b",
    _FLAGS,
)
_PAYBILL_CONTEXT = re.compile(r"\b(?:pay ?bill|wage bill|payroll)\b", _FLAGS)
_MONEY = re.compile(
    r"(?:£|gbp\s?)\s?(\d[\d,]*(?:\.\d+)?)\s*(k|grand)?|(\d[\d,]*(?:\.\d+)?)\s*(k|grand|quid|pounds)\b", _FLAGS
)


def _money_facts(text: str) -> tuple[float | None, float | None, float | None]:
    """(budget, income, paybill) in pounds from the message."""
    budget = income = paybill = None
    low = text.lower()
    if re.search(
        r"\b(?:free (?:courses?|training|ones?|only|of charge)|only free|has to be free|needs? to be free|"
        r"must be free|can'?t (?:afford|pay) (?:anything|any fees|for (?:it|a course|courses))|"
        r"no money|skint|no budget|zero budget|nothing to spend|fully funded only|can'?t pay)\b",
        low,
    ):
        budget = 0.0
    for hit in _MONEY.finditer(text):
        amount, suffix = (hit.group(1), hit.group(2)) if hit.group(1) else (hit.group(3), hit.group(4))
        if suffix and suffix.lower() in ("quid", "pounds"):
            suffix = None
        value = _money(amount, suffix)
        before = low[max(0, hit.start() - 40) : hit.start()]
        after = low[hit.end() : hit.end() + 25]
        if _PAYBILL_CONTEXT.search(before + " " + after):
            paybill = value
        elif _INCOME_CONTEXT.search(before[-25:] + " " + after):
            income = value
        elif (
            budget is None
            and re.search(
                r"(?:budget|spend|afford|up to|under|max(?:imum)?|more than|less than|no more than|pay|cost|"
                r"around|about|only|got|have|cap|limit|upto|below|within)\W*(?:of\W*|is\W*|about\W*)?$",
                before,
            )
        ) or (budget is None and re.search(r"^\s*(?:max|budget|tops|limit|or less|or under)", after)):
            budget = value
    return budget, income, paybill


def _employment(text: str) -> tuple[str | None, bool | None]:
    low = text.lower()
    benefits = (
        True
        if re.search(
            r"\b(?:universal credit|(?-i:UC)|on uc|jsa|jobseekers?'? allowance|esa|income support|"
            r"on benefits|"
            r"housing benefit|pension credit|claiming)\b",
            low,
        )
        else None
    )
    if re.search(
        r"\b(?:unemployed|out of work|not working|no job|lost my job|between jobs|made redundant|"
        r"been redundant|redundancy|jobseeker|job seeker|looking for (?:a )?work|out of a job|"
        r"jobless|on the dole|signing on)\b",
        low,
    ):
        return "unemployed", benefits
    if re.search(
        r"\b(?:self[- ]employed|sole trader|freelanc\w*|my own (?:business|company|firm)|"
        r"run (?:my own|a small)|own boss|work for myself|contractor|ltd company)\b",
        low,
    ):
        return "self_employed", benefits
    if re.search(r"\b(?:retired|pensioner)\b", low):
        return "retired", benefits
    if re.search(
        r"\b(?:i'?m (?:a |at )?(?:student|sixth form|uni|college)|full[- ]time student|in year 1[123]|"
        r"doing my a[- ]levels|at school)\b",
        low,
    ):
        return "student", benefits
    if re.search(
        r"\b(?:i work(?:ing)? (?:as|at|in|for)|work(?:ing)? full[- ]time|work(?:ing)? part[- ]time|"
        r"my (?:job|employer|boss|manager|work)|employed|currently working|i'?m working|"
        r"day job|on shifts|my shifts)\b",
        low,
    ):
        return "employed", benefits
    return None, benefits


def _employer_size(text: str) -> int | None:
    low = text.lower()
    for pattern in (
        r"\bwe (?:employ|have|'ve got|have got)\s+(?:about |around |roughly |over |nearly )?(\d[\d,]*)\s*"
        r"(?:staff|people|employees|workers|members of staff|on the books|fte)?",
        r"\b(\d[\d,]*)\s*(?:staff|employees|people on the books|members of staff|fte|strong)\b",
        r"\bteam of\s+(\d[\d,]*)",
        r"\b(?:firm|company|business|organisation|sme|practice) (?:of|with)\s+(\d[\d,]*)",
        r"\bheadcount (?:of |is )?(\d[\d,]*)",
    ):
        hit = re.search(pattern, low)
        if hit:
            size = int(hit.group(1).replace(",", ""))
            if size >= 1:
                return size
    return None


def _team(text: str) -> dict[str, int]:
    """Staff roles and counts an employer mentions: "6 sparkies and 2 apprentices" -> {electrician: 6}."""
    team: dict[str, int] = {}
    for hit in re.finditer(
        r"\b(\d{1,4}|"
        + "|".join(w for w in NUMBER_WORDS if " " not in w and len(w) > 2)
        + r")\s+(?:of (?:our|my) |(?:more|new|junior|senior|trainee) )?([a-z][a-z' -]{2,30})",
        text.lower(),
    ):
        words = hit.group(2)
        for term, _ in find_terms(words, OCCUPATIONS):
            if term_regex_start(term, words) == 0:
                with contextlib.suppress(ValueError, KeyError):
                    team[term.name] = team.get(term.name, 0) + int(_number(hit.group(1)))
                break
    return team


def term_regex_start(term: Term, text: str) -> int:
    from advisor.retrieval.vocabulary import term_regex

    hit = term_regex(term).search(text)
    return hit.start() if hit else -1


def _goals(goal_part: str) -> list[str]:
    goals: list[str] = []
    for clause in goal_part.split(" . "):
        phrase = re.sub(r"\s+", " ", clause.split(",")[0]).strip(" ,-")
        if len(phrase) >= 6:
            goals.append(phrase[:120])
    return goals


def extract_profile(text: str, *, today: dt.date | None = None, role: Role | None = None) -> Profile:
    """Read what a message says about the person. `role` (when the caller knows it) overrides the guess."""
    today = today or dt.date.today()
    parts = _split(text)
    found_role: Role = role or _role(text)

    current_jobs = [term for term, _ in find_terms(parts.current, OCCUPATIONS)]
    wished_jobs = [term for term, _ in find_terms(parts.goal, OCCUPATIONS)]
    current_topics = [term for term, _ in find_terms(parts.current, TOPICS)]
    wished_topics = [term for term, _ in find_terms(parts.goal, TOPICS)]

    team = _team(text) if found_role == "employer" else {}
    occupation = current_jobs[0].name if current_jobs else None
    if occupation is None and found_role == "employer" and team:
        occupation = next(iter(team))

    sectors: list[str] = []
    for term in wished_topics + wished_jobs + current_topics + current_jobs:
        sectors.extend(term.sectors)

    highest, has_degree = _highest_level(parts.current)
    target = _target_level(parts.goal)
    if (
        target is not None
        and highest is not None
        and target <= highest
        and not re.search(r"\blevel\s*\d", parts.goal, _FLAGS)
    ):
        target = None
    location, nation = place_in(text)
    budget, income, paybill = _money_facts(text)
    status, benefits = _employment(text)

    goals = [
        f"become {term.name}" for term in wished_jobs if term.name != occupation and term.name not in team
    ]
    goals += [term.name for term in wished_topics]
    goals += _goals(parts.goal)

    learner: dict[str, Any] = {
        "age": _age(text),
        "nation": nation if found_role != "employer" else None,
        "employment_status": status,
        "annual_income_gbp": income,
        "highest_level": highest,
        "has_degree": has_degree,
        "benefits": benefits,
    }
    employer: dict[str, Any] = {}
    if found_role == "employer":
        employer = {
            "size": _employer_size(text),
            "annual_paybill_gbp": paybill,
            "sector": sectors[0] if sectors else None,
            "citb_registered": True
            if re.search(r"\bcitb\b(?! not)", text, _FLAGS)
            and not re.search(r"\bnot (?:citb|registered with (?:the )?citb)", text, _FLAGS)
            else None,
            "nation": nation,
        }
        learner = {"nation": None}
    constraints: dict[str, Any] = {
        "hours_per_week": _hours_per_week(text),
        "delivery_modes": _delivery_modes(text),
        "budget_gbp": budget,
        "start_by": _start_by(text, today),
        "location": location,
    }
    years = _years_experience(parts.current) if current_jobs or current_topics else _years_experience(text)

    return Profile.model_validate(
        {
            "role": found_role,
            "occupation": occupation,
            "years_experience": years,
            "sectors": tuple(dict.fromkeys(sectors)),
            "goals": tuple(dict.fromkeys(goals)),
            "skills": tuple(dict.fromkeys(term.name for term in current_topics)),
            "target_level": target,
            "learner": {k: v for k, v in learner.items() if v is not None},
            "employer": {k: v for k, v in employer.items() if v is not None},
            "constraints": {k: v for k, v in constraints.items() if v is not None},
            "team": team,
        }
    )


def profile_query(profile: Profile) -> str:
    """Text to search with when only a structured profile is given (e.g. POST /api/match with no message)."""
    words: list[str] = []
    if profile.occupation:
        words.append(profile.occupation)
    words.extend(profile.goals)
    words.extend(profile.skills)
    words.extend(profile.team)
    words.extend(sector.replace("-", " ") for sector in profile.sectors)
    if profile.employer.sector:
        words.append(profile.employer.sector.replace("-", " "))
    return " ".join(dict.fromkeys(words))
