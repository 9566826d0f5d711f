"""Funding rules, three-valued: `eligible`, `not_eligible` or `unknown` (a fact the rule reads is not known).

Semantics (catalogue-format.md, funding.yaml) are Kleene's strong three-valued logic: a leaf on an unknown
field is unknown; `all` is not_eligible if any child is, else unknown if any child is, else eligible; `any`
is the dual; `not` swaps eligible and not_eligible. A scheme's `nations` is one more condition, on
`learner.nation` (or `employer.nation` for `for: employer`), joined to `when` by `all`.

`not` is evaluated by pushing the negation down to the leaves (De Morgan holds in Kleene logic), so every
reason reads as a plain statement of what the scheme needs ("this scheme needs level 4 to 6").

`needs` names the unknown facts in the parts of the rule that are still undecided: the facts whose values
could still change the verdict. Facts in a branch that no longer matters (an `any` that is already met, an
`all` that has already failed) are not asked for. A decided verdict needs nothing; an unknown one always
needs at least one fact, and knowing all of them decides it.

What a scheme pays is its `covers`, or (an extension of the format) the covers of the first `covers_when`
entry whose condition holds; `covers_when` never changes the verdict. While that entry is undecided, or when
the covers name no amount that can be worked out from the fee (`percent_of_market_rate`, `amount_unknown`),
no amount is given and a reason says why.

Judgement calls: `course.level` compares the course's own level number in its own framework (the catalogue
author writes the rule for the courses it lists); for a list field (`course.schemes`, `course.nations`)
`contains` tests membership (a list value: all of them), `in` means any item is in the value and `not_in`
that none is; comparing values of different types never matches and says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from advisor.domain.catalogue import AllOf, AnyOf, Condition, Course, Covers, Leaf, NotOf, Scheme
from advisor.domain.profile import EmployerFacts, LearnerFacts

Status = Literal["eligible", "not_eligible", "unknown"]
ELIGIBLE: Status = "eligible"
NOT_ELIGIBLE: Status = "not_eligible"
UNKNOWN: Status = "unknown"


class Verdict(BaseModel):
    model_config = ConfigDict(frozen=True)

    scheme_id: str
    name: str
    status: Status
    reasons: tuple[str, ...]
    needs: tuple[str, ...]
    # What the scheme pays in this case (its `covers`, or the matching `covers_when` entry); None while that
    # depends on facts not known yet, which `amount_needs` names. Never part of `needs`: the verdict itself
    # does not depend on them.
    covers: Covers | None = None
    amount_needs: tuple[str, ...] = ()


class _Missing:
    """Marks a fact that is not known."""


MISSING = _Missing()


@dataclass(frozen=True, slots=True)
class _Outcome:
    status: Status
    reasons: tuple[str, ...]
    needs: tuple[str, ...]


# --- facts -----------------------------------------------------------------------------------------


def read_field(field: str, learner: LearnerFacts, employer: EmployerFacts, course: Course | None) -> Any:
    """The value of `field` (e.g. `learner.age`), or MISSING when it is not known."""
    scope, _, name = field.partition(".")
    source: Any
    if scope == "learner":
        source = learner
    elif scope == "employer":
        source = employer
    elif scope == "course":
        if course is None:
            return MISSING
        source = course
    else:
        raise ValueError(f"a funding rule cannot read {field!r}")
    if name not in type(source).model_fields:
        raise ValueError(f"a funding rule cannot read {field!r}")
    value = getattr(source, name)
    return MISSING if value is None else value


_STATUS_WORDS: dict[str, str] = {
    "employed": "employed",
    "self_employed": "self-employed",
    "unemployed": "unemployed",
    "student": "a student",
    "retired": "retired",
}

# Wording per field: how to state a known value, what to call it when unknown, and how to show a value.
_STATEMENTS: dict[str, Callable[[Any], str]] = {
    "learner.age": lambda v: f"You are {v}",
    "learner.nation": lambda v: f"You live in {v}",
    "learner.uk_resident_years": lambda v: f"You have lived in the UK for {v} years",
    "learner.employment_status": lambda v: f"You are {_STATUS_WORDS.get(v, v)}",
    "learner.annual_income_gbp": lambda v: f"Your income is {_money(v)} a year",
    "learner.highest_level": lambda v: (
        "You have no qualification recorded" if v == 0 else f"Your highest qualification is level {v}"
    ),
    "learner.has_degree": lambda v: "You have a degree" if v else "You do not have a degree",
    "learner.benefits": lambda v: (
        "You receive an out-of-work or low-income benefit"
        if v
        else "You do not receive an out-of-work or low-income benefit"
    ),
    "employer.size": lambda v: f"Your organisation has {v} staff",
    "employer.annual_paybill_gbp": lambda v: f"Your organisation's pay bill is {_money(v)} a year",
    "employer.sector": lambda v: f"Your organisation works in {v}",
    "employer.citb_registered": lambda v: (
        "Your organisation is registered with CITB" if v else "Your organisation is not registered with CITB"
    ),
    "employer.nation": lambda v: f"Your organisation is in {v}",
    "employer.levy_funds_left": lambda v: (
        "Your organisation still has levy funds to spend"
        if v
        else "Your organisation has run out of levy funds"
    ),
    "learner.contract": lambda v: {
        "zero_hours": "You work on a zero-hours contract",
        "agency": "You are an agency worker",
    }.get(v, "You are not on a zero-hours contract or agency work"),
    "learner.at_risk_of_redundancy": lambda v: (
        "Your job is at risk of redundancy" if v else "Your job is not at risk of redundancy"
    ),
    "learner.has_gcse_english": lambda v: (
        "You have GCSE English at grade 4 (C) or above, or an equivalent"
        if v
        else "You do not have GCSE English at grade 4 (C) or above, or an equivalent"
    ),
    "learner.has_gcse_maths": lambda v: (
        "You have GCSE maths at grade 4 (C) or above, or an equivalent"
        if v
        else "You do not have GCSE maths at grade 4 (C) or above, or an equivalent"
    ),
    "learner.english_assessed_below_gcse": lambda v: (
        "A college assessed your English as below GCSE grade 4"
        if v
        else "A college assessed your English at GCSE grade 4 or above"
    ),
    "learner.maths_assessed_below_gcse": lambda v: (
        "A college assessed your maths as below GCSE grade 4"
        if v
        else "A college assessed your maths at GCSE grade 4 or above"
    ),
    "learner.digital_assessed_below_level_1": lambda v: (
        "A college assessed your digital skills as below level 1"
        if v
        else "A college assessed your digital skills at level 1 or above"
    ),
    "course.id": lambda v: f"This course is {v}",
    "course.level": lambda v: f"This course is level {v}",
    "course.level_framework": lambda v: f"This course's level is stated in {v}",
    "course.credits": lambda v: f"This course is worth {v} credits",
    "course.sector": lambda v: f"This course is in {v}",
    "course.delivery_mode": lambda v: f"This course is taught {str(v).replace('_', ' ')}",
    "course.cost_gbp": lambda v: f"This course costs {_money(v)}",
    "course.schemes": lambda v: (
        f"This course is approved for {', '.join(v)}" if v else "This course is not listed for any scheme"
    ),
    "course.nations": lambda v: f"This course is offered in {', '.join(v)}",
}
_LABELS: dict[str, str] = {
    "learner.age": "your age",
    "learner.nation": "which UK nation you live in",
    "learner.uk_resident_years": "how long you have lived in the UK",
    "learner.employment_status": "your employment status",
    "learner.annual_income_gbp": "your income",
    "learner.highest_level": "your highest qualification",
    "learner.has_degree": "whether you have a degree",
    "learner.benefits": "whether you receive an out-of-work or low-income benefit",
    "employer.size": "how many staff the organisation has",
    "employer.annual_paybill_gbp": "the organisation's pay bill",
    "employer.sector": "the organisation's sector",
    "employer.citb_registered": "whether the organisation is registered with CITB",
    "employer.nation": "which UK nation the organisation is in",
    "employer.levy_funds_left": "whether the organisation still has levy funds to spend",
    "learner.contract": "whether you are on a zero-hours contract or agency work",
    "learner.at_risk_of_redundancy": "whether your job is at risk of redundancy",
    "learner.has_gcse_english": "whether you have GCSE English at grade 4 (C) or above",
    "learner.has_gcse_maths": "whether you have GCSE maths at grade 4 (C) or above",
    "learner.english_assessed_below_gcse": (
        "whether a college has assessed your English as below GCSE grade 4"
    ),
    "learner.maths_assessed_below_gcse": "whether a college has assessed your maths as below GCSE grade 4",
    "learner.digital_assessed_below_level_1": (
        "whether a college has assessed your digital skills as below level 1"
    ),
}
# Bool fields read better as a phrase than as "true".
_BOOL_NEEDS: dict[str, tuple[str, str]] = {
    "learner.has_degree": ("a degree", "no degree"),
    "learner.benefits": (
        "someone who receives an out-of-work or low-income benefit",
        "someone who does not receive an out-of-work or low-income benefit",
    ),
    "employer.citb_registered": ("an employer registered with CITB", "an employer not registered with CITB"),
    "employer.levy_funds_left": (
        "an employer with levy funds left",
        "an employer that has run out of levy funds",
    ),
    "learner.at_risk_of_redundancy": (
        "someone whose job is at risk of redundancy",
        "someone whose job is not at risk of redundancy",
    ),
    "learner.has_gcse_english": (
        "GCSE English at grade 4 (C) or above, or an equivalent",
        "no GCSE English at grade 4 (C) or above, or an equivalent",
    ),
    "learner.has_gcse_maths": (
        "GCSE maths at grade 4 (C) or above, or an equivalent",
        "no GCSE maths at grade 4 (C) or above, or an equivalent",
    ),
    "learner.english_assessed_below_gcse": (
        "a college assessment putting your English below GCSE grade 4",
        "a college assessment putting your English at GCSE grade 4 or above",
    ),
    "learner.maths_assessed_below_gcse": (
        "a college assessment putting your maths below GCSE grade 4",
        "a college assessment putting your maths at GCSE grade 4 or above",
    ),
    "learner.digital_assessed_below_level_1": (
        "a college assessment putting your digital skills below level 1",
        "a college assessment putting your digital skills at level 1 or above",
    ),
}
_CONTRACT_WORDS = {
    "zero_hours": "a zero-hours contract",
    "agency": "agency work",
    "other": "another kind of work",
}


_WHO = {"learner.nation": "someone living", "employer.nation": "an employer"}


def _money(value: Any) -> str:
    return f"£{float(value):,.0f}" if float(value).is_integer() else f"£{float(value):,.2f}"


def _show(field: str, value: Any) -> str:
    if isinstance(value, list | tuple):
        return _or([_show(field, v) for v in value])
    if field == "course.level" or field == "learner.highest_level":
        return f"level {value}"
    if field.endswith("_gbp"):
        return _money(value)
    if field == "course.credits":
        return f"{value} credits"
    if field == "learner.uk_resident_years":
        return f"{value} years"
    if field == "learner.employment_status":
        return _STATUS_WORDS.get(str(value), str(value))
    if field == "learner.contract":
        return _CONTRACT_WORDS.get(str(value), str(value))
    return str(value).replace("_", " ") if field == "course.delivery_mode" else str(value)


def _or(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def _label(field: str) -> str:
    if field in _LABELS:
        return _LABELS[field]
    return f"which course you mean (its {field.partition('.')[2].replace('_', ' ')})"


# --- operators -----------------------------------------------------------------------------------

_NEGATED = {
    "eq": "ne",
    "ne": "eq",
    "lt": "ge",
    "ge": "lt",
    "le": "gt",
    "gt": "le",
    "in": "not_in",
    "not_in": "in",
    "between": "not_between",
    "not_between": "between",
    "contains": "not_contains",
    "not_contains": "contains",
}


def _holds(op: str, actual: Any, wanted: Any) -> bool:
    """Whether `actual op wanted`; raises TypeError when the values cannot be compared."""
    if op in {"not_in", "not_between", "not_contains", "ne"}:
        return not _holds(_NEGATED[op], actual, wanted)
    if isinstance(actual, tuple | list) and op != "contains":
        items = list(actual)
        if op == "in":
            return any(item in _as_list(wanted) for item in items)
        if op == "eq":
            return sorted(map(str, items)) == sorted(map(str, _as_list(wanted)))
        raise TypeError("a list can only be tested with eq, ne, in, not_in or contains")
    if op == "eq":
        return bool(actual == wanted)
    if op == "lt":
        return bool(actual < wanted)
    if op == "le":
        return bool(actual <= wanted)
    if op == "gt":
        return bool(actual > wanted)
    if op == "ge":
        return bool(actual >= wanted)
    if op == "in":
        return actual in _as_list(wanted)
    if op == "between":
        low, high = wanted
        return bool(low <= actual <= high)
    if op == "contains":
        if not isinstance(actual, tuple | list):
            raise TypeError("contains needs a list field")
        return all(item in actual for item in _as_list(wanted))
    raise TypeError(f"unknown operator {op}")


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def _requirement(field: str, op: str, value: Any) -> str:
    """'under 61', 'level 4 to 6', 'one of England or Wales', 'a degree'."""
    if field in _BOOL_NEEDS and op in {"eq", "ne"} and isinstance(value, bool):
        yes, no = _BOOL_NEEDS[field]
        return yes if (value if op == "eq" else not value) else no
    shown = _show(field, value)
    if field in _WHO and op in {"eq", "in", "ne", "not_in"}:
        return f"{_WHO[field]} {'in' if op in {'eq', 'in'} else 'outside'} {shown}"
    if op in {"between", "not_between"}:
        low, high = value
        span = (
            f"level {low} to {high}" if "level" in field else f"{_show(field, low)} to {_show(field, high)}"
        )
        return span if op == "between" else f"anything but {span}"
    several = isinstance(value, list | tuple) and len(value) > 1
    return {
        "eq": shown,
        "ne": f"anything but {shown}",
        "lt": f"under {shown}",
        "le": f"{shown} or under",
        "gt": f"over {shown}",
        "ge": f"{shown} or more",
        "in": f"one of {shown}" if several else shown,
        "not_in": f"none of {shown}" if several else f"not {shown}",
        "contains": f"to include {shown}",
        "not_contains": f"not to include {shown}",
    }[op]


# --- evaluation ----------------------------------------------------------------------------------


# Conditions on lists of catalogue ids, said in words (which ops mean "the course is on the scheme's list").
_COURSE_LISTS: dict[str, frozenset[str]] = {
    "course.schemes": frozenset({"contains"}),
    "course.id": frozenset({"in", "eq"}),
}
_COURSE_LIST_WORDS = {
    True: "This course is one this scheme pays for",
    False: "This scheme pays only for certain courses, and this course is not one of them",
}


def _leaf(
    leaf: Leaf, negate: bool, learner: LearnerFacts, employer: EmployerFacts, course: Course | None
) -> _Outcome:
    op = _NEGATED[leaf.op] if negate else leaf.op
    needed = _requirement(leaf.field, op, leaf.value)
    actual = read_field(leaf.field, learner, employer, course)
    if isinstance(actual, _Missing):
        return _Outcome(
            UNKNOWN, (f"We don't know {_label(leaf.field)} yet; this scheme needs {needed}",), (leaf.field,)
        )
    if leaf.field in _COURSE_LISTS and op in _COURSE_LISTS[leaf.field]:
        # Lists of catalogue ids say nothing to a learner: "is this course one the scheme pays for?"
        met = _holds(op, actual, leaf.value)
        return _Outcome(ELIGIBLE if met else NOT_ELIGIBLE, (_COURSE_LIST_WORDS[met],), ())
    statement = _STATEMENTS.get(leaf.field, lambda v: f"{leaf.field} is {v}")(actual)
    try:
        met = _holds(op, actual, leaf.value)
    except (TypeError, ValueError):
        return _Outcome(
            NOT_ELIGIBLE,
            (f"{statement}; this scheme's rule on {leaf.field} cannot be checked, so ask an advisor",),
            (),
        )
    if met:
        return _Outcome(ELIGIBLE, (f"{statement}, and this scheme needs {needed}",), ())
    return _Outcome(NOT_ELIGIBLE, (f"{statement}; this scheme needs {needed}",), ())


def _evaluate(
    node: Condition, negate: bool, learner: LearnerFacts, employer: EmployerFacts, course: Course | None
) -> _Outcome:
    if isinstance(node, Leaf):
        return _leaf(node, negate, learner, employer, course)
    if isinstance(node, NotOf):
        return _evaluate(node.not_, not negate, learner, employer, course)
    children: Sequence[Condition]
    if isinstance(node, AllOf):
        children, conjunctive = node.all, not negate
    else:
        assert isinstance(node, AnyOf)
        children, conjunctive = node.any, negate
    outcomes = [_evaluate(child, negate, learner, employer, course) for child in children]
    return _combine(outcomes, conjunctive)


def _combine(outcomes: Sequence[_Outcome], conjunctive: bool) -> _Outcome:
    """Kleene `all` (conjunctive) or `any` over already evaluated children, with their reasons."""
    decisive = NOT_ELIGIBLE if conjunctive else ELIGIBLE
    settled = ELIGIBLE if conjunctive else NOT_ELIGIBLE
    deciding = [o for o in outcomes if o.status == decisive]
    if deciding:
        return _Outcome(decisive, _flat(o.reasons for o in deciding), ())
    open_ = [o for o in outcomes if o.status == UNKNOWN]
    if open_:
        # Known parts are reported too, so a person sees what already holds and what is still open.
        reasons = _flat(o.reasons for o in outcomes)
        return _Outcome(UNKNOWN, reasons, tuple(dict.fromkeys(_flat(o.needs for o in open_))))
    return _Outcome(settled, _flat(o.reasons for o in outcomes), ())


def _flat(groups: Iterable[Iterable[str]]) -> tuple[str, ...]:
    return tuple(item for group in groups for item in group)


def scheme_condition(scheme: Scheme) -> Condition:
    """The scheme's full rule: its `nations` condition joined to `when`."""
    nation_field = "employer.nation" if scheme.audience == "employer" else "learner.nation"
    nations = Leaf(field=nation_field, op="in", value=list(scheme.nations))
    return AllOf(all=(nations, scheme.when))


