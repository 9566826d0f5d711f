"""The grounding checker: nothing reaches a person unless every name and figure in it can be traced.

A reply passes when
- every course, award and funding scheme of the catalogue that it names is listed in the answer's `courses`,
  `route`, `funding` or `citations`;
- every figure in it (money, percentages, dates, and any other number: credits, levels, hours, weeks, ages)
  equals a value in the answer's data, in the catalogue records the answer cites, in the engine's output
  (route, funding verdicts, team plan) or in facts the person stated and we parsed into their profile;
- it claims nothing is free unless a cited record or an eligible verdict says so, and (for LLM wording) it
  makes no claim the template wording did not make.

The user's raw message is never a source: "the course costs £0 now" cannot put £0 into a reply.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from advisor.compose.answer import Answer
from advisor.domain.catalogue import Award, Catalogue, Course, Scheme
from advisor.domain.profile import Profile

_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_MONTH_RE = "|".join(_MONTHS)
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH_RE}) (\d{{4}})\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b({_MONTH_RE}) (\d{{4}})\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_URL = re.compile(r"https?://\S+")
_MONEY = re.compile(r"£\s?(\d+(?:,\d{3})*(?:\.\d+)?)(\s?(?:k|m|million|bn)\b)?", re.IGNORECASE)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?(?:%|per ?cent\b)", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)(?![\w])")
_FREE_CLAIM = re.compile(
    r"\b(free|no cost|costs? nothing|nothing to pay|won'?t (?:have to )?pay|will not (?:have to )?pay|"
    r"fully (?:funded|paid)|paid for in full|zero cost)\b|£\s?0(?![\d.,])",
    re.IGNORECASE,
)
_LIST_MARKER = re.compile(r"^\s*\d{1,2}[.)]\s", re.MULTILINE)
_TOLERANCE = 0.005


@dataclass
class Sources:
    """Everything a reply may state, gathered from the answer and what it cites."""

    money: set[float] = field(default_factory=set)
    percents: set[float] = field(default_factory=set)
    numbers: set[float] = field(default_factory=set)
    dates: set[dt.date] = field(default_factory=set)
    month_years: set[tuple[int, int]] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)
    referenced_ids: set[str] = field(default_factory=set)
    free_allowed: bool = False

    def add_number(self, value: Any) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, int | float):
            self.numbers.add(float(value))
        elif isinstance(value, dt.date):
            self.add_date(value)
        elif isinstance(value, str):
            self.add_text(value)

    def add_money(self, value: float | None) -> None:
        if value is not None:
            self.money.add(round(float(value), 2))
            self.numbers.add(float(value))

    def add_date(self, value: dt.date) -> None:
        self.dates.add(value)
        self.month_years.add((value.month, value.year))
        self.numbers.update({float(value.day), float(value.year)})

    def add_text(self, text: str) -> None:
        """Figures written in a cited record's own text (a scheme's summary, a guide) may be repeated."""
        self.texts.append(text)
        for day, month, year in _DAY_MONTH_YEAR.findall(text):
            try:
                self.add_date(dt.date(int(year), _MONTHS[month.lower()], int(day)))
            except ValueError:
                continue
        for month, year in _MONTH_YEAR.findall(text):
            self.month_years.add((_MONTHS[month.lower()], int(year)))
            self.numbers.add(float(year))
        for year, month, day in _ISO_DATE.findall(text):
            try:
                self.add_date(dt.date(int(year), int(month), int(day)))
            except ValueError:
                continue
        for amount, unit in _MONEY.findall(text):
            self.money.add(round(_scaled(_to_float(amount), unit), 2))
        for percent in _PERCENT.findall(text):
            self.percents.add(float(percent))
        for number in _NUMBER.findall(text):
            self.numbers.add(_to_float(number))
        if _FREE_CLAIM.search(text):
            self.free_allowed = True


@dataclass(frozen=True)
class GroundingReport:
    ok: bool
    problems: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.ok


def _to_float(text: str) -> float:
    return float(text.replace(",", ""))


def _scaled(value: float, unit: str) -> float:
    unit = unit.strip().lower()
    if unit == "k":
        return value * 1_000
    if unit in {"m", "million"}:
        return value * 1_000_000
    if unit == "bn":
        return value * 1_000_000_000
    return value


def _contains(values: Iterable[float], value: float) -> bool:
    return any(abs(v - value) <= _TOLERANCE for v in values)


def _add_course(sources: Sources, course: Course) -> None:
    sources.referenced_ids.add(course.id)
    for number in (
        course.level,
        course.credits,
        course.notional_hours,
        course.hours_per_week,
        course.duration_weeks,
        course.module_minutes,
    ):
        sources.add_number(number)
    sources.add_money(course.cost_gbp)
    if course.cost_gbp == 0:
        sources.free_allowed = True
    for start in course.start_dates:
        sources.add_date(start)
    for text in (
        course.title,
        course.summary,
        course.entry_requirements,
        course.location,
        *course.learning_outcomes,
    ):
        sources.add_text(text)


def _add_award(sources: Sources, award: Award) -> None:
    sources.referenced_ids.add(award.id)
    for number in (award.level, award.credits, award.max_years, award.rpl_cap):
        sources.add_number(number)
    for level, credits in award.min_credits_at_level.items():
        sources.add_number(level)
        sources.add_number(credits)
    for group in award.choose:
        sources.add_number(group.credits)
        for bound in (group.pool.min_level, group.pool.max_level):
            sources.add_number(bound)
    if award.rpl_max_fraction:
        sources.percents.add(round(award.rpl_max_fraction * 100, 2))
        sources.add_number(award.rpl_max_fraction)
    sources.add_text(award.title)
    if award.summary:
        sources.add_text(award.summary)


def _add_scheme(sources: Sources, scheme: Scheme) -> None:
    sources.referenced_ids.add(scheme.id)
    covers = scheme.covers
    if covers.percent_of_fee is not None:
        sources.percents.add(float(covers.percent_of_fee))
        sources.add_number(covers.percent_of_fee)
    sources.add_money(covers.amount_gbp)
    sources.add_money(covers.max_gbp)
    sources.add_date(scheme.last_verified)
    for text in (scheme.name, scheme.summary, scheme.how_to_apply, scheme.check_with_advisor or ""):
        sources.add_text(text)


def _walk(sources: Sources, value: Any, catalogue: Catalogue) -> None:
    """Numbers and references anywhere in engine output (a route plan, say)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, int | float):
                sources.add_number(key)
            if isinstance(key, str) and key.endswith("gbp") and isinstance(item, int | float):
                sources.add_money(float(item))
            _walk(sources, item, catalogue)
    elif isinstance(value, list | tuple | set):
        for item in value:
            _walk(sources, item, catalogue)
    elif isinstance(value, str):
        if value in catalogue.courses:
            _add_course(sources, catalogue.courses[value])
        elif value in catalogue.awards:
            _add_award(sources, catalogue.awards[value])
        elif value in catalogue.schemes:
            _add_scheme(sources, catalogue.schemes[value])
        else:
            sources.add_text(value)
    else:
        sources.add_number(value)


