"""Degree audit: which completed courses count towards an award, where, and what is still missing.

Implements the counting rules of catalogue-format.md ("Rules for counting"):

- each course counts whole, once, in one place: `required`, one `choose` group, or the `electives`;
- placement meets as many `choose` groups as possible, then counts the most credits;
- `min_credits_at_level` counts a course when its level, converted to the award's framework, is at or above
  the level (`levels.is_at_or_above`);
- RPL credits are at the award's own level, count towards the total and `min_credits_at_level` (for levels at
  or below the award's level), never towards `required` or `choose`, and are used only up to the cap and only
  as far as still needed after the courses (see `rpl_credits_to_use`).

Judgement calls (documented for advisors):

- A course listed in `required` always fills its required slot. Using it in a `choose` group instead could
  never make the award complete, so it is never moved.
- Groups have no upper limit, so every course that fits any group or the electives counts; the total of
  counted credits does not depend on placement. Placement only decides which groups are met. Among
  placements that meet the most groups we keep the one that makes the most progress towards the unmet
  groups (the sum over groups of placed credits, each capped at what the group needs), so "what is
  missing" is as small as it can honestly be.
- A course that fits a group and also the electives goes to the group: that never meets fewer groups.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from advisor.domain.catalogue import Award, Course, Pool
from advisor.domain.levels import describe_level, is_at_most, is_at_or_above

PlaceKind = Literal["required", "choose", "electives", "not_counted"]

ALREADY_COUNTED = "already counted: this course is listed more than once"


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class CoursePlacement(_Result):
    """Where one completed course counted, or why it did not."""

    course_id: str
    title: str
    credits: int
    counted: bool
    place: PlaceKind
    group: int | None = None  # 1-based number of the choose group, when place == "choose"
    explanation: str


class GroupStatus(_Result):
    number: int  # 1-based, as people count
    description: str
    credits_needed: int
    credits_placed: int
    met: bool
    course_ids: tuple[str, ...]


class LevelStatus(_Result):
    level: int
    credits_needed: int
    credits_from_courses: int
    rpl_credits: int
    met: bool


class AwardAudit(_Result):
    award_id: str
    award_title: str
    credits_required: int
    credits_counted: int  # course credits counted plus rpl_credits_used
    course_credits_counted: int
    rpl_credits_claimed: int
    rpl_credits_cap: int
    rpl_credits_used: int
    credits_remaining: int  # max(0, credits_required - credits_counted)
    credits_still_needed: int  # at least this many more credits complete the award (required, groups, levels)
    complete: bool
    unmet: tuple[str, ...]
    required_done: tuple[str, ...]
    required_missing: tuple[str, ...]
    groups: tuple[GroupStatus, ...]
    levels: tuple[LevelStatus, ...]
    placements: tuple[CoursePlacement, ...]


# --- how one course fits one award ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CourseFit:
    """Everything the counting rules need to know about one course against one award."""

    course_id: str
    credits: int
    required: bool
    groups: tuple[int, ...]  # 0-based indices of the choose groups whose pool admits the course
    elective: bool
    levels: tuple[int, ...]  # min_credits_at_level keys the course counts towards

    @property
    def countable(self) -> bool:
        return self.required or bool(self.groups) or self.elective


# Fits are asked for again and again while planning; catalogues are immutable, so remember them. Entries keep
# the award and course alive, so an id is never reused while its entry exists; the cache is emptied when full.
_FIT_CACHE: dict[tuple[int, int], tuple[Award, Course, CourseFit]] = {}
_FIT_CACHE_LIMIT = 50_000


def fit_course(award: Award, course: Course) -> CourseFit:
    key = (id(award), id(course))
    cached = _FIT_CACHE.get(key)
    if cached is not None and cached[0] is award and cached[1] is course:
        return cached[2]
    fit = _fit_course(award, course)
    if len(_FIT_CACHE) >= _FIT_CACHE_LIMIT:
        _FIT_CACHE.clear()
    _FIT_CACHE[key] = (award, course, fit)
    return fit


def _fit_course(award: Award, course: Course) -> CourseFit:
    framework = award.level_framework
    return CourseFit(
        course_id=course.id,
        credits=course.credits,
        required=course.id in award.required,
        groups=tuple(i for i, group in enumerate(award.choose) if _admits(group.pool, course, framework)),
        elective=award.electives is not None and _admits(award.electives, course, framework),
        levels=tuple(
            level
            for level in sorted(award.min_credits_at_level)
            if is_at_or_above(course.level, course.level_framework, level, framework)
        ),
    )


def _admits(pool: Pool, course: Course, framework: str) -> bool:
    """The same test as `pool_rejection`, without building the explanation."""
    if pool.ids is not None and course.id not in pool.ids:
        return False
    if pool.sectors is not None and course.sector not in pool.sectors:
        return False
    if pool.min_level is not None and not is_at_or_above(
        course.level, course.level_framework, pool.min_level, framework
    ):
        return False
    return pool.max_level is None or is_at_most(
        course.level, course.level_framework, pool.max_level, framework
    )


def pool_rejection(pool: Pool, course: Course, framework: str, what: str = "this group") -> str:
    """Why `course` is not in `pool`, in plain English; empty when it is. Levels name their framework
    whenever the course's framework differs from the award's."""
    if pool.ids is not None and course.id not in pool.ids:
        return f"it is not one of the courses listed for {what}"
    if pool.sectors is not None and course.sector not in pool.sectors:
        return f"its subject area ({course.sector}) is not one of {_or_list(pool.sectors)}"
    own = _course_level_text(course, framework)
    plural = what.endswith("electives")
    if pool.min_level is not None and not is_at_or_above(
        course.level, course.level_framework, pool.min_level, framework
    ):
        return f"{own} is below the level {pool.min_level} {what} {'need' if plural else 'needs'}"
    if pool.max_level is not None and not is_at_most(
        course.level, course.level_framework, pool.max_level, framework
    ):
        return f"{own} is above the level {pool.max_level} {what} {'allow' if plural else 'allows'}"
    return ""


def _course_level_text(course: Course, award_framework: str) -> str:
    if course.level_framework == award_framework or {course.level_framework, award_framework} <= {
        "RQF",
        "FHEQ",
        "CQFW",
    }:
        return f"level {course.level}"
    return describe_level(course.level, course.level_framework)


def describe_pool(pool: Pool | None) -> str:
    """'construction or green-energy courses at level 4 to 5', 'any course', 'bim-essentials or ...'."""
    if pool is None:
        return "no courses"
    if pool.ids is not None:
        subject = _or_list(pool.ids)
        if pool.sectors is not None:
            subject += f" (in {_or_list(pool.sectors)})"
    elif pool.sectors is not None:
        subject = f"{_or_list(pool.sectors)} courses"
    else:
        subject = "any course"
    return subject + _level_range_text(pool.min_level, pool.max_level)


def _level_range_text(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f" at level {low}" if low == high else f" at level {low} to {high}"
    if low is not None:
        return f" at level {low} or above"
    if high is not None:
        return f" at level {high} or below"
    return ""


def _or_list(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def _credits(n: int) -> str:
    return f"{n} credit" if n == 1 else f"{n} credits"


def _more(n: int) -> str:
    return f"{n} more credit" if n == 1 else f"{n} more credits"


# --- placement -----------------------------------------------------------------------------------


def best_group_placement(
    needs: Sequence[int], fixed: Sequence[int], flexible: Sequence[tuple[int, tuple[int, ...]]]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Place each flexible course (credits, admissible groups) in one of its groups so that the most groups
    are met, then the most capped progress is made. `fixed` is what the groups already hold.

    Exact: a dynamic programme over the groups' progress, each capped at its need (a met group gains nothing
    from more), keeping only the Pareto-best states after each course. Both objectives grow with every
    component of the state and the transitions keep that order, so dropping dominated states is safe.
    Returns (the group index chosen for each flexible course, the final placed credits per group).
    """
    start = tuple(min(have, need) for have, need in zip(fixed, needs, strict=True))
    layers: list[_Layer] = []
    states: _Layer = {start: (start, -1)}
    for credits, groups in flexible:
        following: _Layer = {}
        for state in states:
            for g in groups:
                moved = list(state)
                moved[g] = min(needs[g], moved[g] + credits)
                key = tuple(moved)
                if key not in following:
                    following[key] = (state, g)
        following = _pareto(following) if len(following) > 1 else following
        layers.append(following)
        states = following

    def score(state: tuple[int, ...]) -> tuple[int, int]:
        return (sum(1 for have, need in zip(state, needs, strict=True) if have >= need), sum(state))

    best = max(states, key=score)
    chosen: list[int] = []
    state = best
    for layer in reversed(layers):
        previous, g = layer[state]
        chosen.append(g)
        state = previous
    chosen.reverse()
    placed = list(fixed)
    for (credits, _groups), g in zip(flexible, chosen, strict=True):
        placed[g] += credits
    return tuple(chosen), tuple(placed)