def evaluate(
    scheme: Scheme,
    learner: LearnerFacts | None = None,
    employer: EmployerFacts | None = None,
    course: Course | None = None,
) -> Verdict:
    """Whether `scheme` applies, three-valued, with plain-English reasons and the facts still needed.

    The verdict also carries what the scheme pays in this case (`covers`, from `covers_when` when the scheme
    has it). When the verdict is eligible for a course but the amount cannot be given (it depends on facts
    not known yet, or on a rate the scheme sets), a last reason says so."""
    learner = learner or LearnerFacts()
    employer = employer or EmployerFacts()
    outcome = _evaluate(scheme_condition(scheme), False, learner, employer, course)
    covers, amount_needs = covers_for(scheme, learner, employer, course)
    reasons = list(outcome.reasons)
    if outcome.status == ELIGIBLE and course is not None:
        reasons.extend(_amount_reasons(covers, amount_needs))
    return Verdict(
        scheme_id=scheme.id,
        name=scheme.name,
        status=outcome.status,
        reasons=tuple(dict.fromkeys(reasons)),
        needs=outcome.needs,
        covers=covers,
        amount_needs=amount_needs,
    )


def covers_for(
    scheme: Scheme, learner: LearnerFacts, employer: EmployerFacts, course: Course | None
) -> tuple[Covers | None, tuple[str, ...]]:
    """What `scheme` pays in this case: the covers of the first `covers_when` entry whose `when` holds, else
    its `covers`. While an entry before the one that holds is still unknown, which covers apply is not
    decided: (None, the facts that entry needs)."""
    for rule in scheme.covers_when:
        outcome = _evaluate(rule.when, False, learner, employer, course)
        if outcome.status == ELIGIBLE:
            return rule.covers, ()
        if outcome.status == UNKNOWN:
            return None, outcome.needs
    return scheme.covers, ()


