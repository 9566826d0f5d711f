"""Stacking plans: which further courses complete an award, in what order, by when, and for how much.

`plan_route` searches for the cheapest (or quickest) set of available courses that, added to what the
learner has done and planned, completes the award under the counting rules of `routes`. The search is a
depth-first branch and bound over "take this course / leave it", with the courses each choice drags in
through prerequisites, and two lower bounds that stay honest:

- cost: for every unmet requirement (total credits, each choose group, each at-level minimum), the cheapest
  fractional cover by the courses still undecided (a fractional knapsack never costs more than a real cover);
- weeks: the earliest finish of any course already taken, and for each unmet requirement the earliest any
  undecided course that could help it can finish (some such course must be taken).

A node that completes the award is not extended: more courses never cost less and, with this scheduler,
never finish sooner. The search stops after `node_limit` nodes; `Plan.optimal` says whether it finished.

Scheduling (`schedule_courses`) is deliberately simple and explained to learners: courses go in
prerequisite order (fixed start dates before rolling ones, then by next start date, then id); each
starts at the first moment on or after its next start date and after its prerequisites finish when its
hours fit the weekly study time left alongside the courses already running; weeks to finish run from
the plan's start date to the last finish, rounded up.
Planned courses are scheduled too (they still take time); one with no start date left is assumed to be
already under way from the plan's start date.

Funding stays outside planning: pass `funding` as a per-course amount (a mapping by course id, or a
callable) and the plan reports the fee after funding and, for "cheapest", minimises it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from advisor.domain.catalogue import Award, Catalogue, Course
from advisor.domain.profile import Constraints
from advisor.domain.routes import (
    AwardAudit,
    CourseFit,
    Tally,
    audit,
    evaluate_tally,
    fit_course,
)

Objective = Literal["cheapest", "quickest"]
OBJECTIVES: tuple[str, ...] = ("cheapest", "quickest")
FundingInput = Mapping[str, float] | Callable[[Course], float] | None

DEFAULT_NODE_LIMIT = 20_000


class PlanningError(ValueError):
    """A request that cannot be planned at all: unknown award or course, negative RPL, bad objective."""


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class ScheduledCourse(_Result):
    course_id: str
    title: str
    credits: int
    suggested: bool  # False for a course the learner already planned
    cost_gbp: float
    funded_gbp: float
    cost_after_funding_gbp: float
    delivery_mode: str
    hours_per_week: float
    duration_weeks: int
    start: dt.date
    finish: dt.date
    start_week: int
    finish_week: int
    counts_as: str


class Plan(_Result):
    award_id: str
    award_title: str
    objective: Objective
    complete: bool  # the suggested courses, added to done and planned, complete the award
    optimal: bool  # the search finished, so no cheaper/quicker plan exists under these rules
    search_nodes: int = 0  # how much searching it took (for benchmarks and diagnosis)
    current: AwardAudit  # the audit of done + planned
    after: AwardAudit | None  # the audit of done + planned + suggested, when a plan was found
    suggested: tuple[str, ...]  # in the order to take them
    schedule: tuple[ScheduledCourse, ...]
    weeks_to_finish: int | None
    cost_gbp: float  # fees of the suggested courses
    cost_after_funding_gbp: float | None  # when funding was supplied
    planned_cost_gbp: float  # fees of the courses already planned (not in cost_gbp)
    reasons: tuple[str, ...]  # why no plan could be found, when complete is False

    def api_fields(self) -> dict[str, object]:
        """The fields of POST /api/plan: the state of done + planned, and the suggestion on top."""
        return {
            "award_id": self.award_id,
            "credits_required": self.current.credits_required,
            "credits_counted": self.current.credits_counted,
            "rpl_credits_used": self.current.rpl_credits_used,
            "credits_remaining": self.current.credits_remaining,
            "complete": self.current.complete,
            "unmet": list(self.current.unmet),
            "suggested": list(self.suggested),
            "weeks_to_finish": self.weeks_to_finish,
            "cost_gbp": self.cost_gbp,
        }


class ReachableAward(_Result):
    award_id: str
    title: str
    short: str
    credits_required: int
    credits_counted: int
    credits_remaining: int
    credits_still_needed: int
    complete: bool
    missing: tuple[str, ...]


# --- scheduling ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Slot:
    course: Course
    start: dt.date
    finish: dt.date


def schedule_courses(
    courses: Sequence[Course],
    start_date: dt.date,
    hours_per_week: float | None,
    already_started: frozenset[str] = frozenset(),
) -> list[_Slot] | None:
    """Place `courses` in time (see the module docstring); None when one cannot start at all.

    `already_started` names courses assumed under way from `start_date` when no start date is left."""
    by_id = {c.id: c for c in courses}
    order = _prerequisite_order(courses, start_date)
    placed: list[_Slot] = []
    finish_of: dict[str, dt.date] = {}
    for course in order:
        earliest = max([start_date, *(finish_of[p] for p in course.prerequisites if p in by_id)])
        slot = _first_fit(course, earliest, placed, hours_per_week, course.id in already_started)
        if slot is None:
            return None
        placed.append(slot)
        finish_of[course.id] = slot.finish
    return placed


def _prerequisite_order(courses: Sequence[Course], start_date: dt.date) -> list[Course]:
    by_id = {c.id: c for c in courses}
    waiting = {c.id: {p for p in c.prerequisites if p in by_id} for c in courses}

    # Courses with fixed start dates first: a rolling course can always wait for room, they cannot.
    keys = {c.id: (c.rolling_start, c.next_start(start_date) or dt.date.max, c.id) for c in courses}

    def key(cid: str) -> tuple[bool, dt.date, str]:
        return keys[cid]

    order: list[Course] = []
    ready = sorted((cid for cid, deps in waiting.items() if not deps), key=key)
    while ready:
        cid = ready.pop(0)
        order.append(by_id[cid])
        del waiting[cid]
        for other, deps in waiting.items():
            if cid in deps:
                deps.discard(cid)
                if not deps:
                    ready.append(other)
        ready.sort(key=key)
    # A prerequisite cycle cannot be scheduled in order; place what is left by date so nothing is lost.
    order += sorted((by_id[cid] for cid in waiting), key=lambda c: key(c.id))
    return order


def _first_fit(
    course: Course, earliest: dt.date, placed: Sequence[_Slot], capacity: float | None, started: bool
) -> _Slot | None:
    length = dt.timedelta(weeks=course.duration_weeks)
    if course.rolling_start:
        candidates = sorted({earliest, *(s.finish for s in placed if s.finish > earliest)})
    else:
        candidates = sorted(d for d in course.start_dates if d >= earliest)
        if not candidates and started:
            candidates = [earliest]
    for begin in candidates:
        end = begin + length
        if capacity is None or _fits(course.hours_per_week, begin, end, placed, capacity):
            return _Slot(course, begin, end)
    return None


def _fits(hours: float, begin: dt.date, end: dt.date, placed: Sequence[_Slot], capacity: float) -> bool:
    overlapping = [s for s in placed if s.start < end and s.finish > begin]
    if not overlapping:
        return True  # a course alone always fits (planned courses may exceed the learner's hours)
    moments = [begin, *(s.start for s in overlapping if s.start > begin)]
    for moment in moments:
        load = sum(s.course.hours_per_week for s in overlapping if s.start <= moment < s.finish)
        if load + hours > capacity + 1e-9:
            return False
    return True


def _weeks(start_date: dt.date, slots: Sequence[_Slot]) -> int:
    if not slots:
        return 0
    return math.ceil(max((s.finish - start_date).days for s in slots) / 7)


# --- availability ------------------------------------------------------------------------------


def unavailable_reason(
    course: Course,
    constraints: Constraints,
    learner_nation: str | None,
    start_date: dt.date,
) -> str:
    """Why the learner cannot take `course` under their constraints; empty when they can."""
    if learner_nation is not None and learner_nation not in course.nations:
        return f"it is not offered in {learner_nation}"
    if constraints.delivery_modes is not None and course.delivery_mode not in constraints.delivery_modes:
        return f"it is taught {course.delivery_mode.replace('_', ' ')}, not {_modes(constraints)}"
    if constraints.hours_per_week is not None and course.hours_per_week > constraints.hours_per_week:
        return (
            f"it needs {course.hours_per_week:g} hours a week, more than your {constraints.hours_per_week:g}"
        )
    if course.next_start(start_date) is None:
        return f"it has no start date on or after {start_date.isoformat()}"
    return ""


def _modes(constraints: Constraints) -> str:
    modes = [m.replace("_", " ") for m in constraints.delivery_modes or ()]
    return " or ".join(modes) if modes else "any mode you chose"


# --- the search ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Candidate:
    course: Course
    fit: CourseFit
    net: float
    closure: frozenset[str]  # courses not yet held that this one needs, itself included
    earliest_finish: int  # days from the start date, ignoring study-time limits


@dataclass(slots=True)
class _Search:
    award: Award
    rpl: int
    level_keys: list[int]
    candidates: list[_Candidate]
    extra: dict[str, _Candidate]  # prerequisite-only courses, pulled in by closures
    held: list[Course]
    planned_ids: frozenset[str]
    start_date: dt.date
    hours: float | None
    budget: float | None
    objective: Objective
    node_limit: int
    nodes: int = 0
    best_key: tuple[float, float, int, tuple[str, ...]] | None = None
    best: tuple[frozenset[str], list[_Slot]] | None = None
    schedule_failures: int = 0
    truncated: bool = False


def plan_route(
    catalogue: Catalogue,
    award_id: str,
    done: Sequence[str],
    planned: Sequence[str] = (),
    rpl_credits: int = 0,
    constraints: Constraints | None = None,
    learner_nation: str | None = None,
    *,
    start_date: dt.date,
    objective: Objective = "cheapest",
    funding: FundingInput = None,
    node_limit: int = DEFAULT_NODE_LIMIT,
) -> Plan:
    """The cheapest (or quickest) set of further courses that completes `award_id`, scheduled."""
    award = _award(catalogue, award_id)
    if objective not in OBJECTIVES:
        raise PlanningError(f"objective must be cheapest or quickest, not {objective!r}")
    if rpl_credits < 0:
        raise PlanningError("RPL credits cannot be negative")
    done_courses = _courses(catalogue, done)
    planned_courses = [c for c in _courses(catalogue, planned) if c.id not in {d.id for d in done_courses}]
    constraints = constraints or Constraints()
    held = _unique([*done_courses, *planned_courses])
    held_ids = {c.id for c in held}
    current = audit(award, held, rpl_credits)
    planned_unique = _unique(planned_courses)

    def net(course: Course) -> float:
        return round(max(0.0, course.cost_gbp - _funded(funding, course)), 2)

    reasons: list[str] = []
    search = _prepare(
        catalogue, award, held, held_ids, rpl_credits, constraints, learner_nation, start_date, objective, net
    )
    search.node_limit = node_limit
    search.planned_ids = frozenset(c.id for c in planned_unique)

    blocked = _blocked_required(catalogue, award, held_ids, constraints, learner_nation, start_date)
    if blocked:
        reasons.extend(blocked)
    else:
        _run(search)
        if search.best is None:
            reasons.extend(_why_no_plan(search, current))

    if search.best is None:
        return Plan(
            award_id=award.id,
            award_title=award.title,
            objective=objective,
            complete=False,
            optimal=not search.truncated,
            search_nodes=search.nodes,
            current=current,
            after=None,
            suggested=(),
            schedule=(),
            weeks_to_finish=None,
            cost_gbp=0.0,
            cost_after_funding_gbp=None,
            planned_cost_gbp=round(sum(c.cost_gbp for c in planned_unique), 2),
            reasons=tuple(reasons),
        )

    chosen, unordered = search.best
    slots = sorted(unordered, key=lambda s: (s.start, s.finish, s.course.id))
    suggested_slots = [s for s in slots if s.course.id in chosen]
    after = audit(award, [*held, *(s.course for s in suggested_slots)], rpl_credits)
    counts_as = {p.course_id: p.explanation for p in after.placements if p.counted}
    for s in slots:
        if s.course.id not in counts_as:
            needed_by = [o.course.id for o in slots if s.course.id in o.course.prerequisites]
            counts_as[s.course.id] = (
                f"needed first for {', '.join(needed_by)}; it does not count towards this award"
                if needed_by
                else next(p.explanation for p in after.placements if p.course_id == s.course.id)
            )
    schedule = tuple(
        ScheduledCourse(
            course_id=s.course.id,
            title=s.course.title,
            credits=s.course.credits,
            suggested=s.course.id in chosen,
            cost_gbp=s.course.cost_gbp,
            funded_gbp=round(s.course.cost_gbp - net(s.course), 2),
            cost_after_funding_gbp=net(s.course),
            delivery_mode=s.course.delivery_mode,
            hours_per_week=s.course.hours_per_week,
            duration_weeks=s.course.duration_weeks,
            start=s.start,
            finish=s.finish,
            start_week=(s.start - start_date).days // 7,
            finish_week=math.ceil((s.finish - start_date).days / 7),
            counts_as=counts_as[s.course.id],
        )
        for s in slots
    )
    return Plan(
        award_id=award.id,
        award_title=award.title,
        objective=objective,
        complete=True,
        optimal=not search.truncated,
        search_nodes=search.nodes,
        current=current,
        after=after,
        suggested=tuple(s.course.id for s in suggested_slots),
        schedule=schedule,
        weeks_to_finish=_weeks(start_date, slots),
        cost_gbp=round(sum(s.course.cost_gbp for s in suggested_slots), 2),
        cost_after_funding_gbp=(
            round(sum(net(s.course) for s in suggested_slots), 2) if funding is not None else None
        ),
        planned_cost_gbp=round(sum(c.cost_gbp for c in planned_unique), 2),
        reasons=(),
    )


def _funded(funding: FundingInput, course: Course) -> float:
    if funding is None:
        return 0.0
    amount = funding.get(course.id, 0.0) if isinstance(funding, Mapping) else funding(course)
    return min(max(0.0, float(amount)), course.cost_gbp)


def _award(catalogue: Catalogue, award_id: str) -> Award:
    if award_id not in catalogue.awards:
        raise PlanningError(f"unknown award {award_id!r}")
    return catalogue.awards[award_id]


def _courses(catalogue: Catalogue, ids: Sequence[str]) -> list[Course]:
    unknown = [cid for cid in ids if cid not in catalogue.courses]
    if unknown:
        raise PlanningError(f"unknown course {unknown[0]!r}")
    return [catalogue.courses[cid] for cid in ids]


def _unique(courses: Iterable[Course]) -> list[Course]:
    return list({c.id: c for c in courses}.values())


def _closure(
    catalogue: Catalogue, course_id: str, held_ids: set[str], usable: Callable[[Course], bool]
) -> frozenset[str] | None:
    """The course and every prerequisite not yet held, transitively; None when any of them is unusable."""
    seen: set[str] = set()
    stack = [course_id]
    while stack:
        cid = stack.pop()
        if cid in seen or cid in held_ids:
            continue
        course = catalogue.courses.get(cid)
        if course is None or not usable(course):
            return None
        seen.add(cid)
        stack.extend(course.prerequisites)
    return frozenset(seen)


def _prepare(
    catalogue: Catalogue,
    award: Award,
    held: list[Course],
    held_ids: set[str],
    rpl: int,
    constraints: Constraints,
    nation: str | None,
    start_date: dt.date,
    objective: Objective,
    net: Callable[[Course], float],
) -> _Search:
    def usable(course: Course) -> bool:
        return not unavailable_reason(course, constraints, nation, start_date)

    finish_cache: dict[str, int] = {}

    def earliest_finish(cid: str, trail: frozenset[str] = frozenset()) -> int:
        if cid in finish_cache:
            return finish_cache[cid]
        course = catalogue.courses[cid]
        if cid in trail:
            return 0
        after = max(
            [0, *(earliest_finish(p, trail | {cid}) for p in course.prerequisites if p in catalogue.courses)]
        )
        begin = start_date + dt.timedelta(days=after)
        first = course.next_start(begin) or begin
        finish_cache[cid] = (first - start_date).days + 7 * course.duration_weeks
        return finish_cache[cid]

    for course in held:  # done courses finish before the start; planned ones take time
        finish_cache[course.id] = 0
    candidates: list[_Candidate] = []
    extra: dict[str, _Candidate] = {}
    for course in catalogue.courses.values():
        if course.id in held_ids:
            continue
        fit = fit_course(award, course)
        closure = _closure(catalogue, course.id, held_ids, usable)
        if closure is None:
            continue
        entry = _Candidate(course, fit, net(course), closure, 0)
        if fit.required or (fit.countable and course.credits > 0):
            candidates.append(entry)
        else:
            extra[course.id] = entry
    for entry in [*candidates, *extra.values()]:
        entry.earliest_finish = earliest_finish(entry.course.id)
    if objective == "cheapest":
        candidates.sort(key=lambda c: (c.net / max(c.course.credits, 1), -c.course.credits, c.course.id))
    else:
        candidates.sort(key=lambda c: (c.earliest_finish, c.net / max(c.course.credits, 1), c.course.id))
    return _Search(
        award=award,
        rpl=rpl,
        level_keys=sorted(award.min_credits_at_level),
        candidates=candidates,
        extra=extra,
        held=held,
        planned_ids=frozenset(),
        start_date=start_date,
        hours=constraints.hours_per_week,
        budget=constraints.budget_gbp,
        objective=objective,
        node_limit=DEFAULT_NODE_LIMIT,
    )


def _blocked_required(
    catalogue: Catalogue,
    award: Award,
    held_ids: set[str],
    constraints: Constraints,
    nation: str | None,
    start_date: dt.date,
) -> list[str]:
    reasons = []
    for cid in award.required:
        if cid in held_ids:
            continue
        course = catalogue.courses.get(cid)
        if course is None:
            reasons.append(f"The required course {cid} is not in this catalogue; ask an advisor.")
            continue
        why = unavailable_reason(course, constraints, nation, start_date)
        if why:
            reasons.append(f"The required course {cid} is not available to you: {why}.")
            continue
        for prerequisite in _missing_prerequisites(catalogue, course, held_ids):
            why = unavailable_reason(prerequisite, constraints, nation, start_date)
            if why:
                reasons.append(
                    f"The required course {cid} needs {prerequisite.id} first, which is not available "
                    f"to you: {why}."
                )
    return reasons


def _missing_prerequisites(catalogue: Catalogue, course: Course, held_ids: set[str]) -> list[Course]:
    found: dict[str, Course] = {}
    stack = list(course.prerequisites)
    while stack:
        cid = stack.pop()
        if cid in held_ids or cid in found or cid not in catalogue.courses:
            continue
        found[cid] = catalogue.courses[cid]
        stack.extend(found[cid].prerequisites)
    return list(found.values())


def _run(search: _Search) -> None:
    award = search.award
    by_id = {c.course.id: c for c in search.candidates}
    lookup = {**search.extra, **by_id}
    keys = search.level_keys
    base = Tally.empty(award)
    for course in search.held:
        base = base.add(fit_course(award, course), keys)

    forced: set[str] = set()
    for cid in award.required:
        if cid in by_id:
            forced |= by_id[cid].closure
    tally = base
    for cid in sorted(forced):
        tally = tally.add(lookup[cid].fit, keys)
    cost = sum(lookup[cid].net for cid in forced)
    requirements = _requirements(award)
    rpl_available = min(search.rpl, award.rpl_cap)

    def shortfalls(t: Tally) -> list[int]:
        """Credits each requirement still lacks, each relaxed on its own (RPL applied where it may)."""
        out = [max(0, award.credits - t.course_credits - rpl_available)]
        for i, level in enumerate(keys):
            rpl = rpl_available if level <= award.level else 0
            out.append(max(0, award.min_credits_at_level[level] - t.level_credits[i] - rpl))
        for g, group in enumerate(award.choose):
            into = t.group_fixed[g] + sum(c for _id, c, groups in t.flexible if g in groups)
            out.append(max(0, group.credits - into))
        return out

    def helps(entry: _Candidate, r: int) -> bool:
        kind, index = requirements[r]
        fit = entry.fit
        if not fit.countable:
            return False
        if kind == "total":
            return True
        if kind == "level":
            return keys[index] in fit.levels
        return not fit.required and index in fit.groups

    members = [[i for i, e in enumerate(search.candidates) if helps(e, r)] for r in range(len(requirements))]
    entries = search.candidates
    credits = [max(e.course.credits, 1) for e in entries]
    work = [e.course.hours_per_week * e.course.duration_weeks for e in entries]
    unit_cost = [sorted(m, key=lambda i: entries[i].net / credits[i]) for m in members]
    unit_work = [sorted(m, key=lambda i: work[i] / credits[i]) for m in members]
    soonest = [sorted(m, key=lambda i: entries[i].earliest_finish) for m in members]
    prerequisites = [e.closure - {e.course.id} for e in entries]
    index_of = {e.course.id: i for i, e in enumerate(entries)}
    planned = [c for c in search.held if c.id in search.planned_ids]
    # Study load never exceeds the weekly hours (a planned course may exceed them alone), so the weeks
    # are at least the total hour-weeks of study divided by the hours available.
    capacity = max([search.hours, *(c.hours_per_week for c in planned)]) if search.hours is not None else None

    finish_weeks = [math.ceil(e.earliest_finish / 7) for e in entries]
    involved = [*(e.course for e in entries), *(lookup[cid].course for e in entries for cid in e.closure)]
    fixed_only = all(not c.rolling_start for c in [*planned, *involved])
    # With fixed start dates only, nothing can finish after the last start plus its duration.
    horizon = (
        max(
            [0]
            + [
                math.ceil(((max(c.start_dates) - search.start_date).days) / 7) + c.duration_weeks
                for c in [*planned, *involved]
                if c.start_dates
            ]
        )
        if fixed_only
        else math.inf
    )

    def could_improve(i: int, c: float) -> bool:
        """Whether taking candidate i could still lead to a strictly better plan than the best so far."""
        best = search.best_key
        if best is None:
            return True
        if search.objective == "cheapest":
            return c + entries[i].net <= best[0] + 1e-9
        return finish_weeks[i] <= best[0]

    def open_(i: int, position: int, chosen: frozenset[str], excluded: frozenset[str], c: float) -> bool:
        return (
            i >= position
            and entries[i].course.id not in chosen
            and not prerequisites[i] & excluded
            and could_improve(i, c)
        )

    def cover(
        order: list[int],
        amount: list[float],
        short: int,
        position: int,
        chosen: frozenset[str],
        excluded: frozenset[str],
        c: float,
    ) -> float:
        """Cheapest fractional cover of `short` credits by open candidates, in `amount` units."""
        need = float(short)
        spent = 0.0
        for i in order:
            if not open_(i, position, chosen, excluded, c):
                continue
            take = min(need, credits[i])
            spent += amount[i] * take / credits[i]
            need -= take
            if need <= 0:
                return spent
        return math.inf

    net_amounts = [e.net for e in entries]

    def bounds(
        shorts: list[int], position: int, chosen: frozenset[str], excluded: frozenset[str], c: float
    ) -> tuple[float, int, float]:
        """Lower bounds on the extra cost, the finish day and the extra hour-weeks of any completion."""
        extra_cost = 0.0
        latest = 0
        extra_work = 0.0
        for r, short in enumerate(shorts):
            if short <= 0:
                continue
            spend = cover(unit_cost[r], net_amounts, short, position, chosen, excluded, c)
            if spend == math.inf:
                return math.inf, 0, 0.0
            extra_cost = max(extra_cost, spend)
            if capacity is not None:
                extra_work = max(extra_work, cover(unit_work[r], work, short, position, chosen, excluded, c))
            # The courses that cover the shortfall finish no sooner than the soonest ones that could.
            gathered = 0
            for i in soonest[r]:
                if open_(i, position, chosen, excluded, c):
                    gathered += entries[i].course.credits
                    if gathered >= short:
                        latest = max(latest, entries[i].earliest_finish)
                        break
        return extra_cost, latest, extra_work

    def objective_key(c: float, weeks: int) -> tuple[float, float]:
        return (round(c, 2), weeks) if search.objective == "cheapest" else (weeks, round(c, 2))

    def weeks_bound(finish_day: int, hour_weeks: float) -> int:
        weeks = math.ceil(finish_day / 7)
        if capacity is not None:
            weeks = max(weeks, math.ceil(hour_weeks / capacity - 1e-9))
        return weeks

    planned_ids = search.planned_ids

    def schedule_of(chosen: frozenset[str]) -> list[_Slot] | None:
        courses = [*planned, *(lookup[cid].course for cid in sorted(chosen))]
        return schedule_courses(courses, search.start_date, search.hours, planned_ids)

    def visit(
        position: int,
        chosen: frozenset[str],
        excluded: frozenset[str],
        t: Tally,
        c: float,
        slots: list[_Slot],
        w: float,
    ) -> None:
        """One node: `chosen` courses taken (cost `c`, scheduled as `slots`, `w` hour-weeks of study),
        `excluded` ruled out. More courses never finish sooner, so the weeks of `slots` bound every
        completion of this node from below."""
        search.nodes += 1
        if search.nodes > search.node_limit:
            search.truncated = True
            return
        if search.budget is not None and c > search.budget + 1e-9:
            return
        weeks_now = _weeks(search.start_date, slots)
        shorts = shortfalls(t)
        if not any(shorts) and evaluate_tally(award, t, search.rpl).complete:
            _consider(search, chosen, objective_key(c, weeks_now), slots)
            return
        extra_cost, latest, extra_work = bounds(shorts, position, chosen, excluded, c)
        if extra_cost == math.inf:
            return
        weeks_lower = max(weeks_now, weeks_bound(latest, w + extra_work))
        if weeks_lower > horizon:
            return
        if search.budget is not None and c + extra_cost > search.budget + 1e-9:
            return
        lower = objective_key(c + extra_cost, weeks_lower)
        if search.best_key is not None and lower >= search.best_key[:2]:
            return
        position = _next_open(search, position, chosen)
        if position >= len(entries):
            return
        entry = entries[position]
        adds = entry.closure - chosen
        if not adds & excluded and could_improve(position, c):
            with_it = chosen | adds
            scheduled = schedule_of(with_it)
            if scheduled is None:
                search.schedule_failures += 1
            else:
                t_in = t
                for cid in sorted(adds, key=lambda x: index_of.get(x, -1)):
                    t_in = t_in.add(lookup[cid].fit, keys)
                visit(
                    position + 1,
                    with_it,
                    excluded,
                    t_in,
                    c + sum(lookup[cid].net for cid in adds),
                    scheduled,
                    w
                    + sum(
                        lookup[cid].course.hours_per_week * lookup[cid].course.duration_weeks for cid in adds
                    ),
                )
        visit(position + 1, chosen, excluded | {entry.course.id}, t, c, slots, w)

    base_work = sum(c.hours_per_week * c.duration_weeks for c in planned)
    base_work += sum(lookup[cid].course.hours_per_week * lookup[cid].course.duration_weeks for cid in forced)
    root = schedule_of(frozenset(forced))
    if root is None:
        search.schedule_failures += 1
        return
    visit(0, frozenset(forced), frozenset(), tally, cost, root, base_work)


def _next_open(search: _Search, position: int, chosen: frozenset[str]) -> int:
    while position < len(search.candidates) and search.candidates[position].course.id in chosen:
        position += 1
    return position


def _consider(
    search: _Search, chosen: frozenset[str], objective: tuple[float, float], slots: list[_Slot]
) -> None:
    key = (*objective, len(chosen), tuple(sorted(chosen)))
    if search.best_key is None or key < search.best_key:
        search.best_key = key
        search.best = (chosen, slots)


def _requirements(award: Award) -> list[tuple[str, int]]:
    return [
        ("total", 0),
        *(("level", i) for i in range(len(award.min_credits_at_level))),
        *(("group", g) for g in range(len(award.choose))),
    ]


def _why_no_plan(search: _Search, current: AwardAudit) -> list[str]:
    award = search.award
    everything = [
        *search.held,
        *(c.course for c in search.candidates),
        *(c.course for c in search.extra.values()),
    ]
    best_possible = audit(award, everything, search.rpl)
    if not best_possible.complete:
        reasons = ["Even with every course available to you, the award cannot be completed:"]
        reasons += list(best_possible.unmet)
        return reasons
    if search.truncated:
        return ["The search for a plan took too long; ask an advisor to plan this route with you."]
    if search.budget is not None:
        return [f"No set of courses that completes the award fits your budget of £{search.budget:,.2f}."]
    if search.schedule_failures:
        hours = f" with {search.hours:g} hours a week" if search.hours is not None else ""
        return [
            "The courses that would complete the award cannot all be fitted into the published start dates"
            f"{hours}; more study time each week, or later start dates from the college, would help."
        ]
    return [f"No plan was found for {award.title}; ask an advisor."]  # pragma: no cover - defensive


# --- what can I reach ----------------------------------------------------------------------------


def reachable(catalogue: Catalogue, done: Sequence[str], rpl_credits: int = 0) -> list[ReachableAward]:
    """Every award, closest first: complete ones, then by the fewest credits still needed (required
    courses, groups and at-level minimums included), then by credits remaining, then by id."""
    if rpl_credits < 0:
        raise PlanningError("RPL credits cannot be negative")
    courses = _unique(_courses(catalogue, done))
    results = []
    for award in catalogue.awards.values():
        result = audit(award, courses, rpl_credits)
        # The audit knows no catalogue; here missing required courses add their own credits.
        missing_required = sum(
            catalogue.courses[cid].credits for cid in result.required_missing if cid in catalogue.courses
        )
        group_short = sum(g.credits_needed - g.credits_placed for g in result.groups if not g.met)
        still_needed = max(result.credits_still_needed, missing_required + group_short)
        results.append(
            ReachableAward(
                award_id=award.id,
                title=award.title,
                short=award.short,
                credits_required=result.credits_required,
                credits_counted=result.credits_counted,
                credits_remaining=result.credits_remaining,
                credits_still_needed=still_needed,
                complete=result.complete,
                missing=result.unmet,
            )
        )
    results.sort(key=lambda r: (not r.complete, r.credits_still_needed, r.credits_remaining, r.award_id))
    return results
