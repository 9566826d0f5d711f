"""One chat turn: state + message -> answer + new state. The same service serves every front end.

    conversation = Conversation(catalogue, matcher=..., planner=..., funding=..., guides=...)
    answer, state = conversation.respond(state, "I'm an electrician and want to fit EV chargers")

The turn reads the message (facts and intent), asks the engines (retrieval, route planning, funding rules),
fills the answer data, renders a template from `prompts/`, explains jargon the first time, and runs the
grounding checker. A reply that fails the check is never sent: a safe fallback is. An optional phraser (the
LLM adapter) may reword a checked reply; its wording must pass the same check or the template is kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from advisor.compose.answer import (
    Answer,
    Citation,
    CitationKind,
    CostLine,
    CostSummary,
    CourseCard,
    FundingItem,
    Handoff,
    Intent,
    RuleAnswerView,
    RuleFigure,
    TeamLine,
    TeamPlan,
)
from advisor.compose.grounding import GroundingReport, check_reply, mentioned_entities
from advisor.compose.templates import Templates, default_templates
from advisor.dialogue.awards import award_for
from advisor.dialogue.policy import Decision, plan
from advisor.dialogue.ports import (
    CourseMatch,
    FundingRules,
    GuidePassage,
    GuideSearch,
    Matcher,
    ProfileReader,
)
from advisor.dialogue.ports import RoutePlanner as RoutePlannerPort
from advisor.dialogue.questions import facts_to_ask, question_for
from advisor.dialogue.state import ConversationState
from advisor.domain.catalogue import Catalogue, Course
from advisor.domain.knowledge import Figure, answer_rule_question
from advisor.domain.profile import Profile, Role
from advisor.understanding.reader import MessageReader, ReadContext
from advisor.understanding.reading import Reading

# Jargon explained the first time it appears, and the pattern that spots it in a reply.
_JARGON: dict[str, re.Pattern[str]] = {
    "credit": re.compile(r"\bcredits?\b", re.IGNORECASE),
    "level": re.compile(r"\blevels? \d|\bentry level\b", re.IGNORECASE),
    "HNC": re.compile(r"\bHNC\b"),
    "HND": re.compile(r"\bHND\b"),
    "RPL": re.compile(r"\bRPL\b|recognition of prior learning", re.IGNORECASE),
    "LLE": re.compile(r"\bLLE\b|Lifelong Learning Entitlement"),
    "levy": re.compile(r"\blevy\b", re.IGNORECASE),
}
_MAX_QUERY_CHARS = 600
# "What is RPL?" asks for a definition, not whether it applies to you.
_WHAT_IS = re.compile(r"\s*(?:what(?:'s| is| does)|explain|define)\b", re.IGNORECASE)
# Catalogue course ids as they appear in the engine's requirement lines.
_COURSE_ID = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b")
# Ways people say their time is limited without giving hours: worth asking how many.
_LIMITED_TIME = re.compile(
    r"\b(evenings?|weekends?|after work|around (?:my )?(?:shifts|work|kids|children)|not much time|busy|"
    r"part[- ]time)\b",
    re.IGNORECASE,
)
# Words that show a question is about learning or work, even when no guide answers it.
_ON_TOPIC = re.compile(
    r"\b(course|study|studying|qualification|college|credit|level|training|train|career|job|work|fund|"
    r"loan|fee|learn|apprentice|degree|skill|exam|assessment|enrol|certificate|diploma|module|teacher|tutor|"
    r"rpl|lle|prior learning|entitlement|micro-?credential|ects|scqf|rqf|fheq|cqfw|bootcamp|levy|citb|grant|"
    r"online|campus|timetable|hnc|hnd|certhe|diphe|pgcert|master|stack|qualif|advis|employ|staff|lesson|class)",
    re.IGNORECASE,
)
log = logging.getLogger(__name__)
# The social acts and the template that answers each.
_SIMPLE_TEMPLATE: dict[str, str] = {
    "abuse": "abusive",
    "thanks": "thanks",
    "bye": "bye",
    "off_topic": "off_topic",
}


class Phraser(Protocol):
    """Rewords a checked reply (the optional LLM). Returns None to keep the template wording."""

    def rephrase(self, reply: str, answer: Answer, role: Role) -> str | None: ...


@dataclass
class _Draft:
    """What a handler decided; the turn renders and checks it."""

    intent: Intent
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    courses: list[CourseCard] = field(default_factory=list)
    route: dict[str, Any] | None = None
    funding: list[FundingItem] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    handoff: Handoff | None = None
    team_plan: TeamPlan | None = None
    costs: CostSummary | None = None
    rule: RuleAnswerView | None = None
    state: dict[str, Any] = field(default_factory=dict)
    # Several parts of one reply (a direct answer, then courses, then money), each with its own template.
    parts: list[_Draft] = field(default_factory=list)


def _merged_state(drafts: Sequence[_Draft]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for draft in drafts:
        merged.update(draft.state)
    return merged


def _merge(drafts: list[_Draft], decision: Decision) -> _Draft:
    """One answer from the parts: courses, citations and funding in order without repeats, at most one
    question (the last part's: money comes last and its missing fact matters most), the last suggestions."""
    if len(drafts) == 1:
        return drafts[0]
    asking = next((d for d in reversed(drafts) if d.questions), None)
    parts = [
        d if d is asking else replace(d, questions=[], context={**d.context, "questions": []}) for d in drafts
    ]
    courses = list({c.id: c for d in parts for c in d.courses}.values())
    main = next((d for d in parts if d.intent == decision.intent), parts[0])
    return _Draft(
        intent=main.intent,
        template=main.template,
        courses=courses,
        route=next((d.route for d in parts if d.route), None),
        funding=[f for d in parts for f in d.funding],
        questions=asking.questions[:1] if asking else [],
        citations=[c for d in parts for c in d.citations],
        suggestions=parts[-1].suggestions,
        handoff=next((d.handoff for d in parts if d.handoff), None),
        team_plan=next((d.team_plan for d in parts if d.team_plan), None),
        costs=next((d.costs for d in parts if d.costs), None),
        rule=next((d.rule for d in parts if d.rule), None),
        state=_merged_state(parts),
        parts=parts,
    )


@dataclass
class Conversation:
    catalogue: Catalogue
    matcher: Matcher
    planner: RoutePlannerPort
    funding: FundingRules
    guides: GuideSearch
    reader: MessageReader
    profile_reader: ProfileReader | None = None
    phraser: Phraser | None = None
    templates: Templates = field(default_factory=default_templates)
    today: Callable[[], dt.date] = dt.date.today
    courses_to_show: int = 3

    # --- the one public method ----------------------------------------------------------------

    def respond(
        self, state: ConversationState, message: str, role: Role | None = None
    ) -> tuple[Answer, ConversationState]:
        """Answer `message` in the conversation `state`; returns the answer and the state after it."""
        message = message.strip()[:4000]
        role = role or state.role
        if role != state.role:
            state = state.model_copy(
                update={"role": role, "profile": state.profile.model_copy(update={"role": role})}
            )
        reading = self.reader.read(message, self._read_context(state))
        stated = self._stated(reading, role)
        state = state.model_copy(update={"profile": state.profile.merged(stated)})
        decision, parts = plan(reading, state)
        drafts: list[_Draft] = []
        for part in parts:
            drafts.append(self._dispatch(part, reading, state.model_copy(update=_merged_state(drafts))))
        return self._finish(_merge(drafts, decision), state, reading, decision)

    # --- reading the message ------------------------------------------------------------------

    def _read_context(self, state: ConversationState) -> ReadContext:
        return ReadContext(
            role=state.role,
            asked=state.pending_facts,
            shown=state.shown_courses,
            focus=state.focus_course,
            today=self.today(),
        )

    def _stated(self, reading: Reading, role: Role) -> Profile:
        """What this message says about the person: the facts read, plus occupation, goals and subjects."""
        facts = self.reader.profile_of(reading, role)
        if self.profile_reader is None or not reading.text:
            return facts
        return self.profile_reader.read(reading.text, facts).model_copy(update={"role": role})

    def _dispatch(self, decision: Decision, reading: Reading, state: ConversationState) -> _Draft:
        kind = decision.intent
        if kind == "provide_facts":
            if state.pending_topic == "suggest" or (not state.pending_topic and state.query_text):
                return replace(self._suggest(reading, state), intent="profile_update")
            if state.pending_topic == "team_plan" or (state.role == "employer" and state.profile.team):
                return replace(self._team_plan(reading, state), intent="provide_facts")
            if state.pending_topic == "funding":
                return replace(self._funding(reading, state), intent="provide_facts")
            return self._about_you(reading, state)
        handlers: dict[str, Callable[[Reading, ConversationState], _Draft]] = {
            "greeting": self._greeting,
            "describe_self": self._suggest,
            "profile_update": self._suggest,
            "course_detail": self._detail,
            "compare": self._compare,
            "route": self._route,
            "funding": self._funding,
            "rpl": self._rpl,
            "general_question": self._general,
            "handoff": self._handoff,
            "team_plan": self._team_plan,
            "off_topic": self._simple,
            "abusive": self._simple,
            "thanks": self._simple,
            "bye": self._simple,
            "identity": self._identity,
            "cost": self._cost,
            "knowledge": self._knowledge,
            "clarify": self._clarify,
            "injection": self._injection,
        }
        if kind == "describe_self" and state.role == "employer" and state.profile.team:
            kind = "team_plan"
        draft = handlers[kind](reading, state)
        if draft.template in {"off_topic", "abusive", "thanks", "bye"}:
            return draft
        if kind in {"describe_self", "profile_update"} and draft.intent == "suggest_courses":
            draft = replace(draft, intent=kind)
        return draft

    # --- handlers -----------------------------------------------------------------------------

    def _simple(self, reading: Reading, state: ConversationState) -> _Draft:
        kind = next((_SIMPLE_TEMPLATE[a] for a in reading.act_names if a in _SIMPLE_TEMPLATE), "off_topic")
        return _Draft(intent=kind, template=kind, suggestions=self._starter_suggestions(state))  # type: ignore[arg-type]

    def _identity(self, reading: Reading, state: ConversationState) -> _Draft:
        handoff = self._handoff_data(state, reason="asked whether they are talking to a person")
        return _Draft(
            intent="identity",
            template="identity",
            context={"college": self.catalogue.info.name, "contact_url": handoff.contact_url},
            handoff=handoff,
            suggestions=["Can I speak to a person?", *self._starter_suggestions(state)[:2]],
        )

    def _clarify(self, reading: Reading, state: ConversationState) -> _Draft:
        """Not sure what was meant: one short question rather than a guess."""
        return _Draft(
            intent="clarify",
            template="clarify",
            context={"courses_shown": bool(state.shown_courses), "who": state.role},
            suggestions=self._starter_suggestions(state),
        )

    def _about_you(self, reading: Reading, state: ConversationState) -> _Draft:
        """Facts with nothing to do with them yet: thank, keep them, and ask what the person wants."""
        return _Draft(
            intent="provide_facts",
            template="ask_about_you",
            context={"noted": True},
            suggestions=self._starter_suggestions(state),
        )

    def _greeting(self, reading: Reading, state: ConversationState) -> _Draft:
        return _Draft(
            intent="greeting",
            template="greeting",
            context={"college": self.catalogue.info.name, "demo": self.catalogue.info.demo},
            suggestions=self._starter_suggestions(state),
        )

    def _suggest(self, reading: Reading, state: ConversationState) -> _Draft:
        query = self._query_text(reading, state)
        if not query.strip():
            return _Draft(
                intent="describe_self", template="ask_about_you", suggestions=self._starter_suggestions(state)
            )
        vector = self.reader.search_vector(reading, query, state.query_text)
        matches = self.matcher.match(query, state.profile, max(self.courses_to_show, 5), vector=vector)
        relevant = [m for m in matches if m.relevant and m.course_id in self.catalogue.courses]
        shown = relevant[: self.courses_to_show if state.role == "learner" else 5]
        state_update = {"query_text": query}
        if not shown:
            handoff = self._handoff_data(state, reason="no course fits the goal")
            near = [n for n in getattr(matches, "near_misses", ()) if n.course_id in self.catalogue.courses]
            near_cards = [CourseCard.of(self.catalogue.courses[n.course_id], "", self.today()) for n in near]
            return _Draft(
                intent="suggest_courses",
                template="no_fit",
                context={
                    "contact_url": handoff.contact_url,
                    "limits": self._limits_text(state.profile),
                    "limit_notes": list(getattr(matches, "limits", ())),
                    "near": [(self.catalogue.courses[n.course_id], n.breaks) for n in near],
                },
                courses=near_cards,
                citations=[Citation(kind="course", id=c.id, title=c.title) for c in near_cards]
                + [
                    Citation(kind="course", id=c, title=self.catalogue.courses[c].title)
                    for c in getattr(matches, "limit_courses", ())
                    if c in self.catalogue.courses
                ],
                handoff=handoff,
                suggestions=["Speak to an advisor", "What is a micro-credential?"],
                state={
                    **state_update,
                    "shown_courses": (),
                    **_limit_question(getattr(matches, "limit_kinds", ())),
                },
            )
        cards = [CourseCard.of(self.catalogue.courses[m.course_id], m.why, self.today()) for m in shown]
        questions = []
        if state.profile.constraints.hours_per_week is None and _LIMITED_TIME.search(reading.text):
            questions.append(
                "About how many hours a week could you study? I can then leave out courses that need more."
            )
        return _Draft(
            intent="suggest_courses",
            template="suggest",
            context={
                "cards": cards,
                "matches": shown,
                "profile": state.profile,
                "limits": self._limits_text(state.profile),
                "questions": questions,
            },
            questions=questions,
            courses=cards,
            citations=[Citation(kind="course", id=c.id, title=c.title) for c in cards],
            suggestions=[
                "Tell me more about the first one",
                "Can I get help paying?",
                "How would these add up to a qualification?",
            ],
            state={
                **state_update,
                "shown_courses": tuple(c.id for c in cards),
                "focus_course": None,
                **(
                    {"pending_facts": ("constraints.hours_per_week",), "pending_topic": "suggest"}
                    if questions
                    else {}
                ),
            },
        )

    def _detail(self, reading: Reading, state: ConversationState) -> _Draft:
        ids = reading.courses() or ([state.focus_course] if state.focus_course else [])
        asked = set(reading.facets) - {"content"}
        if not ids and asked and state.shown_courses:
            # "can I do it online?" with several courses on the table: answer for each of them.
            shown = [c for c in state.shown_courses[:3] if c in self.catalogue.courses]
            parts = [self._detail_of(c, reading, state) for c in shown]
            merged = _merge(parts, Decision("course_detail"))
            return replace(merged, state={**merged.state, "focus_course": state.focus_course})
        if not ids:
            return self._which_course(state)
        if len(ids) > 1 and asked:
            return _merge([self._detail_of(c, reading, state) for c in ids[:3]], Decision("course_detail"))
        return self._detail_of(ids[0], reading, state)

    def _detail_of(self, course_id: str, reading: Reading, state: ConversationState) -> _Draft:
        course = self.catalogue.courses[course_id]
        card = CourseCard.of(course, self._why(course.id, state), self.today())
        position = state.shown_courses.index(course.id) + 1 if course.id in state.shown_courses else None
        prerequisites = [
            self.catalogue.courses[p] for p in course.prerequisites if p in self.catalogue.courses
        ]
        # The course's own text may name another course ("the routes into heat pump installation work"):
        # the reply then names it too, so it is cited.
        own_text = " ".join((course.summary, *course.learning_outcomes, course.entry_requirements))
        named = [
            self.catalogue.courses[entity_id]
            for entity_id, _ in mentioned_entities(own_text, self.catalogue)
            if entity_id in self.catalogue.courses and entity_id != course.id
        ]
        return _Draft(
            intent="course_detail",
            template="detail",
            context={
                "card": card,
                "course": course,
                "position": position,
                "prerequisites": prerequisites,
                "facets": list(reading.facets),
            },
            courses=[card],
            citations=[Citation(kind="course", id=course.id, title=course.title)]
            + [Citation(kind="course", id=p.id, title=p.title) for p in [*prerequisites, *named]],
            suggestions=[
                "Can I get help paying?",
                "How would this add up to a qualification?",
                "Compare the first two",
            ],
            state={"focus_course": course.id},
        )

    def _which_course(self, state: ConversationState) -> _Draft:
        cards = [CourseCard.of(self.catalogue.courses[c], "", self.today()) for c in state.shown_courses]
        return _Draft(
            intent="course_detail",
            template="which_course",
            context={"cards": cards},
            courses=cards,
            citations=[Citation(kind="course", id=c.id, title=c.title) for c in cards],
            suggestions=[f"Tell me more about the {o} one" for o in ("first", "second")][: len(cards)]
            or self._starter_suggestions(state),
        )

    def _compare(self, reading: Reading, state: ConversationState) -> _Draft:
        ids = reading.courses()
        if len(ids) < 2:
            ids = list(dict.fromkeys([*ids, *state.shown_courses]))[:2]
        if len(ids) < 2:
            return self._which_course(state)
        cards = [CourseCard.of(self.catalogue.courses[c], self._why(c, state), self.today()) for c in ids[:3]]
        cheapest = min(cards, key=lambda c: c.cost_gbp)
        shortest = min(cards, key=lambda c: c.duration_weeks)
        lightest = min(cards, key=lambda c: c.hours_per_week)
        return _Draft(
            intent="compare",
            template="compare",
            context={"cards": cards, "cheapest": cheapest, "shortest": shortest, "lightest": lightest},
            courses=cards,
            citations=[Citation(kind="course", id=c.id, title=c.title) for c in cards],
            suggestions=["Tell me more about the first one", "Can I get help paying?"],
            state={"focus_course": cards[0].id},
        )

    def _route(self, reading: Reading, state: ConversationState) -> _Draft:
        award_id = award_for(reading, state, self.catalogue)
        if award_id is None:
            return _Draft(intent="route", template="no_awards", suggestions=self._starter_suggestions(state))
        award = self.catalogue.awards[award_id]
        done = tuple(dict.fromkeys([*state.done_courses, *reading.done_courses()]))
        mentioned = [c for c in reading.courses() if c not in done]
        planned = mentioned or [c for c in state.shown_courses if c not in done]
        # Only courses that count towards this award are planned; the rest are reported as not counting.
        plan = self.planner.plan(
            award_id,
            list(done),
            planned,
            state.rpl_credits,
            state.profile.constraints.hours_per_week,
        )
        placements = plan.get("placements", [])
        counted_ids = [p["course_id"] for p in placements if p.get("counted")]
        not_counted = [p for p in placements if not p.get("counted")]
        suggested = [c for c in plan.get("suggested", []) if c in self.catalogue.courses]
        card_ids = list(dict.fromkeys([*counted_ids, *suggested]))
        cards = [
            CourseCard.of(self.catalogue.courses[c], self._why(c, state), self.today()) for c in card_ids
        ]
        citations = [Citation(kind="award", id=award.id, title=award.title)]
        citations += [Citation(kind="course", id=c.id, title=c.title) for c in cards]
        citations += [
            Citation(kind="course", id=p["course_id"], title=p.get("title", p["course_id"]))
            for p in not_counted
            if p["course_id"] in self.catalogue.courses
        ]
        unmet, named = self._with_titles(plan.get("unmet", []))
        citations += [Citation(kind="course", id=c.id, title=c.title) for c in named]
        return _Draft(
            intent="route",
            template="route",
            context={
                "award": award,
                "plan": plan,
                "unmet": unmet,
                "counted": [p for p in placements if p.get("counted")],
                "not_counted": not_counted,
                "suggested": [self.catalogue.courses[c] for c in suggested],
                "asked_time": bool({"duration", "start"} & set(reading.facets)),
                "cards": cards,
            },
            courses=cards,
            route=plan,
            citations=citations,
            suggestions=["Can my experience count?", "Can I get help paying?", "Can I speak to a person?"],
            # The route's courses are now the ones on the table, so "how long?" or "the second one" follow it.
            state={"award_id": award.id, "done_courses": done, "shown_courses": tuple(c.id for c in cards)},
        )

    def _with_titles(self, lines: Sequence[str]) -> tuple[list[str], list[Course]]:
        """Requirement lines with course ids swapped for titles (people know courses by name)."""
        named: dict[str, Course] = {}

        def title(match: re.Match[str]) -> str:
            course = self.catalogue.courses.get(match.group(0))
            if course is None:
                return match.group(0)
            named[course.id] = course
            return course.title

        return [_COURSE_ID.sub(title, line) for line in lines], list(named.values())

    def _funding(self, reading: Reading, state: ConversationState) -> _Draft:
        ids = reading.courses()
        course_id = (
            ids[0] if ids else state.focus_course or (state.shown_courses[0] if state.shown_courses else None)
        )
        course = self.catalogue.courses.get(course_id) if course_id else None
        audience = "employer" if state.role == "employer" else "learner"
        profile = state.profile
        verdicts = self.funding.check(profile.learner, profile.employer, course, audience)
        to_ask = facts_to_ask(verdicts, limit=1)
        questions = [question_for(f) for f in to_ask]
        eligible = [v for v in verdicts if v.status == "eligible"]
        unknown = [v for v in verdicts if v.status == "unknown"]
        # Schemes that do not fit: those asked about by name, else the few of the person's own nation.
        asked_about = set(reading.schemes())
        nation = profile.employer.nation if audience == "employer" else profile.learner.nation
        not_eligible = [
            v
            for v in verdicts
            if v.status == "not_eligible"
            and (
                v.scheme_id in asked_about
                or (not asked_about and self._scheme_in_nation(v.scheme_id, nation))
            )
        ]
        shown_verdicts = eligible + unknown + not_eligible[:3]
        cards = [CourseCard.of(course, self._why(course.id, state), self.today())] if course else []
        citations = [Citation(kind="course", id=c.id, title=c.title) for c in cards]
        citations += [Citation(kind="scheme", id=v.scheme_id, title=v.name) for v in eligible + unknown]
        citations += self._guide_citations("funding help paying for a course")
        named = [self.catalogue.schemes[s] for s in reading.schemes() if s in self.catalogue.schemes]
        # Reasons may name other courses (a scheme open only to listed courses): those are cited too.
        _, in_reasons = self._with_titles([r for v in shown_verdicts for r in v.reasons])
        citations += [Citation(kind="course", id=c.id, title=c.title) for c in in_reasons]
        citations += [Citation(kind="scheme", id=s.id, title=s.name) for s in named]
        return _Draft(
            intent="funding",
            template="funding",
            context={
                "named_schemes": named,
                "direct": reading.question in {"yes_no", "amount"},
                "course": course,
                "card": cards[0] if cards else None,
                "eligible": eligible,
                "unknown": unknown,
                "not_eligible": not_eligible[:3],
                "questions": questions,
                "schemes": self.catalogue.schemes,
            },
            courses=cards,
            funding=shown_verdicts,
            questions=questions,
            citations=citations,
            suggestions=["Can I speak to a person?", "How would this add up to a qualification?"],
            state={
                "pending_facts": tuple(to_ask),
                "pending_topic": "funding" if to_ask else None,
                "asked_facts": tuple(dict.fromkeys([*state.asked_facts, *to_ask])),
                "focus_course": course.id if course else state.focus_course,
            },
        )

    def _cost(self, reading: Reading, state: ConversationState) -> _Draft:
        """Fees, what funding pays and what is left, for the course asked about or every course on the
        table, with a total; for employers, per head and for the staff on each course."""
        ids = (
            reading.courses()
            or list(state.shown_courses[:3])
            or ([state.focus_course] if state.focus_course else [])
        )
        courses = [self.catalogue.courses[c] for c in ids if c in self.catalogue.courses]
        if not courses:
            return self._which_course(state)
        audience = "employer" if state.role == "employer" else "learner"
        profile = state.profile
        lines: list[dict[str, Any]] = []
        verdicts: list[FundingItem] = []
        for course in courses:
            checked, choice = self.funding.assess(profile.learner, profile.employer, course, audience)
            staff = state.course_staff.get(course.id, 0) if audience == "employer" else 0
            if len(courses) == 1 and (asked_for := _heads(reading)):
                staff = asked_for  # "what would it cost for 3 of us?"
            verdicts += checked
            lines.append(
                {
                    "course": course,
                    "fee": course.cost_gbp,
                    "funded": choice.funded_gbp,
                    "left": choice.net_cost_gbp,
                    "schemes": [
                        self.catalogue.schemes[s].name
                        for s in choice.scheme_ids
                        if s in self.catalogue.schemes
                    ],
                    "loan": any(
                        self.catalogue.schemes[s].kind == "loan"
                        for s in choice.scheme_ids
                        if s in self.catalogue.schemes
                    ),
                    "staff": staff,
                    "maybe": [v.name for v in checked if v.status == "unknown"],
                }
            )
        to_ask = facts_to_ask(verdicts, limit=1)
        questions = [question_for(f) for f in to_ask]
        multiplier = [max(1, line["staff"]) for line in lines]
        totals = {
            "fee": round(sum(line["fee"] * m for line, m in zip(lines, multiplier, strict=True)), 2),
            "left": round(sum(line["left"] * m for line, m in zip(lines, multiplier, strict=True)), 2),
        }
        cards = [CourseCard.of(c, "", self.today()) for c in courses]
        eligible = [v for v in verdicts if v.status == "eligible"]
        summary = CostSummary(
            lines=[
                CostLine(
                    course_id=line["course"].id,
                    fee_gbp=line["fee"],
                    funded_gbp=line["funded"],
                    left_gbp=line["left"],
                    schemes=line["schemes"],
                    staff=line["staff"],
                    fees_for_staff_gbp=round(line["fee"] * line["staff"], 2) if line["staff"] else None,
                    left_for_staff_gbp=round(line["left"] * line["staff"], 2) if line["staff"] else None,
                )
                for line in lines
            ],
            fees_total_gbp=totals["fee"],
            left_total_gbp=totals["left"],
        )
        return _Draft(
            intent="cost",
            costs=summary,
            template="cost",
            context={
                "lines": lines,
                "totals": totals,
                "questions": questions,
                "employer": audience == "employer",
            },
            courses=cards,
            funding=[v for v in verdicts if v.status in {"eligible", "unknown"}],
            questions=questions,
            citations=[Citation(kind="course", id=c.id, title=c.title) for c in courses]
            + [Citation(kind="scheme", id=v.scheme_id, title=v.name) for v in eligible],
            suggestions=["How would these add up to a qualification?", "Can I speak to a person?"],
            state={
                "pending_facts": tuple(to_ask),
                "pending_topic": "funding" if to_ask else None,
                "asked_facts": tuple(dict.fromkeys([*state.asked_facts, *to_ask])),
                "focus_course": courses[0].id if len(courses) == 1 else state.focus_course,
            },
        )

    def _knowledge(self, reading: Reading, state: ConversationState) -> _Draft:
        """A rule question answered by the rules engine: the direct answer with its reason, then the guide
        paragraph that says the same thing, cited."""
        question = reading.rule_question
        if question is not None and question.award_id is None and question.award_types:
            award = state.award_id if state.award_id in self.catalogue.awards else None
            question = dataclasses.replace(question, award_id=award) if award else question
        answer = answer_rule_question(question, self.catalogue) if question is not None else None
        if answer is None:
            return self._general(reading, state)
        citations = [
            Citation(kind=_RECORD_KINDS[ref.kind], id=ref.id, title=title)
            for ref in answer.records
            if ref.kind in _RECORD_KINDS and (title := self._title(ref.kind, ref.id))
        ]
        # Records the wording names (a related scheme in a note) are cited too, so the reply can name them.
        said = " ".join(t for t in (answer.reason, *answer.notes, answer.caution or "") if t)
        for entity_id, _ in mentioned_entities(said, self.catalogue):
            for kind, table in (
                ("course", self.catalogue.courses),
                ("award", self.catalogue.awards),
                ("scheme", self.catalogue.schemes),
            ):
                if entity_id in table and all(c.id != entity_id for c in citations):
                    citations.append(Citation(kind=kind, id=entity_id, title=self._title(kind, entity_id)))
        figures = [RuleFigure(name=f.name, value=_figure_text(f)) for f in answer.figures]
        if answer.value is not None:
            figures.append(RuleFigure(name="value", value=str(answer.value)))
        for text in (answer.reason, *answer.notes, answer.caution or ""):
            if text:
                figures.append(RuleFigure(name="said", value=text))
        # A question about a scheme also carries that scheme's verdict for this person, as data.
        named = set(reading.schemes())
        verdicts: list[FundingItem] = []
        if named:
            audience = "employer" if state.role == "employer" else "learner"
            course = self.catalogue.courses.get(state.focus_course or "")
            profile = state.profile
            verdicts = [
                v
                for v in self.funding.check(profile.learner, profile.employer, course, audience)
                if v.scheme_id in named
            ]
        return _Draft(
            intent="knowledge",
            template="knowledge",
            context={"rule": answer},
            funding=verdicts,
            citations=citations,
            rule=RuleAnswerView(
                kind=answer.kind, verdict=answer.verdict, figures=figures, sources=list(answer.source_urls)
            ),
            suggestions=self._starter_suggestions(state),
        )

    def _title(self, kind: str, record_id: str) -> str:
        table: Any = {
            "course": self.catalogue.courses,
            "award": self.catalogue.awards,
            "scheme": self.catalogue.schemes,
            "guide": self.catalogue.guides,
        }[kind]
        record = table.get(record_id)
        return (
            str(getattr(record, "title", None) or getattr(record, "name", "")) if record is not None else ""
        )

    def _rpl(self, reading: Reading, state: ConversationState) -> _Draft:
        # An award to quote a cap for: one named or being discussed, or the best fit for courses already in
        # the conversation. A bare "what is RPL?" gets the general answer, not an arbitrary award's cap.
        in_context = state.award_id or state.shown_courses or state.done_courses
        award_id = (
            award_for(reading, state, self.catalogue) if in_context else next(iter(reading.awards()), None)
        )
        award = self.catalogue.awards.get(award_id) if award_id else None
        passages = list(self.guides.search("recognition of prior learning experience count", 2))
        citations = [Citation(kind="guide", id=p.guide_id, title=p.title) for p in passages[:1]]
        if award:
            citations.insert(0, Citation(kind="award", id=award.id, title=award.title))
        handoff = self._handoff_data(state, reason="asking about recognition of prior learning")
        return _Draft(
            intent="rpl",
            template="rpl",
            context={
                "award": award,
                "passage": passages[0] if passages else None,
                "contact_url": handoff.contact_url,
                "years": state.profile.years_experience,
                "asked_what": reading.question == "definition" or bool(_WHAT_IS.match(reading.text)),
            },
            citations=citations,
            handoff=handoff,
            suggestions=["Can I speak to a person?", "How would these add up to a qualification?"],
            state={"award_id": award.id if award else state.award_id},
        )

    def _general(self, reading: Reading, state: ConversationState) -> _Draft:
        passages = [p for p in self.guides.search(reading.text, 3) if p.guide_id in self.catalogue.guides]
        named = reading.awards()
        award = self.catalogue.awards.get(named[0]) if named else None
        if award is None and not _ON_TOPIC.search(reading.text):
            return _Draft(
                intent="off_topic", template="off_topic", suggestions=self._starter_suggestions(state)
            )
        if not passages and award is None:
            handoff = self._handoff_data(state, reason=f"asked: {reading.text[:80]}")
            return _Draft(
                intent="general_question",
                template="no_answer",
                context={"contact_url": handoff.contact_url},
                handoff=handoff,
                suggestions=self._starter_suggestions(state),
            )
        citations = [Citation(kind="guide", id=p.guide_id, title=p.title) for p in passages[:1]]
        if award:
            citations.append(Citation(kind="award", id=award.id, title=award.title))
        return _Draft(
            intent="general_question",
            template="guide_answer",
            context={"passage": passages[0] if passages else None, "award": award},
            citations=citations,
            suggestions=["What courses suit me?", "Can I get help paying?"],
        )

    def _handoff(self, reading: Reading, state: ConversationState) -> _Draft:
        handoff = self._handoff_data(state)
        cited = [c for c in (*state.shown_courses, state.focus_course) if c and c in self.catalogue.courses]
        citations = [
            Citation(kind="course", id=c, title=self.catalogue.courses[c].title) for c in dict.fromkeys(cited)
        ]
        if state.award_id and state.award_id in self.catalogue.awards:
            citations.append(
                Citation(kind="award", id=state.award_id, title=self.catalogue.awards[state.award_id].title)
            )
        return _Draft(
            intent="handoff",
            template="handoff",
            context={"handoff": handoff, "college": self.catalogue.info.name},
            citations=citations,
            handoff=handoff,
            suggestions=["What courses suit me?"],
        )

    def _team_plan(self, reading: Reading, state: ConversationState) -> _Draft:
        team = state.profile.team
        if not team and (reading.topic or state.query_text):
            # "need staff trained in retrofit": no roles or head counts, but a subject to show courses for.
            return replace(self._suggest(reading, state), intent="team_plan")
        if not team:
            return _Draft(
                intent="team_plan",
                template="ask_team",
                questions=["Which job roles need training, and how many staff in each?"],
                suggestions=[
                    "6 electricians need EV charger training",
                    "4 care workers need leadership training",
                ],
                state={"pending_topic": "team_plan", "pending_facts": ()},
            )
        query = self._query_text(reading, state)
        # Each role is searched with what was said about that role; the goals in the profile are the whole
        # team's and would pull every role towards the same course.
        limits_only = state.profile.model_copy(
            update={"goals": (), "skills": (), "sectors": (), "occupation": None}
        )
        lines: list[TeamLine] = []
        chosen: list[Course] = []
        for staff_role, count in team.items():
            matches = [
                m
                for m in self.matcher.match(_role_query(staff_role, query), limits_only, 3)
                if m.relevant and m.course_id in self.catalogue.courses
            ]
            course = self.catalogue.courses[matches[0].course_id] if matches else None
            if course and course not in chosen:
                chosen.append(course)
            lines.append(
                TeamLine(
                    role=staff_role,
                    staff=count,
                    course_id=course.id if course else None,
                    fee_per_person_gbp=course.cost_gbp if course else None,
                    fees_gbp=round(course.cost_gbp * count, 2) if course else None,
                )
            )
        plan = TeamPlan(
            lines=lines,
            staff_total=sum(line.staff for line in lines),
            fees_total_gbp=round(sum(line.fees_gbp or 0 for line in lines), 2),
        )
        verdicts: list[FundingItem] = []
        for course in chosen:
            verdicts += self.funding.check(state.profile.learner, state.profile.employer, course, "employer")
        useful = [v for v in verdicts if v.status in {"eligible", "unknown"}]
        to_ask = facts_to_ask(verdicts, limit=1)
        if state.profile.employer.nation is None:
            # Courses and employer schemes differ by nation: without it the plan cannot be checked.
            to_ask = ["employer.nation"]
        questions = [question_for(f) for f in to_ask]
        plan = plan.model_copy(update={"schemes": list(dict.fromkeys(v.scheme_id for v in useful))})
        cards = [CourseCard.of(c, self._why(c.id, state), self.today()) for c in chosen]
        citations = [Citation(kind="course", id=c.id, title=c.title) for c in cards]
        citations += [
            Citation(kind="scheme", id=s, title=self.catalogue.schemes[s].name)
            for s in plan.schemes
            if s in self.catalogue.schemes
        ]
        return _Draft(
            intent="team_plan",
            template="team_plan",
            context={
                "plan": plan,
                "courses": {c.id: c for c in chosen},
                "eligible": [v for v in useful if v.status == "eligible"],
                "unknown": [v for v in useful if v.status == "unknown"],
                "questions": questions,
            },
            courses=cards,
            funding=useful,
            questions=questions,
            citations=citations,
            team_plan=plan,
            suggestions=["Can I speak to a person?", "Compare the first two"],
            state={
                "shown_courses": tuple(c.id for c in cards),
                "pending_facts": tuple(to_ask),
                "pending_topic": "team_plan" if to_ask else None,
                "query_text": query,
                "course_staff": {
                    cid: sum(line.staff for line in lines if line.course_id == cid)
                    for cid in {line.course_id for line in lines if line.course_id}
                },
            },
        )

    def _injection(self, reading: Reading, state: ConversationState) -> _Draft:
        ids = reading.courses() or (
            [state.focus_course] if state.focus_course else list(state.shown_courses[:3])
        )
        cards = [
            CourseCard.of(self.catalogue.courses[c], "", self.today())
            for c in ids
            if c in self.catalogue.courses
        ]
        return _Draft(
            intent="injection",
            template="injection",
            context={"cards": cards},
            courses=cards,
            citations=[Citation(kind="course", id=c.id, title=c.title) for c in cards],
            suggestions=["Can I get help paying?", "Can I speak to a person?"],
        )

    # --- finishing a turn ---------------------------------------------------------------------

    def _finish(
        self, draft: _Draft, state: ConversationState, reading: Reading, decision: Decision
    ) -> tuple[Answer, ConversationState]:
        role = state.role
        body = "\n\n".join(
            self.templates.render(
                part.template,
                role,
                **{**part.context, "profile": state.profile, "injection": decision.injection},
            ).strip()
            for part in (draft.parts or [draft])
        )
        if decision.injection and draft.intent not in {"injection", "abusive"}:
            body = self.templates.render("injection_note", role) + "\n\n" + body
        if draft.rule is not None and draft.rule.kind == "definition":
            explained = state.explained_terms  # the reply is itself the explanation
        else:
            body, explained = self._explain_jargon(body, state, role)
        answer = Answer(
            session_id=state.session_id,
            reply=body,
            courses=draft.courses,
            route=draft.route,
            funding=draft.funding,
            questions=draft.questions,
            citations=_unique_citations(draft.citations),
            intent=draft.intent,
            suggestions=draft.suggestions,
            handoff=draft.handoff,
            team_plan=draft.team_plan,
            costs=draft.costs,
            rule=draft.rule,
        )
        updates: dict[str, Any] = {
            "turns": state.turns + 1,
            "last_intent": draft.intent,
            "explained_terms": explained,
            **draft.state,
        }
        if (
            draft.intent not in {"funding", "provide_facts", "team_plan"}
            and "pending_facts" not in draft.state
        ):
            # The person moved on: keep what we asked in `asked_facts`, but stop waiting for it.
            updates.update(pending_facts=(), pending_topic=None)
        new_state = state.model_copy(update=updates)
        report = self.check(answer, new_state.profile)
        if not report.ok:
            log.warning(
                "reply failed the grounding check (%s): %s\n%s",
                draft.intent,
                "; ".join(report.problems),
                answer.reply,
            )
            answer = self._fallback(answer, new_state)
        elif self.phraser is not None:
            answer = self._rephrase(answer, new_state)
        return answer, new_state

    def check(self, answer: Answer, profile: Profile | None = None) -> GroundingReport:
        """The grounding check this service applies to every reply (exposed for tests and the API)."""
        return check_reply(answer.reply, answer, self.catalogue, profile, today=self.today())

    def _fallback(self, answer: Answer, state: ConversationState) -> Answer:
        reply = self.templates.render("fallback", state.role, contact_url=self.catalogue.info.contact_url)
        return answer.model_copy(update={"reply": reply, "grounded": False})

    def _rephrase(self, answer: Answer, state: ConversationState) -> Answer:
        assert self.phraser is not None
        try:
            wording = self.phraser.rephrase(answer.reply, answer, state.role)
        except Exception:  # an optional phraser must never break a turn
            return answer
        if not wording:
            return answer
        report = check_reply(
            wording, answer, self.catalogue, state.profile, baseline=answer.reply, today=self.today()
        )
        if not report.ok:
            return answer
        return answer.model_copy(update={"reply": wording, "phrased_by": "llm"})

    def _explain_jargon(self, body: str, state: ConversationState, role: Role) -> tuple[str, tuple[str, ...]]:
        """Add a short plain explanation of each term the first time it appears (not for advisors)."""
        explained = list(state.explained_terms)
        if role == "advisor":
            return body, tuple(explained)
        new_terms = [t for t, pattern in _JARGON.items() if t not in explained and pattern.search(body)]
        if not new_terms:
            return body, tuple(explained)
        glossary = self.templates.render("glossary", role, terms=new_terms)
        return f"{body}\n\n{glossary}", tuple(explained + new_terms)

    # --- helpers ------------------------------------------------------------------------------

    def _query_text(self, reading: Reading, state: ConversationState) -> str:
        """What to search with: what the person said about themselves, plus this message's topic if new."""
        adds_topic = (
            reading.has("describe_self", "ask_courses", "team_plan", "greeting") or not state.query_text
        )
        if (
            reading.act_names
            and set(reading.act_names) <= {"update_limits", "give_facts"}
            and state.query_text
        ):
            adds_topic = False
        topic = reading.topic or ("" if state.query_text else reading.text)
        text = f"{state.query_text} {topic}".strip() if adds_topic else state.query_text
        return text[-_MAX_QUERY_CHARS:]

    def _why(self, course_id: str, state: ConversationState) -> str:
        return ""

    def _limits_text(self, profile: Profile) -> dict[str, Any]:
        limits = profile.constraints
        return {
            "modes": list(limits.delivery_modes or ()),
            "hours": limits.hours_per_week,
            "budget": limits.budget_gbp,
        }

    def _handoff_data(self, state: ConversationState, reason: str = "") -> Handoff:
        summary = self.templates.render(
            "handoff_summary",
            state.role,
            profile=state.profile,
            courses=[self.catalogue.courses[c] for c in state.shown_courses if c in self.catalogue.courses],
            award=self.catalogue.awards.get(state.award_id) if state.award_id else None,
            reason=reason,
        )
        return Handoff(contact_url=self.catalogue.info.contact_url, summary=summary)

    def _guide_citations(self, query: str) -> list[Citation]:
        hits: Sequence[GuidePassage] = self.guides.search(query, 1)
        return [
            Citation(kind="guide", id=h.guide_id, title=h.title)
            for h in hits
            if h.guide_id in self.catalogue.guides
        ]

    def _scheme_in_nation(self, scheme_id: str, nation: str | None) -> bool:
        scheme = self.catalogue.schemes.get(scheme_id)
        return scheme is not None and nation is not None and nation in scheme.nations

    def _starter_suggestions(self, state: ConversationState) -> list[str]:
        if state.role == "employer":
            return ["I need to train 6 electricians", "What funding is there for employers?"]
        if state.role == "advisor":
            return ["Plan a route to an HNC", "Which schemes could a 30-year-old in England get?"]
        return ["What courses suit me?", "What is a credit?", "Can I get help paying?"]


_CLAUSE_BREAK = re.compile(r"\s*(?:[,;.]|\band\b|\bplus\b|\bwhile\b)\s*", re.IGNORECASE)
_FILLER = re.compile(
    r"\b(?:\d+|need|needs|to|train|training|our|my|the|we|have|staff|in|on|for|some)\b", re.I
)


def _role_query(staff_role: str, text: str) -> str:
    """What to search for one staff role: the words said about that role ("10 electricians in EV
    charging"), or, when nothing was said about it, the role with the rest of the message (not the
    other roles' training needs)."""
    stem = staff_role.lower().rstrip("s")
    clauses = [c for c in _CLAUSE_BREAK.split(text) if c.strip()]
    own = next((c for c in clauses if stem in c.lower()), None)
    if own is None:
        return f"{staff_role} {text}"
    topic = _FILLER.sub(" ", own.lower().replace(stem + "s", " ").replace(stem, " ")).split()
    if len(topic) >= 2:
        return f"{staff_role} {own}"
    other_roles = re.compile(r"\b\d+\s+\w+", re.IGNORECASE)
    shared = " ".join(c for c in clauses if c is not own and not other_roles.search(c))
    return f"{staff_role} {shared}".strip()


_RECORD_KINDS: dict[str, CitationKind] = {
    "course": "course",
    "award": "award",
    "scheme": "scheme",
    "guide": "guide",
}


def _figure_text(figure: Figure) -> str:
    if isinstance(figure.amount, dt.date):
        return figure.amount.strftime("%-d %B %Y")
    amount = f"{figure.amount:,.2f}".rstrip("0").rstrip(".")
    return f"£{amount}" if figure.unit == "GBP" else f"{amount} {figure.unit}".strip()


_LIMIT_SLOTS = {
    "hours": "constraints.hours_per_week",
    "budget": "constraints.budget_gbp",
    "mode": "constraints.delivery_modes",
    "nation": "learner.nation",
}


def _limit_question(kinds: Sequence[str]) -> dict[str, Any]:
    """After "nothing fits within your limits", a bare "15" or "15 hours" changes the limit that blocked."""
    slot = next((_LIMIT_SLOTS[k] for k in kinds if k in _LIMIT_SLOTS), None)
    return {"pending_facts": (slot,), "pending_topic": "suggest"} if slot else {}


def _heads(reading: Reading) -> int:
    """How many people a cost question is for: a head count said, or the staff of one role named."""
    heads = reading.fact("request.headcount")
    team = reading.fact("team") or {}
    return int(heads or (sum(team.values()) if len(team) == 1 else 0))


def _unique_citations(citations: Sequence[Citation]) -> list[Citation]:
    seen: set[tuple[str, str]] = set()
    unique: list[Citation] = []
    for citation in citations:
        key = (citation.kind, citation.id)
        if key not in seen:
            seen.add(key)
            unique.append(citation)
    return unique


def matches_by_id(matches: Sequence[CourseMatch]) -> dict[str, CourseMatch]:
    return {m.course_id: m for m in matches}