def _amount_reasons(covers: Covers | None, amount_needs: Sequence[str]) -> list[str]:
    if covers is None:
        labels = [_label(f) for f in amount_needs]
        named = ", ".join(labels[:-1]) + " and " + labels[-1] if len(labels) > 1 else "".join(labels)
        return [f"How much it pays depends on {named}, which we don't know yet"]
    if covers.percent_of_market_rate is not None:
        return [
            f"For this course it pays {covers.percent_of_market_rate:g}% of an average market rate the "
            "scheme sets, not of this course's fee, so ask an advisor how much that is"
        ]
    if covers.amount_unknown:
        return ["How much it pays for this course is not set out here, so ask an advisor"]
    return []


def evaluate_all(
    schemes: Iterable[Scheme],
    learner: LearnerFacts | None = None,
    employer: EmployerFacts | None = None,
    course: Course | None = None,
) -> list[Verdict]:
    return [evaluate(scheme, learner, employer, course) for scheme in schemes]


# --- amounts ---------------------------------------------------------------------------------------


def funding_amount(covers: Covers, fee: float) -> float:
    """What a scheme pays towards `fee`: the smallest of the limits it states (percent of the fee, a fixed
    amount, a cap), never more than the fee and never below zero. A scheme that states none pays nothing, and
    so does one whose amount cannot be worked out from the fee (`amount_known` is false): callers that show
    an amount check `amount_known` first."""
    if not covers.amount_known:
        return 0.0
    fee = max(0.0, float(fee))
    limits = []
    if covers.percent_of_fee is not None:
        limits.append(fee * covers.percent_of_fee / 100)
    if covers.amount_gbp is not None:
        limits.append(covers.amount_gbp)
    if covers.max_gbp is not None:
        limits.append(covers.max_gbp)
    if not limits:
        return 0.0
    return round(max(0.0, min(fee, *limits)), 2)