_Layer = dict[tuple[int, ...], tuple[tuple[int, ...], int]]


def _pareto(states: _Layer) -> _Layer:
    """Only the states no other state matches or beats in every group."""
    ordered = sorted(states, key=sum, reverse=True)
    kept: list[tuple[int, ...]] = []
    for state in ordered:
        if not any(all(k >= s for k, s in zip(other, state, strict=True)) for other in kept):
            kept.append(state)
    return {state: states[state] for state in kept}


def rpl_credits_to_use(claimed: int, cap: int, total_shortfall: int, level_shortfalls: Iterable[int]) -> int:
    """RPL used = min(claimed, cap, still needed), where still needed is the smallest amount that covers both
    the remaining total and every remaining at-level shortfall RPL can count towards: the largest of them
    (one RPL credit reduces every one of those shortfalls at once)."""
    still_needed = max([max(0, total_shortfall), *(max(0, s) for s in level_shortfalls)])
    return max(0, min(claimed, cap, still_needed))


@dataclass(frozen=True, slots=True)
class _Count:
    """The numbers of an audit, before any wording (shared with planning, which evaluates many sets)."""

    course_credits: int
    rpl_used: int
    group_placed: tuple[int, ...]
    group_choice: dict[str, int]  # course id -> group index for courses placed in a group
    level_credits: dict[int, int]
    required_missing: tuple[str, ...]
    complete: bool
    still_needed: int