def _add_profile(sources: Sources, profile: Profile) -> None:
    learner, employer, limits = profile.learner, profile.employer, profile.constraints
    for number in (
        profile.years_experience,
        profile.target_level,
        learner.age,
        learner.uk_resident_years,
        learner.highest_level,
        employer.size,
        limits.hours_per_week,
        *profile.team.values(),
    ):
        sources.add_number(number)
    for money in (learner.annual_income_gbp, employer.annual_paybill_gbp, limits.budget_gbp):
        sources.add_money(money)
    if limits.start_by:
        sources.add_date(limits.start_by)


def gather_sources(
    answer: Answer, catalogue: Catalogue, profile: Profile | None = None, today: dt.date | None = None
) -> Sources:
    sources = Sources()
    for card in answer.courses:
        if card.id in catalogue.courses:
            _add_course(sources, catalogue.courses[card.id])
        sources.referenced_ids.add(card.id)
        _walk(sources, card.model_dump(exclude={"id", "title", "why", "url"}), catalogue)
        sources.add_text(card.why)
    if answer.route is not None:
        _walk(sources, answer.route, catalogue)
    for item in answer.funding:
        sources.referenced_ids.add(item.scheme_id)
        if item.scheme_id in catalogue.schemes:
            _add_scheme(sources, catalogue.schemes[item.scheme_id])
        sources.add_money(item.amount_gbp)
        for reason in item.reasons:
            sources.add_text(reason)
        course = catalogue.courses.get(item.course_id or "")
        if (
            item.status == "eligible"
            and item.amount_gbp is not None
            and course
            and item.amount_gbp >= course.cost_gbp
        ):
            sources.free_allowed = True
    for citation in answer.citations:
        sources.referenced_ids.add(citation.id)
        if citation.kind == "course" and citation.id in catalogue.courses:
            _add_course(sources, catalogue.courses[citation.id])
        elif citation.kind == "award" and citation.id in catalogue.awards:
            _add_award(sources, catalogue.awards[citation.id])
        elif citation.kind == "scheme" and citation.id in catalogue.schemes:
            _add_scheme(sources, catalogue.schemes[citation.id])
        elif citation.kind == "guide" and citation.id in catalogue.guides:
            sources.add_text(catalogue.guides[citation.id].body)
    if answer.team_plan is not None:
        for line in answer.team_plan.lines:
            sources.add_number(line.staff)
            sources.add_money(line.fee_per_person_gbp)
            sources.add_money(line.fees_gbp)
        sources.add_number(answer.team_plan.staff_total)
        sources.add_money(answer.team_plan.fees_total_gbp)
    if answer.rule is not None:
        # Computed by the rules engine from the catalogue and the checked national facts.
        for figure in answer.rule.figures:
            sources.add_text(figure.value)
    if answer.costs is not None:
        for cost in answer.costs.lines:
            for value in (
                cost.fee_gbp,
                cost.funded_gbp,
                cost.left_gbp,
                cost.fees_for_staff_gbp,
                cost.left_for_staff_gbp,
            ):
                sources.add_money(value)
            sources.add_number(cost.staff)
            if cost.left_gbp == 0:
                sources.free_allowed = True
        sources.add_money(answer.costs.fees_total_gbp)
        sources.add_money(answer.costs.left_total_gbp)
    if profile is not None:
        _add_profile(sources, profile)
    # Counts of what the answer lists ("here are 3 courses", "2 questions").
    for listed in (answer.courses, answer.funding, answer.questions, answer.citations):
        sources.add_number(len(listed))
    if today is not None:
        sources.add_date(today)
    return sources


