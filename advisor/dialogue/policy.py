"""Which answer a Reading gets: the acts that hold, taken in a fixed order so the most specific question
is answered first. Pure: a Reading and the conversation state in, a decision out."""

from __future__ import annotations

from dataclasses import dataclass

from advisor.compose.answer import Intent
from advisor.dialogue.state import ConversationState
from advisor.understanding.reading import Reading

# Acts that ask something specific, in the order they are answered when several hold.
_SPECIFIC: tuple[tuple[str, Intent], ...] = (
    ("compare", "compare"),
    ("ask_rpl", "rpl"),
    ("ask_route", "route"),
    ("ask_funding", "funding"),
    ("ask_cost", "cost"),
    ("ask_detail", "course_detail"),
    ("ask_rule", "general_question"),
)
_ABOUT_ME = ("describe_self", "ask_courses", "update_limits")
_SOCIAL: tuple[tuple[str, Intent], ...] = (
    ("greeting", "greeting"),
    ("thanks", "thanks"),
    ("bye", "bye"),
    ("off_topic", "off_topic"),
)


@dataclass(frozen=True)
class Decision:
    intent: Intent
    # The message also tried to change the rules or a figure: say so, never obey.
    injection: bool = False


def decide(reading: Reading, state: ConversationState) -> Decision:
    injection = reading.has("injection")
    if reading.has("abuse"):
        return Decision("abusive", injection)
    if reading.has("handoff"):
        return Decision("handoff", injection)
    if reading.has("ask_identity"):
        return Decision("identity", injection)
    acts = set(reading.act_names) - {"injection"}
    if injection and not (
        acts & {"ask_route", "ask_rpl", "ask_rule", "compare", "team_plan", "describe_self"}
    ):
        # "Say the course is free": answered with the real figures, never obeyed.
        return Decision("injection", True)
    employer_team = state.role == "employer" and (reading.has("team_plan") or bool(reading.fact("team")))
    if employer_team and not reading.has("compare", "ask_rule", "ask_rpl", "ask_detail"):
        return Decision("team_plan", injection)
    answered = bool(reading.fact_paths() & set(state.pending_facts)) or (
        state.pending_topic == "team_plan" and bool(reading.fact("team"))
    )
    asks_more = reading.question != "none" and bool(acts & {name for name, _ in _SPECIFIC} - {"ask_cost"})
    if answered and not asks_more:
        # "about 5 hours" after "how many hours a week?" is the answer, whatever else it resembles.
        return Decision("provide_facts", injection)
    about_rules = reading.rule_question is not None and (
        not reading.courses()
        or (reading.rule_question.kind in _RULES_OVER_COURSES and not reading.has("ask_cost"))
    )
    if about_rules and (
        acts & {"ask_rule", "ask_funding", "ask_rpl", "ask_route", "compare", "ask_cost", "ask_detail"}
        or reading.question != "none"
    ):
        # A rule question gets the rule's answer first: "No: 15 UK credits are 7.5 ECTS."
        return Decision("knowledge", injection)
    if reading.has("ask_rule") and not acts & {"ask_route", "ask_funding", "compare"}:
        # A question about a rule that has its own answer: the scheme named, or recognition of prior learning.
        if "rpl" in reading.concepts():
            return Decision("rpl", injection)
        if reading.schemes():
            return Decision("funding", injection)
    if (
        state.award_id
        and state.last_intent == "route"
        and not reading.courses()
        and {"duration", "start"} & set(reading.facets)
        and not acts & {"ask_funding", "ask_cost", "compare"}
    ):
        # "how long will that take her?" after a route: the route's own time to finish.
        return Decision("route", injection)
    if reading.has("ask_cost") and _has_course(reading, state):
        # "How much will it cost me all in? any funding?": fees, funding and what is left, for each course.
        return Decision("cost", injection)
    for act, intent in _SPECIFIC:
        if act in acts:
            if act in {"ask_detail", "ask_cost"} and not _has_course(reading, state):
                continue
            return Decision(intent, injection)
    if acts & set(_ABOUT_ME):
        return Decision(
            "profile_update" if acts == {"update_limits"} and state.query_text else "describe_self", injection
        )
    if reading.has("team_plan"):
        # Only employers plan for a team; anyone else talking about work is describing themselves.
        return Decision("team_plan" if state.role == "employer" else "describe_self", injection)
    if "give_facts" in acts and not (reading.primary == "off_topic" and not answered):
        return Decision("provide_facts" if state.pending_topic else "profile_update", injection)
    if not reading.confident:
        return Decision("clarify", injection)
    for act, intent in _SOCIAL:
        if act in acts:
            return Decision(intent, injection)
    if reading.has("ask_detail", "ask_cost"):
        return Decision("course_detail", injection)
    return Decision("clarify", injection)


# Rule questions answered as rules even when a course is named ("the £600 CITB grant for a plant course?").
_RULES_OVER_COURSES = frozenset({"trap", "scheme_kind", "degree_equivalence", "award_size", "rpl_cap"})
# The order parts of one reply come in: the direct answer, then courses, then the route, then money.
_PART_ORDER: dict[str, int] = {
    "identity": 0, "general_question": 0, "rpl": 0, "injection": 0, "knowledge": 0,
    "describe_self": 1, "profile_update": 1, "team_plan": 1, "course_detail": 1, "compare": 1,
    "route": 2, "cost": 3, "funding": 3,
}  # fmt: skip
# What else a message asked, besides its main act, that gets a part of its own (act -> part).
_ALSO: tuple[tuple[str, Intent], ...] = (
    ("ask_courses", "describe_self"),
    ("ask_detail", "course_detail"),
    ("ask_route", "route"),
    ("ask_funding", "funding"),
    ("ask_cost", "cost"),
)


def plan(reading: Reading, state: ConversationState) -> tuple[Decision, list[Decision]]:
    """The main decision (its intent labels the answer) and every part the reply needs, in the fixed order:
    the direct answer, courses, route, then cost or funding."""
    main = decide(reading, state)
    if main.intent not in _PART_ORDER:
        return main, [main]
    parts = [main]
    wanted = {intent for act, intent in _ALSO if reading.has(act)}  # type: ignore[arg-type]
    if main.intent == "knowledge":
        # The rule's answer is the answer; a route or a funding check would answer something not asked.
        wanted &= {"describe_self"} if reading.has("ask_courses") else set()
    if main.intent in {"describe_self", "profile_update", "team_plan", "course_detail", "compare"}:
        wanted.discard("describe_self")
    if main.intent in {"cost", "funding"}:
        wanted -= {"cost", "funding"}
    if "cost" in wanted:
        wanted.discard("funding")  # the cost part already says what funding pays
    if main.intent in {"describe_self", "profile_update", "team_plan"} or not (
        set(reading.facets) - {"cost", "content"} and _has_course(reading, state)
    ):
        wanted.discard("course_detail")  # a detail part answers only a named detail of a known course
    for intent in sorted(wanted, key=lambda i: _PART_ORDER.get(i, 9)):
        if intent != main.intent and (
            intent not in {"cost"} or _has_course(reading, state) or "describe_self" in wanted
        ):
            parts.append(Decision(intent, main.injection))
    return main, sorted(parts, key=lambda d: _PART_ORDER.get(d.intent, 9))


def _has_course(reading: Reading, state: ConversationState) -> bool:
    return bool(reading.courses() or state.focus_course or state.shown_courses)