@dataclass(frozen=True, slots=True)
class Tally:
    """Running sums of counted courses against one award; immutable so a search can branch cheaply."""

    course_credits: int
    level_credits: tuple[int, ...]  # in the order of sorted(award.min_credits_at_level)
    group_fixed: tuple[int, ...]  # credits of courses that fit exactly one group
    flexible: tuple[tuple[str, int, tuple[int, ...]], ...]  # (id, credits, groups) of multi-group courses
    single_choice: tuple[tuple[str, int], ...]  # (id, group) of single-group courses
    required_held: frozenset[str]

    @staticmethod
    def empty(award: Award) -> Tally:
        return Tally(0, (0,) * len(award.min_credits_at_level), (0,) * len(award.choose), (), (), frozenset())

    def add(self, fit: CourseFit, level_keys: Sequence[int]) -> Tally:
        if not fit.countable:
            return self
        levels = self.level_credits
        if fit.levels:
            levels = tuple(
                have + (fit.credits if key in fit.levels else 0)
                for have, key in zip(levels, level_keys, strict=True)
            )
        fixed, flexible = self.group_fixed, self.flexible
        single, held = self.single_choice, self.required_held
        if fit.required:
            held = held | {fit.course_id}
        elif len(fit.groups) == 1:
            g = fit.groups[0]
            fixed = (*fixed[:g], fixed[g] + fit.credits, *fixed[g + 1 :])
            single = (*single, (fit.course_id, g))
        elif fit.groups:
            flexible = (*flexible, (fit.course_id, fit.credits, fit.groups))
        return Tally(self.course_credits + fit.credits, levels, fixed, flexible, single, held)


