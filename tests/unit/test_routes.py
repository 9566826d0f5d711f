"""The counting rules of catalogue-format.md, one table row per rule (degree audit)."""

from __future__ import annotations

import pytest
from engine_builders import award, course, group, pool

from advisor.domain.routes import audit, rpl_credits_to_use


def placements(result):  # type: ignore[no-untyped-def]
    return {p.course_id: p for p in result.placements}


def test_required_course_counts_in_required_and_missing_one_is_named() -> None:
    a = award(credits=30, required=("core-a", "core-b"), electives=pool())
    result = audit(a, [course("core-a")])
    assert placements(result)["core-a"].place == "required"
    assert result.required_missing == ("core-b",)
    assert "Complete the required course core-b." in result.unmet
    assert not result.complete


def test_group_met_then_extra_credits_still_count_towards_total() -> None:
    a = award(credits=45, choose=(group(30, sectors=["construction"]),))
    result = audit(a, [course("a"), course("b"), course("c")])
    assert result.groups[0].credits_placed == 45
    assert result.groups[0].met
    assert result.credits_counted == 45
    assert result.complete


def test_electives_count_towards_total_only() -> None:
    a = award(credits=30, choose=(group(15, ids=["core"]),), electives=pool(min_level=4))
    result = audit(a, [course("core"), course("extra", sector="digital")])
    assert placements(result)["extra"].place == "electives"
    assert result.credits_counted == 30
    assert result.complete


@pytest.mark.parametrize(
    ("the_course", "reason"),
    [
        (course("low", level=3), "level 3 is below the level 4 this group needs"),
        (course("other", sector="digital"), "its subject area (digital) is not one of construction"),
        (course("high", level=6), "level 6 is above the level 5 this group allows"),
        (course("scot", framework="SCQF", level=6), "SCQF level 6 is below the level 4 this group needs"),
    ],
)
def test_course_that_fits_nowhere_does_not_count_and_says_why(the_course, reason) -> None:  # type: ignore[no-untyped-def]
    a = award(credits=30, choose=(group(30, sectors=["construction"], min_level=4, max_level=5),))
    result = audit(a, [the_course])
    placed = placements(result)[the_course.id]
    assert not placed.counted
    assert reason in placed.explanation
    assert result.credits_counted == 0


def test_course_outside_every_pool_names_each_pool() -> None:
    a = award(credits=30, choose=(group(15, ids=["x"]),), electives=pool(sectors=["digital"]))
    explanation = placements(audit(a, [course("y")]))["y"].explanation
    assert explanation.startswith("not in any pool of this award")
    assert "group 1: it is not one of the courses listed for this group" in explanation
    assert "electives: its subject area (construction) is not one of digital" in explanation


def test_course_counted_once_even_when_listed_twice() -> None:
    a = award(credits=30, electives=pool())
    result = audit(a, [course("a"), course("a")])
    assert result.credits_counted == 15
    assert [p.explanation for p in result.placements if not p.counted] == [
        "already counted: this course is listed more than once"
    ]


def test_award_that_only_lists_required_courses_explains_other_courses() -> None:
    a = award(credits=15, required=("core",))
    result = audit(a, [course("core"), course("stray")])
    assert placements(result)["stray"].explanation == (
        "not in any pool of this award: it counts only its required courses"
    )
    assert result.complete


def test_placement_meets_most_groups_where_first_fit_would_not() -> None:
    # "both" fits both groups and comes first; putting it in group 1 (first fit) would leave group 2
    # empty, because "only-1" can only go in group 1.
    a = award(
        credits=30,
        choose=(group(15, sectors=["construction", "green-energy"]), group(15, ids=["both"])),
    )
    result = audit(a, [course("both"), course("only-1", sector="green-energy")])
    assert [g.met for g in result.groups] == [True, True]
    assert placements(result)["both"].group == 2
    assert placements(result)["only-1"].group == 1
    assert result.complete


def test_placement_prefers_progress_towards_unmet_groups_when_groups_tie() -> None:
    a = award(credits=60, choose=(group(30, sectors=["construction"]), group(30, sectors=["construction"])))
    result = audit(a, [course("a"), course("b"), course("c")])
    assert sum(g.met for g in result.groups) == 1
    assert sorted(g.credits_placed for g in result.groups) == [15, 30]
    assert result.credits_still_needed == 15


def test_required_course_is_not_used_for_a_group() -> None:
    a = award(credits=30, required=("core",), choose=(group(15, sectors=["construction"]),))
    result = audit(a, [course("core")])
    assert placements(result)["core"].place == "required"
    assert not result.groups[0].met


