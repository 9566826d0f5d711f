"""Head counts: a business's size ("12-person firm", "six of us", "30 on the books", "2,000 staff") and the
staff to train in each role ("6 electricians and 2 supervisors")."""

from __future__ import annotations

import re

from advisor.understanding.facts.context import FactContext
from advisor.understanding.facts.numbers import COUNT, count_value
from advisor.understanding.reading import Fact

_I = re.IGNORECASE
_ABOUT = r"(?:about |around |roughly |over |nearly |just over |just under |approx\.? |some |circa |c\. ?)?"
_N = rf"(?<![\d,.])(?P<n>{COUNT})"
_STAFF = r"(?:staff|employees|people|workers|members of staff|colleagues|heads|fte|ftes|personnel)"
_SIZE_PATTERNS = (
    re.compile(
        rf"\bwe (?:employ|'re employing|are employing)\s+{_ABOUT}{_N}\b(?!\s+(?:new|more|extra|apprentices))",
        _I,
    ),
    re.compile(rf"\b{_N}[- ](?:person|people|man|strong|staff|employee)\b(?![- ]?(?:team|crew|gang)\b)", _I),
    re.compile(rf"\b{_N} of us\b", _I),
    re.compile(rf"\b{_N} (?:on the books|on (?:the )?payroll|on staff|in total|all told|altogether)\b", _I),
    re.compile(
        rf"\bwe (?:employ|have|'ve got|have got|are|'re)\s+{_ABOUT}{_N}(?:\s*{_STAFF}|(?=\s*(?:[.,;!?]|$|in total|"
        rf"overall|altogether)))\b(?!\s+(?:need|who|to|want|should|could|must|will|are|doing))",
        _I,
    ),
    re.compile(
        rf"\b(?:just )?me(?:,| and)\s+(?P<other>my \w+(?:,| and)\s+(?:and\s+)?)?(?:our |my )?{_N}\s+(?:lads|guys|others|blokes|"
        rf"people|staff|employees|workers|girls|women|men|sons|daughters|brothers|sisters|kids)\b",
        _I,
    ),
    re.compile(
        rf"\b(?:team|firm|company|business|organisation|organization|sme|practice|workforce|staff) of\s+{_ABOUT}{_N}\b",
        _I,
    ),
    re.compile(rf"\bheadcount (?:of |is |about |around )*{_N}\b", _I),
    re.compile(
        rf"(?:^|[.,(;:]\s*|\b(?:with|employ(?:ing)?|have)\s+){_ABOUT}{_N}\s+{_STAFF}\b(?!\s+(?:need|who|to|want|should|could|must|will))",
        _I,
    ),
)
_BOUND_BEFORE = re.compile(
    r"\b(?:under|below|less than|fewer than|over|above|more than|at least|up to)\s*$", _I
)
_BARE = re.compile(rf"^\D{{0,25}}?{_N}\D{{0,30}}$", _I)

# Words after a number that are units or things, never a staff role.
_NOT_ROLES = frozenset(
    [
        "year",
        "years",
        "yr",
        "yrs",
        "hour",
        "hours",
        "hr",
        "hrs",
        "week",
        "weeks",
        "month",
        "months",
        "day",
        "days",
        "evening",
        "evenings",
        "night",
        "nights",
        "minute",
        "minutes",
        "credit",
        "credits",
        "course",
        "courses",
        "module",
        "modules",
        "unit",
        "units",
        "pound",
        "pounds",
        "quid",
        "k",
        "grand",
        "sites",
        "van",
        "vans",
        "office",
        "offices",
        "branch",
        "branches",
        "shop",
        "shops",
        "location",
        "locations",
        "campus",
        "times",
        "of",
        "us",
        "on",
        "in",
        "per",
        "a",
        "an",
        "percent",
        "staff",
        "people",
        "employees",
        "workers",
        "colleagues",
        "members",
        "heads",
        "weeks'",
        "times",
        "more",
        "less",
        "different",
        "new",
        "other",
        "kids",
        "children",
        "grandchildren",
        "cars",
        "gcses",
        "levels",
        "a-levels",
        "points",
        "ects",
        "lessons",
        "sessions",
        "lad",
        "lads",
        "guys",
        "blokes",
        "men",
        "women",
        "girls",
        "boys",
        "folk",
        "folks",
        "them",
        "homes",
        "home",
        "depots",
        "hotels",
        "restaurants",
        "lorries",
        "trucks",
        "machines",
        "vehicles",
        "sons",
        "daughters",
    ]
)
_ROLE = re.compile(
    rf"\b{_N}\s+(?:of (?:our|my|the) |x |more |new |junior |senior |trainee |qualified |experienced |full[- ]time |"
    rf"part[- ]time )?(?P<role>[a-z][a-z'-]*(?: (?:workers?|staff|engineers?|managers?|assistants?|operatives?|"
    rf"officers?|leaders?|technicians?|drivers?|fitters?|installers?|apprentices?|practitioners?|nurses?|"
    rf"coordinators?|supervisors?))?)",
    _I,
)


