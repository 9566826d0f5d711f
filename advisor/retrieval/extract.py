"""A `Profile` from one free-text message, without an LLM.

People write "sparky 15 yrs, want to do car chargers, evenings only, Doncaster". This module reads such a
message with rules and the catalogue's vocabulary (`advisor.understanding.vocabulary`: the catalogue's own
occupations, skills and sectors, reached through a general list of slang): what they do now, what they want,
what they hold, and the limits they set. Anything it cannot read stays `None` ("not known"), never a guess
dressed up as a fact.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass

from advisor.domain.profile import Profile, Role
from advisor.understanding.facts import FactContext, profile_from_facts, read_facts
from advisor.understanding.facts.lexicon import general_lexicon
from advisor.understanding.vocabulary import Vocabulary, general_vocabulary

_FLAGS = re.IGNORECASE

# Words that start the "what I want" part of a clause; what comes before them describes the present.
_GOAL_MARKER = re.compile(
    r"\b(?:how (?:do|can|would|could|should) (?:i|we|you|they)|how to|want(?:s|ed|ing)?|wanna|"
    r"would (?:like|love)|i'?d (?:like|love)|like to|love to|"
    r"looking (?:to|for|at|into)|"
    r"hop(?:e|es|ing)|interested in|keen (?:to|on)|thinking (?:about|of)|considering|get into|getting into|"
    r"i fancy|fancy (?:a|an|some|\w+ing)|"
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

# --- numbers (years of experience) ------------------------------------------------------------------

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "couple of": 2, "a couple of": 2, "few": 3, "a few": 3, "half a dozen": 6, "a dozen": 12,
    "dozen": 12,
}  # fmt: skip
_NUM = (
    r"(\d+(?:\.\d+)?|" + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True)) + r")"
)


def _number(token: str) -> float:
    token = token.lower().strip()
    return float(NUMBER_WORDS[token]) if token in NUMBER_WORDS else float(token)


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


_NEGATED_BEFORE = re.compile(
    r"\b(?:no|not|never|without|didn'?t|don'?t|failed|fail|no proper|any)\s+(?:\w+\s+){0,2}$"
)


def _qualification_levels(text: str, negated_ok: bool, vocabulary: Vocabulary) -> list[int]:
    levels: list[int] = []
    for level, start, _ in vocabulary.qualification_levels(text):
        negated = bool(_NEGATED_BEFORE.search(text[max(0, start - 22) : start].lower()))
        if negated == negated_ok:
            levels.append(level)
    return levels


def _target_level(goal: str, vocabulary: Vocabulary) -> int | None:
    levels = _qualification_levels(goal, False, vocabulary)
    return max(levels) if levels else None


def _team(text: str, vocabulary: Vocabulary) -> dict[str, int]:
    """Staff roles and counts an employer mentions: "6 sparkies and 2 apprentices" -> {electrician: 6}."""
    team: dict[str, int] = {}
    for hit in re.finditer(
        r"\b(\d{1,4}|"
        + "|".join(w for w in NUMBER_WORDS if " " not in w and len(w) > 2)
        + r")\s+(?:of (?:our|my) |(?:more|new|junior|senior|trainee) )?([a-z][a-z' -]{2,30})",
        text.lower(),
    ):
        first = next((m for m in vocabulary.read(hit.group(2)).occupations if m.start == 0), None)
        if first is not None:
            with contextlib.suppress(ValueError, KeyError):
                team[first.term.name] = team.get(first.term.name, 0) + int(_number(hit.group(1)))
    return team


def _goals(goal_part: str) -> list[str]:
    goals: list[str] = []
    for clause in goal_part.split(" . "):
        phrase = re.sub(r"\s+", " ", clause.split(",")[0]).strip(" ,-")
        if len(phrase) >= 6:
            goals.append(phrase[:120])
    return goals


def extract_profile(
    text: str,
    *,
    today: dt.date | None = None,
    role: Role | None = None,
    vocabulary: Vocabulary | None = None,
    facts: Profile | None = None,
) -> Profile:
    """Read what a message says about the person. `role` (when the caller knows it) overrides the guess.
    `vocabulary` is the catalogue's (built once at load); without one only the general list is known.
    Facts (age, place, money, work, limits...) come from the typed fact readers of
    `advisor.understanding.facts`; a caller that has read them already passes them as `facts`."""
    today = today or dt.date.today()
    words = vocabulary or general_vocabulary()
    parts = _split(text)
    found_role: Role = role or _role(text)
    if facts is None:
        facts = profile_from_facts(
            read_facts(FactContext(text, found_role, (), today, general_lexicon())), found_role
        )

    now, wish = words.read(parts.current), words.read(parts.goal)
    current_jobs = [m.term.name for m in now.occupations]
    wished_jobs = [m.term.name for m in wish.occupations]
    current_topics = [m.name for m in now.topics]
    wished_topics = [m.name for m in wish.topics]

    team = _team(text, words) if found_role == "employer" else {}
    if sum(facts.team.values()) > sum(team.values()):
        team = dict(facts.team)
    occupation = current_jobs[0] if current_jobs else None
    if occupation is None and found_role == "employer" and team:
        occupation = next(iter(team))

    sectors = wish.sector_names() + now.sector_names()
    target = _target_level(parts.goal, words)
    highest = facts.learner.highest_level
    if (
        target is not None
        and highest is not None
        and target <= highest
        and not re.search(r"\blevel\s*\d", parts.goal, _FLAGS)
    ):
        target = None

    goals = [f"become {name}" for name in wished_jobs if name != occupation and name not in team]
    goals += wished_topics
    goals += _goals(parts.goal)
    employer = facts.employer
    if found_role == "employer" and sectors and employer.sector is None:
        employer = employer.model_copy(update={"sector": sectors[0]})
    years = _years_experience(parts.current) if current_jobs or current_topics else _years_experience(text)

    return Profile(
        role=found_role,
        occupation=occupation,
        years_experience=years,
        sectors=tuple(dict.fromkeys(sectors)),
        goals=tuple(dict.fromkeys(goals)),
        skills=tuple(dict.fromkeys(current_topics)),
        target_level=target,
        learner=facts.learner,
        employer=employer,
        constraints=facts.constraints,
        team=team,
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
