"""A small catalogue built in code, and a conversation over it, for the dialogue and grounding tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from advisor.compose.answer import Answer
from advisor.dialogue.state import ConversationState
from advisor.dialogue.turn import Conversation
from advisor.dialogue.wiring import build_conversation
from advisor.domain.catalogue import Award, Catalogue, CatalogueInfo, Course, Guide, Pool, Scheme

TODAY = dt.date(2026, 12, 1)
CONTACT = "https://college.example/advice"


def _course(cid: str, title: str, **fields: Any) -> Course:
    base: dict[str, Any] = {
        "id": cid, "title": title, "provider": "Test College", "summary": "A short practical course.",
        "learning_outcomes": ("Do the main task well",), "sector": "data", "level_framework": "RQF",
        "level": 3, "credits": 15, "notional_hours": 150, "delivery_mode": "online", "hours_per_week": 5.0,
        "duration_weeks": 10, "cost_gbp": 400.0, "start_dates": (dt.date(2027, 1, 11),),
        "assessment": "project", "quality_assurance": "Ofqual regulated", "nations": ("England",),
    }  # fmt: skip
    base.update(fields)
    base["notional_hours"] = max(base["credits"] * 10, 1)
    return Course(**base)


COURSES = [
    _course(
        "power-bi-dashboards", "Power BI Dashboards", cost_gbp=350.0, skills=("power bi", "dashboards"),
        summary="Build clear dashboards from business data with Power BI.", occupations=("data analyst",),
    ),
    _course(
        "sql-for-analysis", "SQL for Data Analysis", cost_gbp=300.0, hours_per_week=4.0, duration_weeks=8,
        skills=("sql", "databases"), summary="Query data with SQL to answer business questions.",
        occupations=("data analyst",),
    ),
    _course(
        "python-data-l4", "Python for Data Analysis", level=4, credits=30, cost_gbp=900.0, hours_per_week=8.0,
        duration_weeks=15, delivery_mode="blended", skills=("python", "pandas"),
        summary="Clean and analyse data with Python.", occupations=("data analyst",),
    ),
    _course(
        "ev-charging-install", "EV Charge Point Installation", sector="construction", credits=9,
        cost_gbp=480.0,
        delivery_mode="in_person", hours_per_week=22.5, duration_weeks=4, skills=("ev charging",),
        summary="Install electric vehicle charge points safely.", occupations=("electrician",),
    ),
    _course(
        "care-team-leading", "Leading a Care Team", sector="social-care", level=4, credits=30, cost_gbp=750.0,
        delivery_mode="blended", skills=("leadership", "care"), occupations=("care worker", "team leader"),
        summary="Lead and support a small team in adult social care.",
    ),
]  # fmt: skip

AWARD = Award(
    id="certhe-data", title="Certificate of Higher Education in Data", short="CertHE", level_framework="RQF",
    level=4, credits=120, min_credits_at_level={4: 30}, electives=Pool(sectors=("data",), min_level=3),
    rpl_max_fraction=0.5,
)  # fmt: skip

SCHEMES = [
    Scheme.model_validate(
        {
            "id": "adult-loan", "name": "Advanced Learner Loan", "kind": "loan", "for": "learner",
            "nations": ("England",),
            "when": {"all": [{"field": "learner.age", "op": "ge", "value": 19},
                             {"field": "course.level", "op": "between", "value": [3, 6]}]},
            "covers": {"percent_of_fee": 100}, "summary": "A loan for the fee of a level 3 to 6 course.",
            "how_to_apply": "Apply online.", "source_url": "https://example.org/loan",
            "last_verified": TODAY, "check_with_advisor": "When you start paying it back changes. Ask us.",
        }
    ),
    Scheme.model_validate(
        {
            "id": "bootcamp-employer", "name": "Skills Bootcamp (employer)", "kind": "co_funding",
            "for": "employer", "nations": ("England",),
            "when": {"field": "employer.size", "op": "lt", "value": 250},
            "covers": {"percent_of_fee": 90}, "summary": "Employers with under 250 staff pay 10% of the fee.",
            "how_to_apply": "Ask the college.", "source_url": "https://example.org/bootcamp",
            "last_verified": TODAY,
        }
    ),
]  # fmt: skip

GUIDES = [
    Guide(
        id="what-is-an-hnc", title="What is an HNC?",
        body="# What is an HNC?\n\n## What an HNC is\n\nAn HNC is a Higher National Certificate. "
        "It is a college qualification. It is one step below a degree.\n",
    ),
    Guide(
        id="prior-learning", title="Recognition of prior learning",
        body="# Recognition of prior learning\n\n## Can my experience count?\n\n"
        "Recognition of prior learning "
        "means what you already know can count. The college checks your evidence.\n",
    ),
]  # fmt: skip


def small_catalogue() -> Catalogue:
    return Catalogue(
        info=CatalogueInfo(
            name="Test College", publisher="Test College", version="1", updated=TODAY, nations=("England",),
            contact_url=CONTACT,
        ),
        courses={c.id: c for c in COURSES},
        awards={AWARD.id: AWARD},
        schemes={s.id: s for s in SCHEMES},
        guides={g.id: g for g in GUIDES},
    )  # fmt: skip


def conversation(**overrides: Any) -> Conversation:
    return build_conversation(small_catalogue(), today=lambda: TODAY, **overrides)


def talk(
    conv: Conversation, messages: list[str], role: str = "learner"
) -> list[tuple[Answer, ConversationState]]:
    """Run `messages` through one conversation; every reply must pass the grounding check."""
    state = ConversationState.new("test-session", role)  # type: ignore[arg-type]
    turns = []
    for message in messages:
        answer, state = conv.respond(state, message)
        assert answer.grounded, f"fallback sent for {message!r}"
        assert conv.check(answer, state.profile).ok
        turns.append((answer, state))
    return turns