def amount_if_eligible(scheme: Scheme, verdict: Verdict, course: Course | None) -> float | None:
    """What `scheme` pays towards `course`'s fee when the verdict is eligible; None without a course, when
    the scheme does not (yet) apply, or when the amount cannot be worked out from the fee (it depends on facts
    not known yet, on a rate the scheme sets, or is not confirmed)."""
    if course is None or verdict.status != ELIGIBLE:
        return None
    covers = _verdict_covers(scheme, verdict)
    if covers is None or not covers.amount_known:
        return None
    return funding_amount(covers, course.cost_gbp)


def _verdict_covers(scheme: Scheme, verdict: Verdict) -> Covers | None:
    """The covers the verdict settled on; a verdict made without them (by hand) uses the scheme's own, unless
    the scheme's covers vary by case."""
    if verdict.covers is not None or verdict.amount_needs or scheme.covers_when:
        return verdict.covers
    return scheme.covers


def net_cost(fee: float, funded: float) -> float:
    """The fee left to pay: never below zero."""
    return round(max(0.0, float(fee) - max(0.0, float(funded))), 2)


class FundingChoice(BaseModel):
    """The funding to count against one fee: at most one scheme unless the schemes say they combine."""

    model_config = ConfigDict(frozen=True)

    fee_gbp: float
    scheme_ids: tuple[str, ...]
    funded_gbp: float
    net_cost_gbp: float
    notes: tuple[str, ...]