def count_fits(award: Award, fits: Sequence[CourseFit], rpl_credits: int = 0) -> _Count:
    """Apply the counting rules to fits of distinct courses (no duplicates)."""
    keys = sorted(award.min_credits_at_level)
    tally = Tally.empty(award)
    for fit in fits:
        tally = tally.add(fit, keys)
    return evaluate_tally(award, tally, rpl_credits)


def evaluate_tally(award: Award, tally: Tally, rpl_credits: int = 0) -> _Count:
    needs = [group.credits for group in award.choose]
    group_choice: dict[str, int] = dict(tally.single_choice)
    if tally.flexible:
        chosen, placed = best_group_placement(
            needs, tally.group_fixed, [(credits, groups) for _id, credits, groups in tally.flexible]
        )
        group_choice.update(zip((cid for cid, _c, _g in tally.flexible), chosen, strict=True))
    else:
        placed = tally.group_fixed
    keys = sorted(award.min_credits_at_level)
    level_credits = dict(zip(keys, tally.level_credits, strict=True))
    rpl_levels = [level for level in keys if level <= award.level]
    total_short = award.credits - tally.course_credits
    level_short = {level: award.min_credits_at_level[level] - level_credits[level] for level in keys}
    rpl_used = rpl_credits_to_use(
        rpl_credits, award.rpl_cap, total_short, (level_short[level] for level in rpl_levels)
    )
    required_missing = tuple(cid for cid in award.required if cid not in tally.required_held)
    group_short = [max(0, need - have) for need, have in zip(needs, placed, strict=True)]
    level_after = [
        max(0, short - (rpl_used if level in rpl_levels else 0)) for level, short in level_short.items()
    ]
    total_after = max(0, total_short - rpl_used)
    complete = not required_missing and not any(group_short) and not any(level_after) and total_after == 0
    still_needed = max([total_after, sum(group_short), *level_after])
    return _Count(
        course_credits=tally.course_credits,
        rpl_used=rpl_used,
        group_placed=tuple(placed),
        group_choice=group_choice,
        level_credits=level_credits,
        required_missing=required_missing,
        complete=complete,
        still_needed=still_needed,
    )


# --- the audit -----------------------------------------------------------------------------------


def audit(award: Award, completed_courses: Iterable[Course], rpl_credits: int = 0) -> AwardAudit:
    """Count `completed_courses` (and claimed RPL credits) towards `award`, explaining every step."""
    if rpl_credits < 0:
        raise ValueError("RPL credits cannot be negative")
    courses: list[Course] = []
    duplicates: list[Course] = []
    seen: set[str] = set()
    for course in completed_courses:
        (duplicates if course.id in seen else courses).append(course)
        seen.add(course.id)
    fits = [fit_course(award, course) for course in courses]
    count = count_fits(award, fits, rpl_credits)

    placements = [_placement(award, course, fit, count) for course, fit in zip(courses, fits, strict=True)]
    placements += [
        CoursePlacement(
            course_id=course.id,
            title=course.title,
            credits=course.credits,
            counted=False,
            place="not_counted",
            explanation=ALREADY_COUNTED,
        )
        for course in duplicates
    ]

    groups = tuple(
        GroupStatus(
            number=i + 1,
            description=f"{_credits(group.credits)} from {describe_pool(group.pool)}",
            credits_needed=group.credits,
            credits_placed=count.group_placed[i],
            met=count.group_placed[i] >= group.credits,
            course_ids=tuple(cid for cid, g in count.group_choice.items() if g == i),
        )
        for i, group in enumerate(award.choose)
    )
    rpl_levels = {level for level in award.min_credits_at_level if level <= award.level}
    levels = tuple(
        LevelStatus(
            level=level,
            credits_needed=need,
            credits_from_courses=count.level_credits[level],
            rpl_credits=count.rpl_used if level in rpl_levels else 0,
            met=count.level_credits[level] + (count.rpl_used if level in rpl_levels else 0) >= need,
        )
        for level, need in sorted(award.min_credits_at_level.items())
    )
    counted = count.course_credits + count.rpl_used
    unmet = _unmet(award, count, groups, levels, counted)
    return AwardAudit(
        award_id=award.id,
        award_title=award.title,
        credits_required=award.credits,
        credits_counted=counted,
        course_credits_counted=count.course_credits,
        rpl_credits_claimed=rpl_credits,
        rpl_credits_cap=award.rpl_cap,
        rpl_credits_used=count.rpl_used,
        credits_remaining=max(0, award.credits - counted),
        credits_still_needed=count.still_needed,
        complete=count.complete,
        unmet=tuple(unmet),
        required_done=tuple(cid for cid in award.required if cid not in count.required_missing),
        required_missing=count.required_missing,
        groups=groups,
        levels=levels,
        placements=tuple(placements),
    )


