"""Rules knowledge: direct answers to rule questions, computed from the catalogue and the national rules.

Every answer is a `RuleAnswer`: a verdict when the question is yes/no ("yes", "no", or "depends" when a fact
we do not know decides it), the number asked for with its unit, one plain-English sentence saying why, the
figures used, and where each came from (reference source ids such as "S5", and catalogue records). The
dialogue words its reply from these; it never works a rule out itself.

Where a catalogue holds the rule, the catalogue wins: a funding scheme's conditions (the LLE's 30-credit
minimum, the PLA's work rule, a CITB network's staff limit) are read from its `when` tree and probed with the
facts in the question, everything else left unknown, through the same three-valued evaluator the funding
check uses; an award's size and RPL limit are read from the award. National rules that no catalogue record
states (ECTS, sizes of qualifications, the LLE's start date, the apprenticeship rule for 16 to 24 year olds)
come from `advisor.domain.national_rules`, each with its sources.

`answer_rule_question(RuleQuestion, catalogue)` is the single entry point; the functions it calls are public
too. Pure: no I/O.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from advisor.domain import national_rules as nr
from advisor.domain.catalogue import AllOf, AnyOf, Award, Catalogue, Condition, Course, Leaf, Nation, Scheme
from advisor.domain.funding import NOT_ELIGIBLE, Status, evaluate
from advisor.domain.levels import Framework, convert_level, is_valid_level
from advisor.domain.passages import Passage, pick_passage
from advisor.domain.profile import EmployerFacts, LearnerFacts

YesNo = Literal["yes", "no", "depends"]
RuleKind = Literal[
    "credits_to_hours",
    "ects",
    "level_map",
    "award_size",
    "degree_equivalence",
    "rpl_cap",
    "scheme_kind",
    "definition",
    "trap",
]
RULE_KINDS: tuple[str, ...] = RuleKind.__args__  # type: ignore[attr-defined]
Basis = Literal["catalogue", "national", "catalogue+national"]
RecordKind = Literal["award", "scheme", "guide", "course"]
AskedKind = Literal["loan", "grant"]


# --- answers ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """A number with its unit; `high` makes it a range ("SCQF level 9 to 10")."""

    amount: float
    unit: str
    high: float | None = None

    def __str__(self) -> str:
        if self.unit == "GBP":
            return _gbp(self.amount)
        if self.unit == "%":
            return f"{_n(self.amount)}%"
        span = _n(self.amount) if self.high is None else f"{_n(self.amount)} to {_n(self.high)}"
        return f"{self.unit} {span}" if self.unit.endswith("level") else f"{span} {self.unit}"


@dataclass(frozen=True)
class Figure:
    """One figure an answer used: what it is, its value and unit (a date for dates)."""

    name: str
    amount: float | dt.date
    unit: str = ""


@dataclass(frozen=True)
class RecordRef:
    """A catalogue record an answer rests on, for citing."""

    kind: RecordKind
    id: str


@dataclass(frozen=True)
class RuleAnswer:
    kind: RuleKind
    # One plain sentence: the direct answer first ("No: ..."), then why, with the key figure.
    reason: str
    verdict: YesNo | None = None
    value: Quantity | None = None
    figures: tuple[Figure, ...] = ()
    # Reference source ids ("S5"); `source_urls` gives their addresses.
    sources: tuple[str, ...] = ()
    records: tuple[RecordRef, ...] = ()
    basis: Basis = "national"
    # Further short sentences the reply may add after the reason (what else applies, where to go next).
    notes: tuple[str, ...] = ()
    # "Check with an advisor" wording when a rule differs by area or is not settled.
    caution: str | None = None
    # The guide paragraph that says the same thing, for quoting and citing.
    passage: Passage | None = None
    trap: int | None = None

    @property
    def source_urls(self) -> tuple[str, ...]:
        return tuple(nr.SOURCES[s] for s in self.sources if s in nr.SOURCES)

    @property
    def guide_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.records if r.kind == "guide")

    def with_passage(self, passage: Passage | None) -> RuleAnswer:
        if passage is None:
            return self
        records = self.records
        if RecordRef("guide", passage.guide_id) not in records:
            records = (*records, RecordRef("guide", passage.guide_id))
        return dataclasses.replace(self, passage=passage, records=records)


@dataclass(frozen=True)
class RuleQuestion:
    """A rule question as a message reader fills it; fields a kind does not use stay None."""

    kind: RuleKind
    text: str = ""  # the message, for choosing the guide passage
    credits: float | None = None  # UK credits or SCQF points, per `framework`
    hours: float | None = None
    ects: float | None = None
    level: int | None = None
    framework: Framework | None = None  # the framework `level` / `credits` are stated in
    target_framework: Framework | None = None
    other_level: int | None = None  # "is SCQF 9 the same as level 6?": 6, in `target_framework`
    award_id: str | None = None  # a catalogue award
    award_types: tuple[str, ...] = ()  # national kinds: "hnc", "hnd", "pgcert" ... (national_rules.SIZE_KEYS)
    nations: tuple[Nation, ...] = ()  # two nations: a comparison ("a Scottish HNC vs an English one")
    scheme_id: str | None = None
    asked_kind: AskedKind | None = None  # "is it a loan?" -> "loan"
    term: str | None = None  # a definition: a key of national_rules.DEFINITIONS
    trap: int | None = None  # 1-18, the reference's trap questions
    # Facts a trap question states.
    age: int | None = None
    income_gbp: float | None = None
    employment_status: str | None = None
    staff: int | None = None
    start: dt.date | None = None
    percent: float | None = None


# --- credits and hours ------------------------------------------------------------------------------------


def credits_to_hours(credits: float, framework: Framework | None = None) -> RuleAnswer:
    """Notional hours of learning for `credits` (1 credit, or 1 SCQF credit point, = 10 hours)."""
    _check_amount(credits)
    hours = credits * nr.HOURS_PER_CREDIT
    if framework == "SCQF":
        size = f"{_n(credits)} SCQF credit {'point is' if credits == 1 else 'points are'}"
        reason = (
            f"{size} about {_n(hours)} hours of learning, because in Scotland 1 SCQF credit point stands for "
            f"{nr.HOURS_PER_CREDIT} hours."
        )
    else:
        reason = (
            f"A {_n(credits)}-credit course is about {_n(hours)} hours of learning, because 1 credit is "
            f"{nr.HOURS_PER_CREDIT} hours."
        )
        if credits == 1:
            reason = f"1 credit is about {nr.HOURS_PER_CREDIT} hours of learning."
    return RuleAnswer(
        kind="credits_to_hours",
        reason=reason,
        notes=(_HOURS_COUNT,),
        value=Quantity(hours, "hours"),
        figures=(
            Figure("credits", credits, _credit_unit(framework)),
            Figure("hours per credit", nr.HOURS_PER_CREDIT, "hours"),
            Figure("hours", hours, "hours"),
        ),
        sources=_hours_sources(framework),
    )


def hours_to_credits(hours: float, framework: Framework | None = None) -> RuleAnswer:
    """Credits (or SCQF credit points) for `hours` of learning."""
    _check_amount(hours)
    credits = hours / nr.HOURS_PER_CREDIT
    unit = _credit_unit(framework)
    reason = (
        f"{_n(hours)} hours of learning is {_n(credits)} {unit}, because 1 "
        f"{'SCQF credit point' if framework == 'SCQF' else 'credit'} stands for {nr.HOURS_PER_CREDIT} hours."
    )
    return RuleAnswer(
        kind="credits_to_hours",
        reason=reason,
        value=Quantity(credits, unit),
        figures=(
            Figure("hours", hours, "hours"),
            Figure("hours per credit", nr.HOURS_PER_CREDIT, "hours"),
            Figure("credits", credits, unit),
        ),
        sources=_hours_sources(framework),
    )


_HOURS_COUNT = "The hours count lessons, study on your own, practice and tests."


# --- ECTS -------------------------------------------------------------------------------------------------

_ECTS_WORDS = "ECTS is the credit system used across Europe"


def uk_to_ects(credits: float) -> RuleAnswer:
    _check_amount(credits)
    ects = credits / nr.UK_CREDITS_PER_ECTS
    return RuleAnswer(
        kind="ects",
        reason=(
            f"{_n(credits)} UK credits are {_n(ects)} ECTS credits, because {nr.UK_CREDITS_PER_ECTS} UK "
            f"credits make 1 ECTS credit ({_ECTS_WORDS})."
        ),
        value=Quantity(ects, "ECTS credits"),
        figures=_ects_figures(credits, ects),
        sources=nr.ECTS_SOURCES,
    )


def ects_to_uk(ects: float) -> RuleAnswer:
    _check_amount(ects)
    credits = ects * nr.UK_CREDITS_PER_ECTS
    return RuleAnswer(
        kind="ects",
        reason=(
            f"{_n(ects)} ECTS credits are {_n(credits)} UK credits, because 1 ECTS credit is worth "
            f"{nr.UK_CREDITS_PER_ECTS} UK credits ({_ECTS_WORDS})."
        ),
        value=Quantity(credits, "UK credits"),
        figures=_ects_figures(credits, ects),
        sources=nr.ECTS_SOURCES,
    )


def compare_ects(uk_credits: float, ects: float) -> RuleAnswer:
    """ "Is 15 UK credits the same as 15 ECTS?" -> no: 7.5."""
    _check_amount(uk_credits)
    _check_amount(ects)
    actual = uk_credits / nr.UK_CREDITS_PER_ECTS
    same = abs(actual - ects) < 1e-9
    if same:
        reason = (
            f"Yes: {_n(uk_credits)} UK credits are {_n(actual)} ECTS credits, because "
            f"{nr.UK_CREDITS_PER_ECTS} UK credits make 1 ECTS credit."
        )
    else:
        reason = (
            f"No: {_n(uk_credits)} UK credits are {_n(actual)} ECTS credits, not {_n(ects)}, because "
            f"{nr.UK_CREDITS_PER_ECTS} UK credits make 1 ECTS credit ({_ECTS_WORDS})."
        )
    return RuleAnswer(
        kind="ects",
        reason=reason,
        verdict="yes" if same else "no",
        value=Quantity(actual, "ECTS credits"),
        figures=_ects_figures(uk_credits, actual),
        sources=nr.ECTS_SOURCES,
    )


# --- levels -----------------------------------------------------------------------------------------------

_RQF_LIKE = ("RQF", "FHEQ", "CQFW")
_EWNI = "England, Wales and Northern Ireland"


def level_map(
    level: int, framework: Framework = "RQF", target: Framework | None = None, claimed: int | None = None
) -> RuleAnswer:
    """The level(s) in `target` matching `level` (by default SCQF for the others, RQF for SCQF); with
    `claimed`, whether that level of `target` is the same (a yes/no)."""
    if not is_valid_level(framework, level):
        raise ValueError(f"level {level} does not exist in {framework}")
    if target is None:
        target = "RQF" if framework == "SCQF" else "SCQF"
    low, high = convert_level(level, framework, target)
    rqf = convert_level(level, framework, "RQF")[0]
    example = nr.LEVEL_EXAMPLES.get(rqf)
    notes: tuple[str, ...] = ()
    if framework != "SCQF" and target != "SCQF":
        reason = (
            f"{_level_words(level, framework, capital=True)} is {_level_words(level, target)} in all of "
            "England and Northern Ireland (RQF), Wales (CQFW) and university study (FHEQ), because they use "
            "the same numbers."
        )
    elif target == "SCQF":
        if low != high:
            reason = (
                f"{_level_words(level, framework, capital=True)} matches two Scottish levels, SCQF {low} and "
                f"SCQF {high}."
            )
            notes = (
                f"In Scotland an ordinary degree is SCQF {nr.SCQF_DEGREE_LEVELS['ordinary']} and an honours "
                f"degree is SCQF {nr.SCQF_DEGREE_LEVELS['honours']}.",
            )
            if level == 0:
                reason = (
                    f"Entry level in {_EWNI} matches SCQF levels {low} to {high} in Scotland, the first "
                    "steps on the Scottish scale."
                )
        else:
            start = _level_words(level, framework, capital=True)
            reason = f"{start} in {_EWNI} is SCQF level {low} in Scotland"
            reason += f", the level of {example}." if example else "."
    else:
        target_words = "Entry level" if low == 0 else f"level {low}"
        reason = f"SCQF level {level} in Scotland is {target_words} in {_EWNI}"
        reason += f", the level of {example}." if example else "."
    verdict: YesNo | None = None
    if claimed is not None:
        verdict = "yes" if low <= claimed <= high else "no"
        start = reason[0].lower() if reason.startswith(("Level", "Entry")) else reason[0]
        reason = f"{'Yes' if verdict == 'yes' else 'No'}: {start}{reason[1:]}"
    return RuleAnswer(
        kind="level_map",
        reason=reason,
        notes=notes,
        verdict=verdict,
        value=Quantity(low, f"{target} level", None if low == high else high),
        figures=(Figure(f"{framework} level", level, "level"), Figure(f"{target} level", low, "level"))
        + ((Figure(f"{target} level", high, "level"),) if high != low else ()),
        sources=nr.LEVEL_SOURCES,
    )


def _level_words(level: int, framework: str, capital: bool = False) -> str:
    if framework == "SCQF":
        return f"SCQF level {level}"
    if level == 0:
        return "Entry level"
    return f"{'Level' if capital else 'level'} {level}"


# --- award sizes ------------------------------------------------------------------------------------------


def national_award_size(key: str, nation: Nation | None = None) -> RuleAnswer | None:
    """The usual size of a kind of qualification ("hnc"); in both systems when no nation is given and the
    sizes differ. None when the reference has no figure for it."""
    ewni = nr.national_size(key, "ewni")
    scot = nr.national_size(key, "scotland")
    if nation == "Scotland":
        if scot is None:
            return None
        main, other = scot, None
    else:
        if ewni is None:
            return None
        main, other = ewni, (scot if nation is None else None)
    reason = f"{_a(main)} is {_size_words(main)} in {main.where}"
    if other is not None:
        reason += f", and {_size_words(other)} in {other.where}"
    reason += "."
    reason = reason[0].upper() + reason[1:]
    sizes = (main,) if other is None else (main, other)
    return RuleAnswer(
        kind="award_size",
        reason=reason,
        notes=_at_level_notes(*sizes),
        value=Quantity(main.credits, main.unit),
        figures=tuple(f for s in sizes for f in _size_figures(s)),
        sources=_merge(s.sources for s in sizes),
    )


def compare_award_sizes(key: str, nation: Nation, other_nation: Nation) -> RuleAnswer | None:
    """ "Is a Scottish HNC the same size as an English one?" -> no: 96 SCQF points vs 120 credits."""
    first = nr.national_size(key, _system(nation))
    second = nr.national_size(key, _system(other_nation))
    if first is None or second is None:
        return None
    if first == second:
        return dataclasses.replace(
            national_award_size(key, nation) or _never(),
            verdict="yes",
            reason=(
                f"Yes: {nation} and {other_nation} use the same sizes, and {_a(first)} is "
                f"{_size_words(first)}."
            ),
        )
    same = first.credits == second.credits
    verdict: YesNo = "yes" if same else "no"
    reason = (
        f"{'Yes' if same else 'No'}: {_a(first, nation)} is {_size_words(first)}, "
        f"{'and' if same else 'while'} {_a(second, other_nation)} is {_size_words(second)}"
        + (", the same amount of learning." if same else ".")
    )
    return RuleAnswer(
        kind="award_size",
        reason=reason,
        notes=_at_level_notes(first, second),
        verdict=verdict,
        value=Quantity(first.credits, first.unit),
        figures=_size_figures(first) + _size_figures(second),
        sources=_merge((first.sources, second.sources)),
    )


def award_size(award: Award) -> RuleAnswer:
    """The size of a catalogue award, from its own record, beside the usual size of its kind."""
    unit = "SCQF credit points" if award.level_framework == "SCQF" else "credits"
    hours = award.credits * nr.HOURS_PER_CREDIT
    level_words = _level_words(award.level, award.level_framework)
    reason = f"The {award.title} is {_n(award.credits)} {unit} at {level_words}"
    at_level = _top_level_rule(award)
    if at_level is not None:
        need, lvl = at_level
        if need < award.credits:
            reason += (
                f", with at least {_n(need)} {unit} at {_level_words(lvl, award.level_framework)} or above"
            )
    usual = _usual_size(award)
    figures = [
        Figure("award credits", award.credits, unit),
        Figure("award level", award.level, "level"),
        Figure("hours", hours, "hours"),
    ]
    sources: tuple[str, ...] = ()
    if usual is not None:
        if usual.credits == award.credits:
            reason += f", the usual size for {_a(usual)}"
        else:
            reason += f", while {_a(usual)} in {usual.where} is usually {_n(usual.credits)} {usual.unit}"
        figures.append(Figure(f"usual {usual.short} credits", usual.credits, usual.unit))
        sources = usual.sources
    if at_level is not None:
        figures.append(Figure("credits at level", at_level[0], unit))
    return RuleAnswer(
        kind="award_size",
        reason=reason + ".",
        notes=(f"That is about {_n(hours)} hours of learning.",),
        value=Quantity(award.credits, unit),
        figures=tuple(figures),
        sources=sources,
        records=(RecordRef("award", award.id),),
        basis="catalogue" if usual is None else "catalogue+national",
    )


# --- degree equivalence -----------------------------------------------------------------------------------

_SUB_DEGREE = ("hnc", "hnd", "certhe", "diphe", "foundation_degree")


def degree_equivalence(keys: Sequence[str], nation: Nation | None = None) -> RuleAnswer | None:
    """Is an HNC + HND a degree? No: 240 credits; an honours degree needs a 120-credit level 6 top-up."""
    kinds = [k for k in dict.fromkeys(keys) if k in _SUB_DEGREE]
    if not kinds:
        return None
    if nation == "Scotland":
        return _scottish_degree_equivalence(kinds)
    sizes = [s for k in kinds if (s := nr.national_size(k, "ewni")) is not None]
    honours = nr.national_size("honours_degree", "ewni")
    assert honours is not None
    # Stacked awards: the smaller one's credits count inside the bigger one, so the total is the biggest.
    biggest = max(sizes, key=lambda s: s.credits)
    total = biggest.credits
    still = honours.credits - total
    names = " and ".join(_a(s) for s in sizes)
    notes: tuple[str, ...] = ()
    if len(sizes) > 1:
        inner = min(sizes, key=lambda s: s.credits)
        what = f"{names} make {_n(total)} credits"
        notes = (
            f"The {inner.short}'s {_n(inner.credits)} credits count inside the {biggest.short}'s "
            f"{_n(total)}.",
        )
    else:
        what = f"{names} is {_n(total)} credits"
    if still == nr.TOP_UP_CREDITS:
        need = f"so you need a {_n(still)}-credit top-up at level {nr.TOP_UP_LEVEL}"
    else:
        need = f"so you need {_n(still)} more credits, up to level {nr.TOP_UP_LEVEL}"
    prefix = "No, not a bachelor's degree" if kinds == ["foundation_degree"] else "No"
    reason = f"{prefix}: {what}, an honours degree is {_n(honours.credits)}, {need}."
    return RuleAnswer(
        kind="degree_equivalence",
        reason=reason[0].upper() + reason[1:],
        notes=notes,
        verdict="no",
        value=Quantity(total, "credits"),
        figures=(
            Figure("credits so far", total, "credits"),
            Figure("honours degree credits", honours.credits, "credits"),
            Figure("top-up credits", still, "credits"),
            Figure("top-up level", nr.TOP_UP_LEVEL, "level"),
        ),
        sources=nr.DEGREE_SOURCES,
    )


def _scottish_degree_equivalence(kinds: Sequence[str]) -> RuleAnswer | None:
    sizes = [s for k in kinds if (s := nr.national_size(k, "scotland")) is not None]
    ordinary = nr.national_size("ordinary_degree", "scotland")
    honours = nr.national_size("honours_degree", "scotland")
    if not sizes or ordinary is None or honours is None:
        return None
    biggest = max(sizes, key=lambda s: s.credits)
    reason = (
        f"No: a Scottish {biggest.short} is {_n(biggest.credits)} SCQF credit points, and a Scottish honours "
        f"degree is {_n(honours.credits)}."
    )
    return RuleAnswer(
        kind="degree_equivalence",
        reason=reason,
        notes=(f"An ordinary degree in Scotland is {_n(ordinary.credits)} points.",),
        verdict="no",
        value=Quantity(biggest.credits, biggest.unit),
        figures=_size_figures(biggest) + _size_figures(ordinary) + _size_figures(honours),
        sources=_merge(s.sources for s in (biggest, ordinary, honours)),
    )


# --- recognition of prior learning -------------------------------------------------------------------------

_RPL_WORDS = "recognition of prior learning (RPL)"
_RPL_MEANS = "RPL means credit for what you already know, from earlier courses or from work."


def rpl_cap(award: Award | None = None) -> RuleAnswer:
    """The most RPL credits `award` accepts, floor(rpl_max_fraction x credits); without an award, the national
    position (no national cap: each college decides)."""
    if award is None:
        return RuleAnswer(
            kind="rpl_cap",
            reason=f"There is no national limit on {_RPL_WORDS}: each college sets its own.",
            notes=(
                f"For example, {nr.RPL_EXAMPLE_PLACE} allows at most {nr.RPL_EXAMPLE_SHARE} of an award.",
                _RPL_MEANS,
            ),
            sources=nr.RPL_SOURCES,
        )
    cap = award.rpl_cap
    unit = "SCQF credit points" if award.level_framework == "SCQF" else "credits"
    if cap == 0:
        reason = f"The {award.title} does not accept any credit from {_RPL_WORDS}."
    else:
        reason = (
            f"You can count at most {_n(cap)} of the {_n(award.credits)} {unit} of the {award.title} from "
            f"{_RPL_WORDS}."
        )
    return RuleAnswer(
        kind="rpl_cap",
        reason=reason,
        notes=(_RPL_MEANS, "It never replaces the courses the award requires."),
        value=Quantity(cap, unit),
        figures=(
            Figure("RPL limit", cap, unit),
            Figure("award credits", award.credits, unit),
            Figure("RPL share", award.rpl_max_fraction, "fraction"),
        ),
        sources=("S3",),
        records=(RecordRef("award", award.id),),
        basis="catalogue",
    )


def whole_award_by_rpl(award: Award | None = None) -> RuleAnswer:
    """ "Can I get a whole award by RPL?" -> no (the award's own limit, or institutional caps)."""
    if award is None:
        return RuleAnswer(
            kind="trap",
            trap=10,
            reason=(
                f"No: every college limits {_RPL_WORDS}, for example to {nr.RPL_EXAMPLE_SHARE} of an award "
                f"at {nr.RPL_EXAMPLE_PLACE}."
            ),
            notes=(_RPL_MEANS,),
            verdict="no",
            sources=nr.RPL_SOURCES,
        )
    cap = award.rpl_cap
    unit = "SCQF credit points" if award.level_framework == "SCQF" else "credits"
    whole = cap >= award.credits and not award.required and not award.choose
    reason = (
        f"No: the {award.title} lets you count at most {_n(cap)} of its {_n(award.credits)} {unit} from "
        f"{_RPL_WORDS}."
    )
    if whole:
        reason = (
            f"Possibly: the {award.title} lets you count up to {_n(cap)} of its {_n(award.credits)} {unit} "
            "through recognition of prior learning (RPL), so check with an advisor."
        )
    return RuleAnswer(
        kind="trap",
        trap=10,
        reason=reason,
        notes=(_RPL_MEANS,),
        verdict="depends" if whole else "no",
        value=Quantity(cap, unit),
        figures=(Figure("RPL limit", cap, unit), Figure("award credits", award.credits, unit)),
        sources=nr.RPL_SOURCES,
        records=(RecordRef("award", award.id),),
        basis="catalogue",
    )


# --- funding schemes --------------------------------------------------------------------------------------

_KIND_WORDS: dict[str, str] = {
    "loan": "a loan, so you pay it back later",
    "grant": "a grant, so you do not pay it back",
    "fully_funded": "fully funded, so you pay nothing back",
    "co_funding": "co-funding, so it pays part and the employer pays the rest",
    "levy": "paid from an employer's apprenticeship levy funds",
    "discount": "a discount on the fee, so you pay nothing back",
}


def scheme_kind(scheme: Scheme, asked: AskedKind | None = None) -> RuleAnswer:
    """Whether a scheme is a loan or a grant (its `kind`), what it pays and for whom, from its record."""
    pays = _covers_words(scheme)
    who = _who_words(scheme)
    kind_words = _KIND_WORDS[scheme.kind]
    name, verb, it, pay = _scheme_subject(scheme)
    notes = (f"{it[0].upper()}{it[1:]} {pay} {pays}, {who}.",)
    verdict: YesNo | None = None
    if asked is None:
        reason = f"{name[0].upper()}{name[1:]} {verb} {kind_words}."
    elif asked == scheme.kind:
        verdict = "yes"
        reason = f"Yes: {name} {verb} {kind_words}."
    else:
        verdict = "no"
        if asked == "grant" and scheme.kind in ("fully_funded", "discount"):
            reason = f"No, not a grant as such: {name} {verb} {kind_words}."
        else:
            reason = f"No: {name} {verb} not a {asked}: {it} {verb} {kind_words}."
    figures = tuple(
        Figure(name, float(amount), unit)
        for name, amount, unit in (
            ("percent of fee", scheme.covers.percent_of_fee, "%"),
            ("amount", scheme.covers.amount_gbp, "GBP"),
            ("most it pays", scheme.covers.max_gbp, "GBP"),
            ("percent of market rate", scheme.covers.percent_of_market_rate, "%"),
        )
        if amount is not None
    )
    return RuleAnswer(
        kind="scheme_kind",
        reason=reason,
        notes=notes,
        verdict=verdict,
        figures=figures,
        records=(RecordRef("scheme", scheme.id),),
        basis="catalogue",
        caution=scheme.check_with_advisor,
    )


def _scheme_subject(scheme: Scheme) -> tuple[str, str, str, str]:
    """How to name a scheme in a sentence: ("the Lifelong Learning Entitlement (LLE)", "is", "it", "pays")
    or, for a plural name, ("Free Courses for Jobs", "are", "they", "pay")."""
    head = re.split(r"\s+(?:for|–|-|\()\s*", scheme.name, maxsplit=1)[0].split()
    plural = bool(head) and head[-1].lower().endswith("s") and not head[-1].lower().endswith(("ss", "us"))
    if plural:
        return scheme.name, "are", "they", "pay"
    return f"the {scheme.name}", "is", "it", "pays"


def _covers_words(scheme: Scheme) -> str:
    covers = scheme.covers
    if covers.amount_unknown and covers.max_gbp is not None:
        return f"up to {_gbp(covers.max_gbp)}, an amount it sets for each case"
    if covers.amount_unknown and not scheme.covers_when:
        return "an amount it sets for each case"
    if scheme.covers_when:
        base = _plain_covers(covers.percent_of_fee, covers.amount_gbp, covers.max_gbp)
        return f"{base}, depending on the case" if base else "an amount that depends on the case"
    return _plain_covers(covers.percent_of_fee, covers.amount_gbp, covers.max_gbp) or "an amount it sets"


def _plain_covers(percent: float | None, amount: float | None, most: float | None) -> str:
    parts: list[str] = []
    if percent is not None:
        parts.append("the whole fee" if percent >= 100 else f"{_n(percent)}% of the fee")
    if amount is not None:
        parts.append(_gbp(amount))
    if most is not None:
        parts.append(f"up to {_gbp(most)}")
    return ", ".join(parts)


def _who_words(scheme: Scheme) -> str:
    where = _and_list(list(scheme.nations))
    return f"for {'employers' if scheme.audience == 'employer' else 'learners'} in {where}"


def find_scheme(catalogue: Catalogue, key: str) -> Scheme | None:
    """The catalogue's record of a national scheme (a `national_rules.SCHEME_NAMES` key): by id, else by
    name."""
    if key in catalogue.schemes:
        return catalogue.schemes[key]
    name = nr.SCHEME_NAMES.get(key)
    if name is None:
        return None
    for scheme in catalogue.schemes.values():
        if name in scheme.name.lower().replace("–", "-"):
            return scheme
    return None


# --- definitions ------------------------------------------------------------------------------------------


def definition(term: str, catalogue: Catalogue | None = None) -> RuleAnswer | None:
    """What a term means ("micro-credential", "ects", "rpl", "scqf" ...), cited to the catalogue's guide on it
    when the catalogue has that guide."""
    entry = nr.DEFINITIONS.get(term)
    if entry is None:
        return None
    answer = RuleAnswer(kind="definition", reason=entry.sentence, notes=entry.notes, sources=entry.sources)
    if catalogue is not None and entry.guide_id in catalogue.guides:
        guide = catalogue.guides[entry.guide_id]
        passage = pick_passage(term.replace("-", " "), [guide], topic=entry.sentence)
        answer = dataclasses.replace(
            answer, records=(RecordRef("guide", guide.id),), basis="catalogue+national"
        )
        answer = answer.with_passage(passage)
    return answer


# --- probing a scheme's rule ------------------------------------------------------------------------------


def _probe(
    scheme: Scheme,
    learner: Mapping[str, Any] | None = None,
    employer: Mapping[str, Any] | None = None,
    course: Mapping[str, Any] | None = None,
) -> Status:
    """The scheme's verdict on the facts a question states, every other fact unknown."""
    partial = None
    if course:
        # Every course field unknown except those given: the evaluator reads None as "not known".
        values: dict[str, Any] = {name: None for name in Course.model_fields} | dict(course)
        partial = Course.model_construct(**values)
    verdict = evaluate(
        scheme,
        LearnerFacts.model_validate(dict(learner or {})),
        EmployerFacts.model_validate(dict(employer or {})),
        partial,
    )
    return verdict.status


def _leaves(node: Condition, field_name: str) -> list[Leaf]:
    """The leaves of a condition on `field_name` (outside any `not`)."""
    if isinstance(node, Leaf):
        return [node] if node.field == field_name else []
    if isinstance(node, AllOf):
        return [leaf for child in node.all for leaf in _leaves(child, field_name)]
    if isinstance(node, AnyOf):
        return [leaf for child in node.any for leaf in _leaves(child, field_name)]
    return []


def _minimum(scheme: Scheme | None, field_name: str) -> float | None:
    """The lowest value `field_name` may take under the scheme's rule (a `ge`/`gt` leaf)."""
    for leaf in _leaves(scheme.when, field_name) if scheme else []:
        if leaf.op == "ge" and _is_number(leaf.value):
            return float(leaf.value)
        if leaf.op == "gt" and _is_number(leaf.value):
            return float(leaf.value) + 1
    return None


def _maximum(scheme: Scheme | None, field_name: str) -> float | None:
    """The highest value `field_name` may take under the scheme's rule (a `le`/`lt` leaf)."""
    for leaf in _leaves(scheme.when, field_name) if scheme else []:
        if leaf.op == "le" and _is_number(leaf.value):
            return float(leaf.value)
        if leaf.op == "lt" and _is_number(leaf.value):
            return float(leaf.value) - 1
    return None


def _under(scheme: Scheme | None, field_name: str) -> float | None:
    """X in a rule "`field_name` under X" (an `lt` leaf)."""
    for leaf in _leaves(scheme.when, field_name) if scheme else []:
        if leaf.op == "lt" and _is_number(leaf.value):
            return float(leaf.value)
    return None


def _between(scheme: Scheme | None, field_name: str) -> tuple[float, float] | None:
    for leaf in _leaves(scheme.when, field_name) if scheme else []:
        if leaf.op == "between" and isinstance(leaf.value, list | tuple) and len(leaf.value) == 2:
            return float(leaf.value[0]), float(leaf.value[1])
    return None


def _allowed(scheme: Scheme | None, field_name: str) -> tuple[str, ...] | None:
    for leaf in _leaves(scheme.when, field_name) if scheme else []:
        if leaf.op == "in" and isinstance(leaf.value, list | tuple):
            return tuple(str(v) for v in leaf.value)
        if leaf.op == "eq":
            return (str(leaf.value),)
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# --- the trap questions -----------------------------------------------------------------------------------

_LLE = "the Lifelong Learning Entitlement (LLE)"


def lle_module(catalogue: Catalogue, credits: float | None, level: int | None = None) -> RuleAnswer:
    """Traps 1 and 17: can an LLE loan pay for a module of this size (and level)? Read from the catalogue's
    LLE rule (its credits and level leaves), else the national rule (>= 30 credits, levels 4 to 6)."""
    scheme = find_scheme(catalogue, "lle")
    minimum = _minimum(scheme, "course.credits")
    levels = _between(scheme, "course.level")
    from_catalogue = minimum is not None
    minimum = minimum if minimum is not None else float(nr.LLE_MIN_MODULE_CREDITS)
    low, high = levels if levels is not None else (float(nr.LLE_LEVELS[0]), float(nr.LLE_LEVELS[1]))
    course: dict[str, Any] = {}
    if credits is not None:
        course["credits"] = credits
    if level is not None:
        course["level"], course["level_framework"] = level, "FHEQ"
    if scheme is not None and course:
        status = _probe(scheme, course=course)
    elif (credits is not None and credits < minimum) or (level is not None and not low <= level <= high):
        status = NOT_ELIGIBLE
    else:
        status = "unknown"
    figures = [Figure("minimum module credits", minimum, "credits")]
    notes: tuple[str, ...] = ()
    outside = level is not None and not low <= level <= high
    if credits is not None and credits < minimum:
        verdict: YesNo = "no"
        reason = (
            f"No: {_LLE} only pays for modules of at least {_n(minimum)} credits, so a {_n(credits)}-credit "
            "course is too small."
        )
        trap = 1
    elif outside:
        verdict, trap = "no", 5
        reason = (
            f"No: {_LLE} pays for modules at levels {_n(low)} to {_n(high)}, and this one is level {level}."
        )
        notes = (f"Above level {_n(high)} it only covers full {nr.LLE_LEVEL_7_EXCEPTIONS}.",)
    elif status == NOT_ELIGIBLE:
        verdict, trap = "no", 1
        reason = f"No: this module does not meet the rules of {_LLE}."
    else:
        verdict, trap = "depends", 17
        reason = (
            f"Possibly: {_LLE} pays for level {_n(low)} to {_n(high)} modules of degrees in priority "
            f"subjects, at any of those levels, if they are at least {_n(minimum)} credits."
        )
        notes = (
            "The module must be part of an approved course, such as a degree in a priority subject or a "
            "Higher Technical Qualification.",
        )
    if credits is not None:
        figures.append(Figure("module credits", credits, "credits"))
    if level is not None:
        figures.append(Figure("module level", level, "level"))
    figures += [Figure("lowest level", low, "level"), Figure("highest level", high, "level")]
    return RuleAnswer(
        kind="trap",
        trap=trap,
        reason=reason,
        notes=notes,
        verdict=verdict,
        value=Quantity(minimum, "credits"),
        figures=tuple(figures),
        sources=_merge((nr.LLE_SOURCES["module_size"], nr.LLE_SOURCES["levels"])),
        records=_scheme_refs(scheme),
        basis=_basis(from_catalogue, verdict == "depends"),
        caution="Check with the college that the module is approved for the LLE."
        if verdict == "depends"
        else None,
    )


def lle_any_degree_module(catalogue: Catalogue) -> RuleAnswer:
    """Trap 2: one 30-credit module of any degree on the LLE? No: only designated modules."""
    scheme = find_scheme(catalogue, "lle")
    minimum = _minimum(scheme, "course.credits") or float(nr.LLE_MIN_MODULE_CREDITS)
    low, high = _between(scheme, "course.level") or (float(nr.LLE_LEVELS[0]), float(nr.LLE_LEVELS[1]))
    return RuleAnswer(
        kind="trap",
        trap=2,
        reason=f"No: {_LLE} only pays for some modules, and each must be at least {_n(minimum)} credits.",
        notes=(
            f"It pays for modules of Higher Technical Qualifications and for level {_n(low)} to {_n(high)} "
            "modules of degrees in priority subjects.",
        ),
        verdict="no",
        value=Quantity(minimum, "credits"),
        figures=(Figure("minimum module credits", minimum, "credits"),),
        sources=nr.LLE_SOURCES["modules"],
        records=_scheme_refs(scheme),
        basis=_basis(scheme is not None, True),
    )


def lle_start(catalogue: Catalogue, start: dt.date | None) -> RuleAnswer:
    """Trap 3: the LLE pays for courses starting on or after 1 January 2027."""
    first = nr.LLE_FIRST_START
    scheme = find_scheme(catalogue, "lle")
    when = f"{first.day} {first:%B %Y}"
    verdict: YesNo | None
    if start is None:
        verdict = None
        reason = f"{_LLE[0].upper()}{_LLE[1:]} pays for courses and modules that start on or after {when}."
    elif start < first:
        verdict = "no"
        reason = (
            f"No: {_LLE} only pays for courses that start on or after {when}, so {start:%B %Y} is too early."
        )
    else:
        verdict = "yes"
        reason = f"Yes: {_LLE} pays for courses that start on or after {when}, if its other rules are met."
    figures = [Figure("first start date", first)]
    if start is not None:
        figures.append(Figure("start date", start))
    return RuleAnswer(
        kind="trap",
        trap=3,
        reason=reason,
        verdict=verdict,
        figures=tuple(figures),
        sources=nr.LLE_SOURCES["start"],
        records=_scheme_refs(scheme),
    )


def lle_age(catalogue: Catalogue, age: int | None) -> RuleAnswer:
    """Trap 4: no LLE tuition loan for anyone over 60 at the start. The limit comes from the catalogue's LLE
    rule when it has one."""
    scheme = find_scheme(catalogue, "lle")
    limit = _maximum(scheme, "learner.age")
    from_catalogue = limit is not None
    limit = limit if limit is not None else float(nr.LLE_MAX_AGE)
    status = _probe(scheme, learner={"age": age}) if scheme is not None and age is not None else None
    notes: tuple[str, ...] = ()
    verdict: YesNo | None
    if age is None:
        verdict = None
        reason = (
            f"You can get a tuition loan from {_LLE} only if you are {_n(limit)} or under when the course "
            "starts."
        )
    elif status == NOT_ELIGIBLE or (status is None and age > limit):
        verdict = "no"
        reason = f"No: {_LLE} gives no tuition loan to anyone over {_n(limit)} when the course starts."
        notes = ("A loan for living costs may still be possible.",)
    else:
        verdict = "yes"
        reason = (
            f"Yes: at {age} you can still get a tuition loan from {_LLE}, because the limit is {_n(limit)} "
            "or under when the course starts."
        )
    figures = [Figure("oldest age at start", limit, "years")]
    if age is not None:
        figures.append(Figure("age", age, "years"))
    return RuleAnswer(
        kind="trap",
        trap=4,
        reason=reason,
        notes=notes,
        verdict=verdict,
        value=Quantity(limit, "years of age"),
        figures=tuple(figures),
        sources=nr.LLE_SOURCES["age"],
        records=_scheme_refs(scheme),
        basis=_basis(from_catalogue, False),
    )


def lle_postgraduate(catalogue: Catalogue, key: str | None = "pgcert") -> RuleAnswer:
    """Trap 5: no LLE for a PgCert or master's (levels 4 to 6, plus PGCE, integrated master's and
    postgraduate healthcare courses)."""
    scheme = find_scheme(catalogue, "lle")
    levels = _between(scheme, "course.level")
    low, high = levels if levels is not None else (float(nr.LLE_LEVELS[0]), float(nr.LLE_LEVELS[1]))
    size = nr.national_size(key, "ewni") if key else None
    what = f"{_a(size)} is level {size.level}" if size is not None else "postgraduate courses are level 7"
    reason = f"No: {_LLE} pays for levels {_n(low)} to {_n(high)}, and {what}."
    return RuleAnswer(
        kind="trap",
        trap=5,
        reason=reason,
        notes=(f"The only level 7 courses it covers are {nr.LLE_LEVEL_7_EXCEPTIONS}.",),
        verdict="no",
        value=Quantity(low, "level", high),
        figures=(Figure("lowest level", low, "level"), Figure("highest level", high, "level")),
        sources=nr.LLE_SOURCES["levels"],
        records=_scheme_refs(scheme),
        basis=_basis(levels is not None, True),
    )


def lle_second_degree(catalogue: Catalogue) -> RuleAnswer:
    """Trap 6: a second degree on the LLE? Yes (the ELQ rule is gone), from what is left of the
    entitlement."""
    scheme = find_scheme(catalogue, "lle")
    return RuleAnswer(
        kind="trap",
        trap=6,
        reason=f"Yes: you can use {_LLE} for a second degree, but only what is left of your entitlement.",
        notes=("The old rule against a second degree at the same level has been removed.",),
        verdict="yes",
        sources=nr.LLE_SOURCES["second_degree"],
        records=_scheme_refs(scheme),
        caution="An advisor can check how much of your entitlement is left after earlier student finance.",
    )


def free_first_level_3(
    catalogue: Catalogue,
    age: int | None,
    income_gbp: float | None,
    employment_status: str | None = None,
) -> RuleAnswer:
    """Trap 7: is a first level 3 free? The free first level 3 (ages 19 to 23) and Free Courses for Jobs
    (unemployed or under the low-wage threshold) are probed from the catalogue's rules; otherwise an Advanced
    Learner Loan may pay."""
    if employment_status is None and income_gbp is not None and income_gbp > 0:
        employment_status = "employed"  # someone who states a wage is in work
    first = find_scheme(catalogue, "asf-first-level-3")
    fcfj = find_scheme(catalogue, "free-courses-for-jobs")
    loan = find_scheme(catalogue, "advanced-learner-loan")
    ages = _between(first, "learner.age")
    threshold = _under(fcfj, "learner.annual_income_gbp")
    from_catalogue = ages is not None or threshold is not None
    lo, hi = ages if ages is not None else (float(nr.FIRST_LEVEL_3_AGES[0]), float(nr.FIRST_LEVEL_3_AGES[1]))
    threshold = threshold if threshold is not None else float(nr.LOW_WAGE_THRESHOLD_GBP)
    learner = {
        k: v
        for k, v in (
            ("age", age),
            ("annual_income_gbp", income_gbp),
            ("employment_status", employment_status),
        )
        if v is not None
    }
    course = {"level": 3, "level_framework": "RQF"}

    def status(scheme: Scheme | None, national: Callable[[], Status]) -> Status:
        return _probe(scheme, learner=learner, course=course) if scheme is not None else national()

    first_status = status(
        first, lambda: "unknown" if age is None else ("unknown" if lo <= age <= hi else NOT_ELIGIBLE)
    )
    fcfj_status = status(fcfj, lambda: _national_fcfj(employment_status, income_gbp, threshold))
    figures = [
        Figure("youngest age for a free first level 3", lo, "years"),
        Figure("oldest age for a free first level 3", hi, "years"),
        Figure("low-wage threshold", threshold, "GBP"),
    ]
    if age is not None:
        figures.append(Figure("age", age, "years"))
    if income_gbp is not None:
        figures.append(Figure("income", income_gbp, "GBP"))
    verdict: YesNo
    notes: tuple[str, ...] = ()
    if first_status == NOT_ELIGIBLE and fcfj_status == NOT_ELIGIBLE:
        verdict = "no"
        reason = (
            f"No: a free first level 3 is only for ages {_n(lo)} to {_n(hi)}, and Free Courses for Jobs "
            f"needs you out of work or earning under {_gbp(threshold)}."
        )
        notes = ("An Advanced Learner Loan may pay for it instead.",)
    else:
        verdict = "depends"
        options = []
        if first_status != NOT_ELIGIBLE:
            options.append(f"a first full level 3 is free at ages {_n(lo)} to {_n(hi)}")
        if fcfj_status != NOT_ELIGIBLE:
            options.append(
                f"Free Courses for Jobs is for people out of work or earning under {_gbp(threshold)}"
            )
        reason = f"Possibly: {', and '.join(options)}."
    return RuleAnswer(
        kind="trap",
        trap=7,
        reason=reason,
        notes=notes,
        verdict=verdict,
        value=Quantity(threshold, "GBP"),
        figures=tuple(figures),
        sources=nr.FREE_LEVEL_3_SOURCES,
        records=_scheme_refs(first, fcfj, loan),
        basis=_basis(from_catalogue, not from_catalogue),
        caution=nr.DEVOLVED_CAUTION,
    )


def _national_fcfj(employment_status: str | None, income: float | None, threshold: float) -> Status:
    if employment_status == "unemployed" or (income is not None and income < threshold):
        return "unknown"  # the course must still be on the list
    if employment_status is not None and income is not None:
        return NOT_ELIGIBLE
    return "unknown"


def pgcert_at_level(catalogue: Catalogue, level: int | None = 6, award: Award | None = None) -> RuleAnswer:
    """Trap 9: a PgCert made only of level `level` courses? No below level 7: at least 40 of its 60 credits
    must be at level 7. Read from the catalogue's PgCert when it has one."""
    if award is None:
        award = next((a for a in catalogue.awards.values() if a.short.lower() == "pgcert"), None)
    rule = _top_level_rule(award) if award is not None else None
    if award is not None and rule is not None:
        total, (need, top), framework = award.credits, rule, award.level_framework
    else:
        size = nr.national_size("pgcert", "ewni")
        assert size is not None and size.min_at_level is not None
        total, (need, top), framework, award = size.credits, size.min_at_level, size.framework, None
    top_words = _level_words(top, framework)
    verdict: YesNo | None
    if level is None:
        verdict = None
        reason = (
            f"A PgCert is {_n(total)} credits, and at least {_n(need)} of them must be at {top_words} "
            "(master's level)."
        )
    else:
        reaches = convert_level(level, "RQF", framework)[1] >= top if is_valid_level("RQF", level) else False
        if reaches:
            verdict = "yes"
            reason = (
                f"Yes: a PgCert needs at least {_n(need)} of its {_n(total)} credits at {top_words}, and "
                f"level {level} courses meet that."
            )
        else:
            verdict = "no"
            reason = (
                f"No: a PgCert is {_n(total)} credits, and at least {_n(need)} must be at {top_words} "
                "(master's level)."
            )
    return RuleAnswer(
        kind="trap",
        trap=9,
        reason=reason,
        verdict=verdict,
        value=Quantity(need, "credits"),
        figures=(
            Figure("PgCert credits", total, "credits"),
            Figure("credits at level 7", need, "credits"),
            Figure("level", top, "level"),
        ),
        sources=("S2",),
        records=(RecordRef("award", award.id),) if award is not None else (),
        basis="catalogue" if award is not None else "national",
    )


def apprentice_employer_share(age: int | None, claimed_percent: float | None = None) -> RuleAnswer:
    """Trap 13: from August 2026 an employer that does not pay the levy pays nothing for apprentices aged 16
    to 24; for 25 and over it is not confirmed."""
    lo, hi = nr.NON_LEVY_FREE_APPRENTICE_AGES
    claim = f", not {_n(claimed_percent)}%" if claimed_percent else ""
    verdict: YesNo | None
    if age is None:
        verdict = None
        reason = (
            f"From August 2026 an employer that does not pay the apprenticeship levy pays nothing for an "
            f"apprentice aged {lo} to {hi}."
        )
    elif lo <= age <= hi:
        verdict = "no" if claimed_percent else "yes"
        lead = "No" if claimed_percent else "Yes, it is free"
        reason = (
            f"{lead}: from August 2026 an employer that does not pay the apprenticeship levy pays nothing "
            f"for an apprentice aged {lo} to {hi}{claim}."
        )
    else:
        verdict = "depends"
        reason = (
            f"It depends: what an employer that does not pay the apprenticeship levy pays for an apprentice "
            f"aged {hi + 1} or over is not confirmed, so check with an advisor."
        )
    figures = [
        Figure("employer share", 0, "%"),
        Figure("youngest age", lo, "years"),
        Figure("oldest age", hi, "years"),
    ]
    if claimed_percent is not None:
        figures.append(Figure("claimed share", claimed_percent, "%"))
    return RuleAnswer(
        kind="trap",
        trap=13,
        reason=reason,
        verdict=verdict,
        value=Quantity(0, "%"),
        figures=tuple(figures),
        sources=nr.APPRENTICE_SOURCES,
    )


def citb_first_aid(catalogue: Catalogue) -> RuleAnswer:
    """Trap 14: CITB funds no first aid courses since 8 January 2026."""
    scheme = find_scheme(catalogue, "citb-short-course-grant")
    day = nr.CITB_CHANGE_DATE
    return RuleAnswer(
        kind="trap",
        trap=14,
        reason=f"No: since {day.day} {day:%B %Y} CITB gives no grants for first aid courses.",
        notes=(f"Its short-course grants are now only for {nr.CITB_SHORT_COURSE_KINDS} courses.",),
        verdict="no",
        figures=(Figure("date of the change", day),),
        sources=nr.CITB_FIRST_AID_SOURCES,
        records=_scheme_refs(scheme),
    )


def pla_for(catalogue: Catalogue, employment_status: str | None = "unemployed") -> RuleAnswer:
    """Trap 15: the Welsh PLA is only for people in work. Read from the catalogue's PLA rule."""
    scheme = find_scheme(catalogue, "wales-pla")
    allowed = _allowed(scheme, "learner.employment_status")
    from_catalogue = allowed is not None
    allowed = allowed or nr.PLA_WORK_STATUSES
    name = "the Personal Learning Account (PLA) in Wales"
    who = _or_list([_status_words(s) for s in allowed])
    verdict: YesNo | None
    if employment_status is None:
        verdict = None
        reason = f"{name[0].upper()}{name[1:]} is only for people who are {who}."
    else:
        status = (
            _probe(scheme, learner={"employment_status": employment_status, "nation": "Wales"})
            if scheme is not None
            else (NOT_ELIGIBLE if employment_status not in allowed else "unknown")
        )
        if status == NOT_ELIGIBLE:
            verdict = "no"
            reason = f"No: {name} is only for people who are {who}."
        else:
            verdict = "depends"
            reason = f"Possibly: {name} is for people who are {who}, and other rules, such as pay, apply."
    return RuleAnswer(
        kind="trap",
        trap=15,
        reason=reason,
        verdict=verdict,
        sources=nr.PLA_SOURCES,
        records=_scheme_refs(scheme),
        basis=_basis(from_catalogue, False),
    )


def citb_600_for_short_course(catalogue: Catalogue) -> RuleAnswer:
    """Trap 16: CITB's £600 is the achievement grant for long qualifications, not for a one-day plant
    course."""
    grant = find_scheme(catalogue, "citb-achievement-grant")
    short = find_scheme(catalogue, "citb-short-course-grant")
    amount = grant.covers.amount_gbp if grant is not None and grant.covers.amount_gbp else None
    from_catalogue = amount is not None
    amount = amount if amount is not None else float(nr.CITB_ACHIEVEMENT_GRANT_GBP)
    return RuleAnswer(
        kind="trap",
        trap=16,
        reason=(
            f"No: CITB's {_gbp(amount)} grant is for long qualifications such as NVQs, not a one-day plant "
            "course."
        ),
        notes=("Plant courses have their own short-course grants.",),
        verdict="no",
        value=Quantity(amount, "GBP"),
        figures=(Figure("achievement grant", amount, "GBP"),),
        sources=nr.CITB_ACHIEVEMENT_SOURCES,
        records=_scheme_refs(grant, short),
        basis=_basis(from_catalogue, True),
    )


def citb_employer_network(catalogue: Catalogue, staff: int | None) -> RuleAnswer:
    """Trap 18: CITB Employer Networks are for employers with 1 to 249 staff; larger ones use the Large
    Employer Fund. Read from the catalogue's scheme rules."""
    network = find_scheme(catalogue, "citb-employer-network")
    large = find_scheme(catalogue, "citb-large-employer-fund")
    most = _maximum(network, "employer.size")
    from_catalogue = most is not None
    most = most if most is not None else float(nr.CITB_NETWORK_MAX_STAFF)
    fund = large.covers.max_gbp if large is not None and large.covers.max_gbp else None
    fund = fund if fund is not None else float(nr.CITB_LARGE_EMPLOYER_FUND_GBP)
    figures = [Figure("most staff", most, "staff"), Figure("Large Employer Fund", fund, "GBP")]
    notes: tuple[str, ...] = ()
    verdict: YesNo | None
    if staff is None:
        verdict = None
        reason = (
            f"CITB Employer Networks are only for employers with 1 to {_n(most)} staff; larger employers can "
            f"use CITB's Large Employer Fund, of up to {_gbp(fund)} each."
        )
    else:
        figures.append(Figure("staff", staff, "staff"))
        status = (
            _probe(network, employer={"size": staff})
            if network is not None
            else (NOT_ELIGIBLE if staff > most else "unknown")
        )
        if status == NOT_ELIGIBLE:
            verdict = "no"
            reason = f"No: CITB Employer Networks are only for employers with 1 to {_n(most)} staff."
            notes = (f"A firm of {staff} can use CITB's Large Employer Fund instead, of up to {_gbp(fund)}.",)
        else:
            verdict = "depends"
            reason = (
                f"Possibly: CITB Employer Networks are for employers with 1 to {_n(most)} staff, so a firm "
                f"of {staff} can use one if it is registered with CITB and the training is approved."
            )
    return RuleAnswer(
        kind="trap",
        trap=18,
        reason=reason,
        notes=notes,
        verdict=verdict,
        value=Quantity(most, "staff"),
        figures=tuple(figures),
        sources=nr.CITB_NETWORK_SOURCES,
        records=_scheme_refs(network, large),
        basis=_basis(from_catalogue, False),
    )


@dataclass(frozen=True)
class Trap:
    """One of the reference's trap questions, with the answer it must get (reference phrasing)."""

    number: int
    question: str
    expected: YesNo
    answer: Callable[[Catalogue, RuleQuestion | None], RuleAnswer]


def _q(question: RuleQuestion | None, name: str, default: Any) -> Any:
    """A trap's parameter: the question's value when a question is given (None = not stated), else the
    reference's own example."""
    return default if question is None else getattr(question, name)


def _award(catalogue: Catalogue, question: RuleQuestion | None) -> Award | None:
    if question is None or question.award_id is None:
        return None
    return catalogue.awards.get(question.award_id)


def _trap_1(c: Catalogue, q: RuleQuestion | None) -> RuleAnswer:
    return dataclasses.replace(lle_module(c, _q(q, "credits", 15.0), _q(q, "level", None)), trap=1)


def _trap_11(c: Catalogue, q: RuleQuestion | None) -> RuleAnswer:
    credits, ects = _q(q, "credits", 15.0), _q(q, "ects", 15.0)
    if credits is None or ects is None:
        answer = uk_to_ects(credits) if credits is not None else definition("ects", c) or _never()
    else:
        answer = compare_ects(credits, ects)
    return dataclasses.replace(answer, kind="trap", trap=11)


def _trap_12(c: Catalogue, q: RuleQuestion | None) -> RuleAnswer:
    key = (_q(q, "award_types", ("hnc",)) or ("hnc",))[0]
    nations: tuple[Nation, ...] = _q(q, "nations", ("Scotland", "England")) or ("Scotland", "England")
    if len(nations) == 1:
        nations = (nations[0], "England" if nations[0] == "Scotland" else "Scotland")
    answer = compare_award_sizes(key, nations[0], nations[1]) or national_award_size(key) or _never()
    return dataclasses.replace(answer, kind="trap", trap=12)


def _trap_8(c: Catalogue, q: RuleQuestion | None) -> RuleAnswer:
    keys = _q(q, "award_types", ("hnc", "hnd")) or ("hnc", "hnd")
    nation = q.nations[0] if q is not None and q.nations else None
    answer = degree_equivalence(keys, nation) or degree_equivalence(("hnc", "hnd")) or _never()
    return dataclasses.replace(answer, kind="trap", trap=8)


def _trap_17(c: Catalogue, q: RuleQuestion | None) -> RuleAnswer:
    return dataclasses.replace(lle_module(c, _q(q, "credits", 30.0), _q(q, "level", 4)), trap=17)


TRAPS: dict[int, Trap] = {
    t.number: t
    for t in (
        Trap(1, "LLE for a 15-credit micro-credential?", "no", _trap_1),
        Trap(2, "One 30-credit module of any BA on the LLE?", "no", lambda c, q: lle_any_degree_module(c)),
        Trap(3, "Start on LLE funding in Sept 2026?", "no",
             lambda c, q: lle_start(c, _q(q, "start", dt.date(2026, 9, 1)))),
        Trap(4, "61-year-old LLE tuition loan?", "no", lambda c, q: lle_age(c, _q(q, "age", 61))),
        Trap(5, "LLE for a PgCert or master's?", "no",
             lambda c, q: lle_postgraduate(c, (_q(q, "award_types", ("pgcert",)) or ("pgcert",))[0])),
        Trap(6, "Second degree on the LLE?", "yes", lambda c, q: lle_second_degree(c)),
        Trap(7, "First L3 free at 30, earning £35,000?", "no",
             lambda c, q: free_first_level_3(c, _q(q, "age", 30), _q(q, "income_gbp", 35_000.0),
                                             _q(q, "employment_status", None))),
        Trap(8, "Is HNC + HND a degree?", "no", _trap_8),
        Trap(9, "PgCert entirely at L6?", "no",
             lambda c, q: pgcert_at_level(c, _q(q, "level", 6), _award(c, q))),
        Trap(10, "Whole award by RPL?", "no", lambda c, q: whole_award_by_rpl(_award(c, q))),
        Trap(11, "15 UK credits = 15 ECTS?", "no", _trap_11),
        Trap(12, "Scottish HNC same size as English?", "no", _trap_12),
        Trap(13, "SME pays 5% for an apprentice aged 22-24 from Aug 2026?", "no",
             lambda c, q: apprentice_employer_share(_q(q, "age", 22), _q(q, "percent", 5.0))),
        Trap(14, "CITB grant for first aid in 2026?", "no", lambda c, q: citb_first_aid(c)),
        Trap(15, "PLA for an unemployed Welsh adult?", "no",
             lambda c, q: pla_for(c, _q(q, "employment_status", "unemployed"))),
        Trap(16, "CITB £600 grant for a one-day plant course?", "no",
             lambda c, q: citb_600_for_short_course(c)),
        Trap(17, "LLE for a 30-credit level 4 module of a computing degree?", "depends", _trap_17),
        Trap(18, "Can a 300-person firm use a CITB Employer Network?", "no",
             lambda c, q: citb_employer_network(c, _q(q, "staff", 300))),
    )
}  # fmt: skip


def answer_trap(number: int, catalogue: Catalogue, question: RuleQuestion | None = None) -> RuleAnswer | None:
    """The answer to trap question `number` (1-18): with the reference's own example when no question is
    given, else with the facts the question states."""
    trap = TRAPS.get(number)
    if trap is None:
        return None
    answer = trap.answer(catalogue, question)
    return answer if answer.trap == number else dataclasses.replace(answer, trap=number)


# --- the single entry point --------------------------------------------------------------------------------

# Words that pull the guide paragraph stating the same rule (besides the answer's own sentence).
_TOPICS: dict[str, str] = {
    "credits_to_hours": "credit hours learning",
    "ects": "ECTS UK credits Europe",
    "level_map": "levels match SCQF Scotland",
    "award_size": "size qualification credits",
    "degree_equivalence": "HNC HND degree top-up honours",
    "rpl_cap": "RPL recognition prior learning limit award",
    "scheme_kind": "loan grant paid back",
    "definition": "",
    "trap": "",
}


def answer_rule_question(question: RuleQuestion, catalogue: Catalogue) -> RuleAnswer | None:
    """The answer to a rule question, with the guide paragraph that says the same thing when the catalogue
    has one; None when the question lacks what its kind needs (no level to map, an unknown award or
    scheme)."""
    try:
        answer = _answer(question, catalogue)
    except ValueError:
        return None  # a number or level that does not exist (negative credits, SCQF 14)
    if answer is None or answer.passage is not None or not catalogue.guides:
        return answer
    topic = f"{_TOPICS.get(question.kind, '')} {answer.reason}"
    preferred = [g for g in answer.guide_ids if g in catalogue.guides] or None
    passage = pick_passage(
        question.text or answer.reason, catalogue.guides.values(), topic, guide_ids=preferred
    )
    return answer.with_passage(passage)


def _answer(q: RuleQuestion, catalogue: Catalogue) -> RuleAnswer | None:
    if q.kind == "credits_to_hours":
        if q.credits is None and q.hours is not None:
            return hours_to_credits(q.hours, q.framework)
        return credits_to_hours(q.credits if q.credits is not None else 1, q.framework)
    if q.kind == "ects":
        if q.credits is not None and q.ects is not None:
            return compare_ects(q.credits, q.ects)
        if q.credits is not None:
            return uk_to_ects(q.credits)
        if q.ects is not None:
            return ects_to_uk(q.ects)
        return definition("ects", catalogue)
    if q.kind == "level_map":
        if q.level is None:
            return None
        return level_map(q.level, q.framework or "RQF", q.target_framework, q.other_level)
    if q.kind == "award_size":
        return _award_size_answer(q, catalogue)
    if q.kind == "degree_equivalence":
        keys = q.award_types or _award_keys(catalogue, q.award_id)
        return degree_equivalence(keys, q.nations[0] if q.nations else None)
    if q.kind == "rpl_cap":
        return rpl_cap(_question_award(q, catalogue))
    if q.kind == "scheme_kind":
        scheme = catalogue.schemes.get(q.scheme_id) if q.scheme_id else None
        return scheme_kind(scheme, q.asked_kind) if scheme is not None else None
    if q.kind == "definition":
        return definition(q.term, catalogue) if q.term else None
    if q.kind == "trap" and q.trap is not None:
        if q.trap == 10:
            return whole_award_by_rpl(_question_award(q, catalogue))
        return answer_trap(q.trap, catalogue, q)
    return None


def _award_size_answer(q: RuleQuestion, catalogue: Catalogue) -> RuleAnswer | None:
    if q.award_types and len(q.nations) >= 2:
        return compare_award_sizes(q.award_types[0], q.nations[0], q.nations[1])
    if q.award_id in catalogue.awards and not (q.award_types and q.nations):
        return award_size(catalogue.awards[q.award_id])
    if q.award_types:
        return national_award_size(q.award_types[0], q.nations[0] if q.nations else None)
    return None


def _question_award(q: RuleQuestion, catalogue: Catalogue) -> Award | None:
    """The catalogue award a question names, or the only catalogue award of the kind it names ("the HNC")."""
    if q.award_id in catalogue.awards:
        return catalogue.awards[q.award_id]
    for key in q.award_types:
        matches = [a for a in catalogue.awards.values() if nr.SHORT_TO_KEY.get(a.short.lower()) == key]
        if len(matches) == 1:
            return matches[0]
    return None


def _award_keys(catalogue: Catalogue, award_id: str | None) -> tuple[str, ...]:
    award = catalogue.awards.get(award_id) if award_id else None
    key = nr.SHORT_TO_KEY.get(award.short.lower()) if award is not None else None
    return (key,) if key else ()


# --- helpers ----------------------------------------------------------------------------------------------


def _n(value: float) -> str:
    """7.5 -> '7.5', 1200.0 -> '1,200'."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _gbp(value: float) -> str:
    return f"£{_n(value)}"


def _check_amount(value: float) -> None:
    if value < 0 or value != value:  # negative or NaN
        raise ValueError(f"{value} is not an amount of credit or time")


def _credit_unit(framework: str | None) -> str:
    return "SCQF credit points" if framework == "SCQF" else "credits"


def _hours_sources(framework: str | None) -> tuple[str, ...]:
    return nr.HOURS_SOURCES.get(framework or "", nr.HOURS_SOURCES_UK)


def _ects_figures(credits: float, ects: float) -> tuple[Figure, ...]:
    return (
        Figure("UK credits", credits, "credits"),
        Figure("ECTS credits", ects, "ECTS"),
        Figure("UK credits per ECTS credit", nr.UK_CREDITS_PER_ECTS, "credits"),
    )


def _system(nation: str) -> nr.SizeSystem:
    return "scotland" if nation == "Scotland" else "ewni"


def _a(size: nr.NationalSize, nation: str | None = None) -> str:
    """'an HNC', 'a Scottish HNC', 'a PgCert', 'an honours degree'."""
    if nation == "Scotland":
        return f"a Scottish {size.short}"
    if nation is not None:
        return f"{_article(size.short)} {size.short} in {nation}"
    return f"{_article(size.short)} {size.short}"


def _article(word: str) -> str:
    # Initialisms read letter by letter: "an HNC", "an MSc"; words by their sound: "an honours degree".
    if word[:2].isupper() or word.startswith(("Pg", "PG")):
        return "an" if word[0] in "AEFHILMNORSX" else "a"
    return "an" if word[0].lower() in "aeio" or word.startswith("honours") else "a"


def _size_words(size: nr.NationalSize) -> str:
    """'120 credits at level 4', '180 SCQF credit points at SCQF level 11'."""
    level = f"SCQF level {size.level}" if size.framework == "SCQF" else f"level {size.level}"
    return f"{_n(size.credits)} {size.unit} at {level}"


def _at_level_notes(*sizes: nr.NationalSize) -> tuple[str, ...]:
    """'In England, at least 40 of them must be at level 7.' for each size with such a rule."""
    notes = []
    for size in sizes:
        if size.min_at_level is not None and size.min_at_level[0] < size.credits:
            need, lvl = size.min_at_level
            at = f"SCQF level {lvl}" if size.framework == "SCQF" else f"level {lvl}"
            notes.append(f"In {size.where}, at least {_n(need)} of the {_n(size.credits)} must be at {at}.")
    return tuple(notes)


def _size_figures(size: nr.NationalSize) -> tuple[Figure, ...]:
    figures = [Figure(f"{size.short} credits ({size.where})", size.credits, size.unit)]
    figures.append(Figure(f"{size.short} level ({size.where})", size.level, "level"))
    if size.min_at_level is not None:
        figures.append(
            Figure(f"{size.short} credits at level ({size.where})", size.min_at_level[0], size.unit)
        )
    return tuple(figures)


def _usual_size(award: Award) -> nr.NationalSize | None:
    key = nr.SHORT_TO_KEY.get(award.short.lower())
    if key is None:
        return None
    return nr.national_size(key, "scotland" if award.level_framework == "SCQF" else "ewni")


def _top_level_rule(award: Award | None) -> tuple[int, int] | None:
    """(credits, level) of the award's `min_credits_at_level` entry at its highest level."""
    if award is None or not award.min_credits_at_level:
        return None
    level = max(award.min_credits_at_level)
    return award.min_credits_at_level[level], level


def _scheme_refs(*schemes: Scheme | None) -> tuple[RecordRef, ...]:
    return tuple(RecordRef("scheme", s.id) for s in schemes if s is not None)


def _basis(from_catalogue: bool, also_national: bool) -> Basis:
    if not from_catalogue:
        return "national"
    return "catalogue+national" if also_national else "catalogue"


def _merge(groups: Iterable[Iterable[str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for group in groups for s in group))


def _and_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _or_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def _status_words(status: str) -> str:
    return {"self_employed": "self-employed", "employed": "employed", "unemployed": "unemployed"}.get(
        status, status.replace("_", " ")
    )


def _never() -> RuleAnswer:
    raise AssertionError("the reference holds this figure")