@dataclass(frozen=True)
class _NameIndex:
    """Every course, award and scheme title and id of a catalogue as one compiled pattern, longest first, so
    "EV Charge Point Installation (Wales)" is read as itself and not also as "EV Charge Point Installation".
    Built once per catalogue: compiling hundreds of patterns per reply is what made replies slow."""

    pattern: re.Pattern[str]
    entity_of: dict[str, tuple[str, str]]  # lower-case spelling -> (id, name)


@lru_cache(maxsize=8)
def _name_index(named: tuple[tuple[str, str], ...]) -> _NameIndex:
    entity_of: dict[str, tuple[str, str]] = {}
    for entity_id, name in named:
        entity_of.setdefault(name.lower(), (entity_id, name))
        entity_of.setdefault(entity_id.lower(), (entity_id, name))
    spellings = sorted(entity_of, key=len, reverse=True)
    alternation = "|".join(re.escape(spelling) for spelling in spellings) or r"(?!)"
    return _NameIndex(re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE), entity_of)


def _names_of(catalogue: Catalogue) -> _NameIndex:
    return _name_index(
        (
            *((c.id, c.title) for c in catalogue.courses.values()),
            *((a.id, a.title) for a in catalogue.awards.values()),
            *((s.id, s.name) for s in catalogue.schemes.values()),
        )
    )