_OF_THEM_ARE = re.compile(
    rf"\b{_N} of (?:them|us|those) (?:are |is |work as )?(?P<role>(?:[a-z]+ )?[a-z]+s)\b", _I
)


def read_size(ctx: FactContext) -> list[Fact]:
    for pattern in _SIZE_PATTERNS:
        for hit in pattern.finditer(ctx.text):
            if _BOUND_BEFORE.search(ctx.text[: hit.start("n")]):
                continue
            size = count_value(hit.group("n"))
            if size is not None and "other" in pattern.groupindex:
                size += 1 + (1 if hit.group("other") else 0)  # "me, my brother and 3 lads" is five people
            if size is not None and 1 <= size <= 1_000_000:
                return [ctx.fact("employer.size", size, hit.start("n"), hit.end("n"))]
    if "employer.size" in ctx.asked:
        bare = _BARE.search(ctx.text.strip())
        size = count_value(bare.group("n")) if bare else None
        if bare and size is not None and size >= 1:
            return [ctx.fact("employer.size", size, bare.start("n"), bare.end("n"))]
    return []


def singular(word: str) -> str:
    word = word.lower().strip()
    for plural, single in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("men", "man")):
        if word.endswith(plural) and len(word) > len(plural) + 2:
            return word[: -len(plural)] + single
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def read_team(ctx: FactContext, canonical: dict[str, str] | None = None) -> list[Fact]:
    """Roles with head counts. `canonical` maps slang or plural forms to the job word ("sparkies" ->
    "electrician"); a role must be a job word it knows or a plural noun that is not a unit."""
    team: dict[str, int] = {}
    start = end = None
    canonical = {**getattr(ctx.lexicon, "job_words", {}), **(canonical or {})}
    claimed: list[tuple[int, int]] = []
    for hit in _OF_THEM_ARE.finditer(ctx.text):
        words = hit.group("role").lower()
        role = (
            canonical.get(words)
            or canonical.get(singular(words))
            or " ".join(singular(w) for w in words.split())
        ).lower()
        count = count_value(hit.group("n"))
        if count:
            team[role] = team.get(role, 0) + count
            claimed.append((hit.start(), hit.end()))
            start = hit.start() if start is None else start
            end = hit.end()
    for hit in _ROLE.finditer(ctx.text):
        if any(a <= hit.start() < b for a, b in claimed):
            continue
        raw = hit.group("role").lower()
        words = raw.replace("'s", "").rstrip("'")
        misspelt_plural = raw.endswith("'s") or raw.endswith("'")
        if re.match(r"\s+(?:of (?:them|us)|are|were)\b", ctx.text[hit.end("n") :], _I):
            continue
        head = words.split()[0]
        if head in _NOT_ROLES or words in _NOT_ROLES:
            continue
        count = count_value(hit.group("n"))
        if count is None or count < 1 or count > 10_000:
            continue
        known = (
            canonical.get(words)
            or canonical.get(singular(words))
            or canonical.get(head)
            or canonical.get(singular(head))
        )
        if known is None and not (words.endswith("s") or " " in words or (misspelt_plural and count > 1)):
            continue
        if known is None and " " not in words and head.endswith("ing"):
            continue
        role = (known or singular(words)).lower()
        team[role] = team.get(role, 0) + count
        start = hit.start() if start is None else start
        end = hit.end()
    if not team:
        return []
    return [ctx.fact("team", team, start or 0, end)]


_HEADCOUNT = re.compile(
    rf"\b(?:for|x|times|train(?:ing)?|send(?:ing)?)\s+{_N}\s+(?:of (?:us|them|our \w+)|people|staff|learners|employees|"
    rf"workers|lads|members of staff|persons?|heads?|places?)\b",
    _I,
)


def read_headcount(ctx: FactContext) -> list[Fact]:
    """How many people a cost question is for ("what would it cost for 3 of us?"): not the business's size."""
    hit = _HEADCOUNT.search(ctx.text)
    if hit is None:
        return []
    count = count_value(hit.group("n"))
    return [ctx.fact("request.headcount", count, hit.start(), hit.end())] if count and count < 10_000 else []