def _placement(award: Award, course: Course, fit: CourseFit, count: _Count) -> CoursePlacement:
    common = {"course_id": course.id, "title": course.title, "credits": course.credits}
    if fit.required:
        return CoursePlacement(
            **common, counted=True, place="required", explanation="counts as a required course"
        )
    if course.id in count.group_choice:
        g = count.group_choice[course.id]
        group = award.choose[g]
        return CoursePlacement(
            **common,
            counted=True,
            place="choose",
            group=g + 1,
            explanation=f"counts towards group {g + 1} ({_credits(group.credits)} from "
            f"{describe_pool(group.pool)})",
        )
    if fit.elective:
        return CoursePlacement(**common, counted=True, place="electives", explanation="counts as an elective")
    return CoursePlacement(
        **common, counted=False, place="not_counted", explanation=_why_not_counted(award, course)
    )


def _why_not_counted(award: Award, course: Course) -> str:
    framework = award.level_framework
    reasons = [
        f"group {i + 1}: {pool_rejection(group.pool, course, framework, 'this group')}"
        for i, group in enumerate(award.choose)
    ]
    if award.electives is not None:
        reasons.append(f"electives: {pool_rejection(award.electives, course, framework, 'the electives')}")
    if not reasons:
        return "not in any pool of this award: it counts only its required courses"
    if len(reasons) == 1:
        return "does not count: " + reasons[0].split(": ", 1)[1]
    return "not in any pool of this award (" + "; ".join(reasons) + ")"


def _unmet(
    award: Award,
    count: _Count,
    groups: Sequence[GroupStatus],
    levels: Sequence[LevelStatus],
    counted: int,
) -> list[str]:
    unmet = [f"Complete the required course {cid}." for cid in count.required_missing]
    for group, spec in zip(groups, award.choose, strict=True):
        if not group.met:
            short = group.credits_needed - group.credits_placed
            source = describe_pool(spec.pool)
            unmet.append(
                f"Group {group.number} needs {_credits(group.credits_needed)} from {source}; "
                f"{group.credits_placed} count so far, so {_more(short)} from "
                f"{source} would meet it."
            )
    for level in levels:
        if not level.met:
            have = level.credits_from_courses + level.rpl_credits
            rpl_note = f" (including {level.rpl_credits} RPL)" if level.rpl_credits else ""
            unmet.append(
                f"The award needs {_credits(level.credits_needed)} at level {level.level} or above; "
                f"{have} count so far{rpl_note}, so {_more(level.credits_needed - have)} at "
                f"level {level.level} or above would meet it."
            )
    if counted < award.credits:
        sources = ["the groups above"] if award.choose else []
        if award.electives is not None:
            sources.append(describe_pool(award.electives))
        where = " or ".join(sources) or "the required courses"
        unmet.append(
            f"The award needs {_credits(award.credits)} in all; {counted} count so far, so "
            f"{_more(award.credits - counted)} from {where} would meet it."
        )
    return unmet
