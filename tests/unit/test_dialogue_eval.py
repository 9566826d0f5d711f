"""The labelled dialogue evaluation: every check kind passing and failing on a fake conversation that returns
fixed answers, and a bad set refused with the line named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from advisor.compose.answer import Answer, CourseCard, FundingItem, TeamLine, TeamPlan
from advisor.dialogue.evaluate import (
    DialogueSetError,
    KnownIds,
    evaluate,
    format_report,
    load_cases,
    parse_cases,
)
from advisor.dialogue.state import ConversationState
from advisor.domain.profile import EmployerFacts, Profile


def _card(cid: str) -> dict[str, Any]:
    return {
        "id": cid, "title": cid.title(), "level": 3, "credits": 15, "cost_gbp": 480.0,
        "level_framework": "RQF", "hours_per_week": 10.0, "duration_weeks": 8, "delivery_mode": "online",
        "sector": "construction", "notional_hours": 150,
    }  # fmt: skip


RETROFIT = Answer(
    session_id="s",
    reply="Here are two retrofit courses. Retrofit Awareness is free; Retrofit Assessment costs £1,050.",
    courses=[CourseCard(**_card("retrofit-awareness")), CourseCard(**_card("retrofit-assessment"))],
    funding=[
        FundingItem(scheme_id="citb-network", name="CITB network", status="eligible", course_id="a"),
        FundingItem(scheme_id="citb-network", name="CITB network", status="not_eligible", course_id="b"),
        FundingItem(scheme_id="lle", name="LLE", status="unknown"),
    ],
)
ROUTE = Answer(
    session_id="s",
    reply="To finish the HNC you need 90 more credits. How many hours a week can you study?",
    route={
        "award_id": "hnc-construction",
        "suggested": ["construction-tech"],
        "placements": [{"course_id": "retrofit-assessment", "counted": True}],
    },
    questions=["How many hours a week can you study?"],
)
TEAM = Answer(
    session_id="s",
    reply="For 6 electricians: 6 x £480 = £2,880.",
    team_plan=TeamPlan(
        lines=[TeamLine(role="electrician", staff=6, course_id="ev-charging", fee_per_person_gbp=480)],
        staff_total=6,
        fees_total_gbp=2880,
    ),
)
SCRIPT = {"retrofit please": RETROFIT, "what about the hnc": ROUTE, "six sparkies, ev": TEAM}
KNOWN = KnownIds(
    courses=frozenset(
        {"retrofit-awareness", "retrofit-assessment", "construction-tech", "ev-charging", "english"}
    ),
    awards=frozenset({"hnc-construction", "hnd-construction"}),
    schemes=frozenset({"citb-network", "lle", "pla"}),
)


class FakeConversation:
    """Returns a fixed answer per message, and records a 12-person CITB-registered employer on the way."""

    def __init__(self) -> None:
        self.sessions: list[str] = []

    def respond(self, state: ConversationState, message: str) -> tuple[Answer, ConversationState]:
        if message == "boom":
            raise RuntimeError("engine fell over")
        self.sessions.append(state.session_id)
        profile = state.profile.merged(
            Profile(
                role=state.role,
                occupation="Builder",
                goals=("retrofit", "heat pumps"),
                employer=EmployerFacts(size=12, citb_registered=True),
            )
        )
        answer = SCRIPT[message].model_copy(update={"session_id": state.session_id})
        return answer, state.model_copy(update={"profile": profile, "turns": state.turns + 1})


def _run(checks: list[dict[str, Any]], turns: list[str] | None = None, role: str = "employer") -> list[str]:
    """The failure lines of one case with `checks` played over `turns`."""
    line = json.dumps({"id": "c1", "role": role, "turns": turns or ["retrofit please"], "checks": checks})
    report = evaluate(FakeConversation(), parse_cases([line], "set.jsonl", KNOWN), catalogue="Test")
    return [f.line() for f in report.failures]


PASSING = [
    {"courses_any": ["english", "retrofit-assessment"]},
    {"courses_all": ["retrofit-awareness", "retrofit-assessment"]},
    {"courses_none": ["english"]},
    {"funding": {"citb-network": "eligible", "lle": "unknown"}},
    {"funding": {"citb-network": "not_eligible"}},
    {"reply_re": "£1,?050"},
    {"reply_re": "^here are"},
    {"reply_not_re": "how many (staff|people)"},
    {"profile": {"employer.size": 12, "employer.citb_registered": True, "role": "employer"}},
    {"profile": {"occupation": "builder", "goals": "retrofit"}},
    {"profile": {"goals": ["heat pumps", "retrofit"]}},
    {"no_question": True},
]
FAILING = [
    ({"courses_any": ["english", "ev-charging"]}, "got retrofit-awareness, retrofit-assessment"),
    ({"courses_all": ["retrofit-awareness", "english"]}, "missing english"),
    ({"courses_none": ["retrofit-assessment"]}, "shown retrofit-assessment"),
    ({"funding": {"lle": "eligible"}}, "lle is unknown"),
    ({"funding": {"pla": "not_eligible"}}, "pla is not checked"),
    ({"route_award": "hnc-construction"}, "route award is none"),
    ({"reply_re": "\\b7\\.5\\b"}, "not in reply"),
    ({"reply_not_re": "retrofit courses"}, "found 'retrofit courses' in reply"),
    ({"profile": {"employer.size": 14}}, "employer.size is 12"),
    ({"profile": {"learner.age": 38}}, "learner.age is null"),
    ({"profile": {"goals": "plumbing"}}, "goals is"),
    ({"no_question": False}, "no question in reply"),
]


@pytest.mark.parametrize("check", PASSING, ids=lambda c: next(iter(c)))
def test_each_check_kind_passes_when_the_answer_has_it(check: dict[str, Any]) -> None:
    assert _run([{"turn": 0, **check}]) == []


@pytest.mark.parametrize("check,detail", FAILING, ids=lambda c: next(iter(c)) if isinstance(c, dict) else "")
def test_each_check_kind_fails_with_what_was_found(check: dict[str, Any], detail: str) -> None:
    [failure] = _run([{"turn": 0, **check}])
    assert failure.startswith(f"c1 (employer) turn 0: {next(iter(check))} ")
    assert detail in failure


def test_route_courses_team_plan_and_questions_are_checked_on_the_right_turn() -> None:
    turns = ["retrofit please", "what about the hnc", "six sparkies, ev"]
    assert (
        _run(
            [
                {"turn": 1, "route_award": "hnc-construction", "courses_all": ["construction-tech"]},
                {"turn": 1, "courses_any": ["retrofit-assessment"], "no_question": False},
                {"turn": -1, "courses_all": ["ev-charging"], "reply_re": "£2,?880"},
                {"turn": 2, "courses_none": ["english", "retrofit-assessment"]},
                {"turn": 1, "route_award": ["hnd-construction", "hnc-construction"]},
            ],
            turns,
        )
        == []
    )
    failures = _run(
        [
            {"turn": 1, "no_question": True, "reply_not_re": "how many hours"},
            {"turn": 1, "route_award": ["hnd-construction"]},
        ],
        turns,
    )
    assert len(failures) == 3
    assert failures[0].startswith("c1 (employer) turn 1: no_question true: asked ")
    assert "found 'How many hours' in reply" in failures[1]
    assert "route award is hnc-construction" in failures[2]


def test_reply_not_re_also_searches_the_questions() -> None:
    answer = ROUTE.model_copy(update={"reply": "To finish the HNC you need 90 more credits."})
    SCRIPT["questions only"] = answer
    try:
        [failure] = _run([{"turn": 0, "reply_not_re": "hours a week"}], ["questions only"])
    finally:
        del SCRIPT["questions only"]
    assert "in question" in failure


def test_report_counts_cases_per_role_and_each_session_is_new() -> None:
    lines = [
        _line(id="a", role="learner", turns=["retrofit please"], checks=[{"courses_any": ["english"]}]),
        _line(
            id="b",
            role="employer",
            turns=["retrofit please", "six sparkies, ev"],
            checks=[{"turn": 0, "no_question": True}, {"turn": 1, "reply_re": "2,880"}],
        ),
        _line(id="c", role="advisor", turns=["retrofit please", "boom"], checks=[{"reply_re": "x"}]),
    ]
    fake = FakeConversation()
    report = evaluate(fake, parse_cases(lines, "set.jsonl", KNOWN), catalogue="Test College")
    assert (report.cases.passed, report.cases.total) == (1, 3)
    assert {r: (t.passed, t.total) for r, t in report.per_role().items()} == {
        "learner": (0, 1),
        "advisor": (0, 1),
        "employer": (1, 1),
    }
    assert (report.checks.passed, report.checks.total) == (2, 4)
    assert fake.sessions == ["eval-a", "eval-b", "eval-b", "eval-c"]
    text = format_report(report)
    assert "a (learner) turn 0: courses_any" in text
    assert 'c (advisor) turn 1: reply_re "x": turn 1 raised RuntimeError: engine fell over' in text
    assert "cases passed: 1 / 3 (33.3%)" in text and "  employer  1 / 1 (100.0%)" in text
    assert text.splitlines()[-1] == (
        "catalogue Test College: 1 / 3 (33.3%) cases passed (learner 0/1, advisor 0/1, employer 1/1)"
    )
    data = report.to_json()
    assert data["cases"] == {"passed": 1, "total": 3, "pass_rate": 0.3333}
    assert data["roles"]["employer"]["pass_rate"] == 1.0
    assert [f["case"] for f in data["failures"]] == ["a", "c"]
    json.dumps(data)


def _line(**fields: Any) -> str:
    return json.dumps({"id": "x", "turns": ["hi"], **fields})


GOOD = _line(id="ok", role="learner", turns=["retrofit please"], checks=[{"turn": 0, "no_question": True}])
BAD_LINES = [
    ("{oops", "set.jsonl:2: not valid JSON"),
    ("[1, 2]", "set.jsonl:2: expected a JSON object"),
    (_line(role="boss", checks=[{"no_question": True}]), "set.jsonl:2: role"),
    (_line(turns=[], checks=[{"no_question": True}]), "set.jsonl:2: turns"),
    (_line(checks=[]), "set.jsonl:2: checks"),
    (_line(checks=[{"turn": 1, "no_question": True}]), "set.jsonl:2: checks[0]: turn"),
    (_line(checks=[{"turn": 0}]), "set.jsonl:2: checks[0]: has no check"),
    (_line(checks=[{"reply_like": "a"}]), "unknown check 'reply_like'"),
    (_line(checks=[{"courses_any": ["nope"]}]), "unknown course id(s) nope"),
    (_line(checks=[{"route_award": "phd"}]), "unknown award id(s) phd"),
    (_line(checks=[{"funding": {"lle": "maybe"}}]), "lle: status must be"),
    (_line(checks=[{"funding": {"gift": "eligible"}}]), "unknown scheme id(s) gift"),
    (_line(checks=[{"reply_re": "(unclosed"}]), "not a valid regular expression"),
    (_line(checks=[{"profile": {"learner.shoe_size": 9}}]), "learner.shoe_size: not a field of learner"),
    (_line(checks=[{"profile": {"age": 9}}]), "age: not a profile field"),
    (_line(checks=[{"no_question": "yes"}]), "no_question: must be true or false"),
    (_line(id="ok", checks=[{"no_question": True}]), "set.jsonl:2: id: 'ok' is already used"),
]


@pytest.mark.parametrize("bad,message", BAD_LINES)
def test_a_bad_line_is_refused_with_its_line_number(bad: str, message: str) -> None:
    with pytest.raises(DialogueSetError) as refused:
        parse_cases([GOOD, bad], "set.jsonl", KNOWN)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)


def test_load_cases_reads_a_file_skipping_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text(GOOD + "\n\n" + GOOD.replace('"ok"', '"ok2"') + "\n", encoding="utf-8")
    cases = load_cases(path, KNOWN)
    assert [(c.id, c.line) for c in cases] == [("ok", 1), ("ok2", 3)]
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(DialogueSetError, match="no conversations"):
        load_cases(empty, KNOWN)
    with pytest.raises(DialogueSetError, match="no such file"):
        load_cases(tmp_path / "missing.jsonl", KNOWN)


def test_the_kestrel_set_reads_against_the_bundled_catalogue() -> None:
    from advisor.catalogue import load_catalogue
    from advisor.config import BUNDLED_CATALOGUE, PROJECT_ROOT

    path = PROJECT_ROOT / "tests" / "data" / "dialogues_kestrel.jsonl"
    if not path.is_file():
        pytest.skip("no Kestrel dialogue set")
    cases = load_cases(path, KnownIds.of(load_catalogue(BUNDLED_CATALOGUE)))
    assert len(cases) >= 90
    assert sum(len(c.turns) > 1 for c in cases) / len(cases) >= 0.45
    assert {c.role for c in cases} == {"learner", "advisor", "employer"}