@pytest.mark.parametrize(
    ("award_framework", "at_level", "course_framework", "course_level", "counts"),
    [
        ("RQF", 4, "RQF", 4, True),
        ("RQF", 4, "RQF", 3, False),
        ("RQF", 4, "SCQF", 7, True),  # SCQF 7 = RQF 4
        ("RQF", 4, "SCQF", 6, False),  # SCQF 6 = RQF 3
        ("RQF", 6, "SCQF", 10, True),  # SCQF 9-10 = 6
        ("RQF", 5, "FHEQ", 5, True),
        ("RQF", 4, "CQFW", 4, True),
        ("SCQF", 9, "FHEQ", 6, True),  # FHEQ 6 = SCQF 9-10
        ("SCQF", 10, "FHEQ", 6, True),  # the top of the range reaches 10
        ("SCQF", 11, "FHEQ", 6, False),
        ("SCQF", 7, "RQF", 4, True),
        ("SCQF", 8, "RQF", 4, False),
        ("SCQF", 6, "RQF", 3, True),  # RQF 1-3 = SCQF 4-6
    ],
)
def test_min_credits_at_level_converts_across_frameworks(  # type: ignore[no-untyped-def]
    award_framework, at_level, course_framework, course_level, counts
) -> None:
    a = award(
        credits=15, level=at_level, framework=award_framework, electives=pool(), min_at_level={at_level: 15}
    )
    result = audit(a, [course("c", framework=course_framework, level=course_level)])
    assert result.levels[0].credits_from_courses == (15 if counts else 0)
    assert result.complete is counts


def test_unmet_at_level_says_what_would_meet_it() -> None:
    a = award(credits=30, electives=pool(), min_at_level={5: 30})
    result = audit(a, [course("a", level=5), course("b", level=4)])
    assert (
        "The award needs 30 credits at level 5 or above; 15 count so far, so 15 more credits at level 5 "
        "or above would meet it." in result.unmet
    )


def test_unmet_group_says_what_would_meet_it() -> None:
    a = award(credits=45, choose=(group(30, sectors=["construction", "green-energy"], min_level=4),))
    result = audit(a, [course("a")])
    assert any(
        "15 more credits from construction or green-energy courses at level 4 or above would meet it" in u
        for u in result.unmet
    )


@pytest.mark.parametrize(
    ("fraction", "credits", "cap"),
    [
        (0.5, 120, 60),
        (0.3, 120, 36),
        (1 / 3, 120, 40),
        (0.33, 120, 39),
        (0.33, 36, 11),
        (0.5, 45, 22),
        (0.0, 120, 0),
    ],
)
def test_rpl_capped_at_floor_of_fraction_times_credits(fraction: float, credits: int, cap: int) -> None:
    a = award(credits=credits, electives=pool(), rpl=fraction)
    result = audit(a, [], rpl_credits=500)
    assert result.rpl_credits_cap == cap
    assert result.rpl_credits_used == cap


def test_rpl_used_only_as_far_as_needed_for_the_total() -> None:
    a = award(credits=60, electives=pool(), rpl=0.5)
    result = audit(a, [course("a"), course("b"), course("c")], rpl_credits=30)
    assert result.rpl_credits_used == 15
    assert result.credits_counted == 60
    assert result.complete


def test_rpl_covers_an_at_level_shortfall_larger_than_the_total_one() -> None:
    a = award(credits=30, electives=pool(), min_at_level={4: 30}, rpl=0.5)
    result = audit(a, [course("a"), course("low", level=3)], rpl_credits=40)
    assert result.credits_counted == 45  # 30 from courses (one below level 4) and 15 RPL
    assert result.rpl_credits_used == 15
    assert result.levels[0].rpl_credits == 15
    assert result.complete


def test_rpl_never_meets_required_or_choose() -> None:
    a = award(credits=60, required=("core",), choose=(group(15, ids=["x"]),), electives=pool(), rpl=1.0)
    result = audit(a, [], rpl_credits=60)
    assert result.rpl_credits_used == 60
    assert result.required_missing == ("core",)
    assert not result.groups[0].met
    assert not result.complete


def test_rpl_does_not_count_towards_a_level_above_the_award() -> None:
    a = award(credits=30, level=4, electives=pool(), min_at_level={5: 15}, rpl=0.5)
    result = audit(a, [course("a", level=4)], rpl_credits=15)
    assert result.rpl_credits_used == 15
    assert result.levels[0].rpl_credits == 0
    assert not result.complete


def test_rpl_to_use_is_max_of_shortfalls_bounded_by_cap_and_claim() -> None:
    assert rpl_credits_to_use(claimed=50, cap=40, total_shortfall=10, level_shortfalls=[30]) == 30
    assert rpl_credits_to_use(claimed=20, cap=40, total_shortfall=10, level_shortfalls=[30]) == 20
    assert rpl_credits_to_use(claimed=50, cap=25, total_shortfall=10, level_shortfalls=[30]) == 25
    assert rpl_credits_to_use(claimed=50, cap=40, total_shortfall=-5, level_shortfalls=[-1]) == 0


def test_negative_rpl_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        audit(award(), [], rpl_credits=-1)


def test_complete_only_when_every_rule_holds() -> None:
    a = award(
        credits=60,
        required=("core",),
        choose=(group(15, sectors=["green-energy"]),),
        electives=pool(min_level=4),
        min_at_level={5: 15},
    )
    done = [course("core"), course("g", sector="green-energy"), course("e", level=5)]
    assert not audit(a, done).complete  # 45 of 60
    full = audit(a, [*done, course("f")])
    assert full.complete
    assert full.unmet == ()
    assert full.credits_remaining == 0


def test_total_shortfall_message_names_where_credits_may_come_from() -> None:
    a = award(credits=60, choose=(group(15, ids=["x"]),), electives=pool(sectors=["digital"], min_level=4))
    result = audit(a, [course("x")])
    assert (
        "The award needs 60 credits in all; 15 count so far, so 45 more credits from the groups above or "
        "digital courses at level 4 or above would meet it." in result.unmet
    )