def mentioned_entities(text: str, catalogue: Catalogue) -> list[tuple[str, str]]:
    """(id, name) of every catalogue course, award and scheme whose title or id appears in `text`."""
    index = _names_of(catalogue)
    found: list[tuple[str, str]] = []
    for hit in index.pattern.finditer(text):
        entity = index.entity_of[hit.group(0).lower()]
        if entity not in found:
            found.append(entity)
    return found


def _strip_names(text: str, catalogue: Catalogue) -> str:
    """Remove catalogue names and ids so numbers inside them ("Level 3 Award ...") are not read as figures."""
    return _names_of(catalogue).pattern.sub(" ", text)


def check_reply(
    reply: str,
    answer: Answer,
    catalogue: Catalogue,
    profile: Profile | None = None,
    *,
    baseline: str | None = None,
    today: dt.date | None = None,
) -> GroundingReport:
    """Check `reply` against what `answer` carries. `baseline` is the template wording an LLM rephrased:
    when given, the reply may make no "free" claim the baseline did not make."""
    sources = gather_sources(answer, catalogue, profile, today)
    problems: list[str] = []

    for entity_id, name in mentioned_entities(reply, catalogue):
        if entity_id not in sources.referenced_ids:
            problems.append(f"names {name!r} ({entity_id}) but the answer does not list it")

    # Numbered-list markers are positions in the reply, not figures.
    text = _LIST_MARKER.sub(" ", _URL.sub(" ", reply))
    if catalogue.info.contact_url:
        text = text.replace(catalogue.info.contact_url, " ")
    text = _strip_names(text, catalogue)

    for day, month, year in _DAY_MONTH_YEAR.findall(text):
        try:
            date = dt.date(int(year), _MONTHS[month.lower()], int(day))
        except ValueError:
            problems.append(f"impossible date {day} {month} {year}")
            continue
        if date not in sources.dates:
            problems.append(f"date {date.isoformat()} is not in the answer's data")
    text = _DAY_MONTH_YEAR.sub(" ", text)
    for year, month, day in _ISO_DATE.findall(text):
        try:
            date = dt.date(int(year), int(month), int(day))
        except ValueError:
            problems.append(f"impossible date {year}-{month}-{day}")
            continue
        if date not in sources.dates:
            problems.append(f"date {date.isoformat()} is not in the answer's data")
    text = _ISO_DATE.sub(" ", text)
    for month, year in _MONTH_YEAR.findall(text):
        if (_MONTHS[month.lower()], int(year)) not in sources.month_years:
            problems.append(f"date {month} {year} is not in the answer's data")
    text = _MONTH_YEAR.sub(" ", text)

    for amount, unit in _MONEY.findall(text):
        value = round(_scaled(_to_float(amount), unit), 2)
        if not _contains(sources.money, value):
            problems.append(f"amount £{amount}{unit} is not in the answer's data")
    text = _MONEY.sub(" ", text)
    for percent in _PERCENT.findall(text):
        if not _contains(sources.percents, float(percent)):
            problems.append(f"percentage {percent}% is not in the answer's data")
    text = _PERCENT.sub(" ", text)
    for number in _NUMBER.findall(text):
        if not _contains(sources.numbers, _to_float(number)):
            problems.append(f"figure {number} is not in the answer's data")

    claims = len(_FREE_CLAIM.findall(_strip_names(reply, catalogue)))
    if claims:
        if baseline is not None:
            if claims > len(_FREE_CLAIM.findall(_strip_names(baseline, catalogue))):
                problems.append("says something is free, which the checked wording did not say")
        elif not sources.free_allowed:
            problems.append("says something is free, but no cited record or verdict says so")
    return GroundingReport(ok=not problems, problems=tuple(problems))


def figures_in(text: str) -> list[str]:
    """Money, percentages and dates in `text`, as written; used to check an LLM kept the key figures."""
    found = [m.group(0).replace(" ", "") for m in _MONEY.finditer(text)]
    found += [m.group(0) for m in _DAY_MONTH_YEAR.finditer(text)]
    return found