def choose_funding(
    schemes: Mapping[str, Scheme] | Iterable[Scheme], verdicts: Iterable[Verdict], fee: float
) -> FundingChoice:
    """The best funding for one fee among the eligible schemes.

    Schemes combine only when each lists the other in `combines_with`; then each amount is worked out on the
    full fee and the total is capped at the fee (the format does not say how combined schemes stack, so the
    notes say to check). Otherwise the single scheme paying most is chosen and the notes say which and why.
    Unknown verdicts are never counted; the notes name them and what they need. Nor is an eligible scheme
    whose amount cannot be worked out from the fee (see `Covers.amount_known`); the notes name it too.
    """
    by_id = schemes if isinstance(schemes, Mapping) else {s.id: s for s in schemes}
    verdicts = list(verdicts)
    notes: list[str] = []
    eligible: list[Scheme] = []
    amounts: dict[str, float] = {}
    for v in verdicts:
        if v.status != ELIGIBLE or v.scheme_id not in by_id:
            continue
        covers = _verdict_covers(by_id[v.scheme_id], v)
        if covers is None or not covers.amount_known:
            # Never counted: what it pays is not known here.
            notes.append(
                f"{v.name} also applies, but how much it pays is not known here; check with an advisor."
            )
            continue
        eligible.append(by_id[v.scheme_id])
        amounts[v.scheme_id] = funding_amount(covers, fee)
    best: tuple[float, int, tuple[str, ...]] = (0.0, 0, ())
    for size in range(1, min(len(eligible), 4) + 1):
        for combo in combinations(sorted(eligible, key=lambda s: s.id), size):
            if size > 1 and not _combinable(combo):
                continue
            total = min(float(fee), sum(amounts[s.id] for s in combo))
            key = (round(total, 2), -size, tuple(s.id for s in combo))
            if (key[0], key[1]) > (best[0], best[1]):
                best = (key[0], key[1], key[2])
    chosen = best[2]
    if len(chosen) == 1 and len(eligible) > 1:
        others = [s.name for s in eligible if s.id != chosen[0]]
        verb = "applies" if len(others) == 1 else "apply"
        notes.insert(
            0,
            f"{by_id[chosen[0]].name} pays the most ({_money(amounts[chosen[0]])}); {', '.join(others)} also "
            f"{verb}, but the catalogue does not say they can be combined, so only one is counted.",
        )
    elif len(chosen) > 1:
        notes.insert(
            0,
            "Counted together because each lists the other as combinable: "
            + ", ".join(by_id[sid].name for sid in chosen)
            + ". Check with an advisor how they stack on this fee.",
        )
    for v in verdicts:
        if v.status == UNKNOWN:
            notes.append(f"{v.name} might also apply; it needs {', '.join(v.needs)}.")
    funded = round(best[0], 2)
    return FundingChoice(
        fee_gbp=round(float(fee), 2),
        scheme_ids=chosen,
        funded_gbp=funded,
        net_cost_gbp=net_cost(fee, funded),
        notes=tuple(notes),
    )


def _combinable(combo: Sequence[Scheme]) -> bool:
    return all(a.id in b.combines_with and b.id in a.combines_with for a, b in combinations(combo, 2))


def funding_per_course(
    schemes: Iterable[Scheme], learner: LearnerFacts | None = None, employer: EmployerFacts | None = None
) -> Callable[[Course], float]:
    """A per-course funded amount for `planning.plan_route(funding=...)`: the best eligible choice."""
    scheme_list = list(schemes)
    by_id = {s.id: s for s in scheme_list}

    def funded(course: Course) -> float:
        verdicts = evaluate_all(scheme_list, learner, employer, course)
        return choose_funding(by_id, verdicts, course.cost_gbp).funded_gbp

    return funded


# --- when the rules were checked --------------------------------------------------------------------


def rules_last_checked(schemes: Iterable[Scheme]) -> dt.date | None:
    """The latest `last_verified` date among the schemes (None when there are none): the date a "funding
    rules last checked" note shows."""
    return max((scheme.last_verified for scheme in schemes), default=None)
