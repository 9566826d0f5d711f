"""What one message says, read once: the acts it performs, the facts it states, what it points at.

A `Reading` is pure data. It is produced by `advisor.understanding.reader.MessageReader.read` and consumed by
the dialogue policy; nothing in here answers anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Act = Literal[
    "greeting",
    "thanks",
    "bye",
    "describe_self",
    "ask_courses",
    "ask_detail",
    "ask_cost",
    "ask_funding",
    "ask_route",
    "ask_rpl",
    "ask_rule",
    "compare",
    "team_plan",
    "update_limits",
    "give_facts",
    "handoff",
    "ask_identity",
    "off_topic",
    "abuse",
    "injection",
]
ACTS: tuple[Act, ...] = Act.__args__  # type: ignore[attr-defined]

QuestionForm = Literal["yes_no", "amount", "duration", "date", "definition", "comparison", "list", "none"]
ReferenceKind = Literal["course", "award", "scheme", "concept"]


@dataclass(frozen=True)
class Fact:
    """One fact stated in the message: a profile path ("learner.age"), its value, and where it was said."""

    path: str
    value: Any
    start: int
    end: int

    def evidence(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class ActScore:
    act: Act
    score: float


@dataclass(frozen=True)
class Reference:
    """A course, award or scheme the message names or points at; `how` says how it was found."""

    kind: ReferenceKind
    id: str
    how: Literal["name", "ordinal", "pronoun", "attribute", "comparative", "done"]


@dataclass(frozen=True)
class Reading:
    text: str
    # Acts that hold, best first (several may); `scores` has every act's score for inspection.
    acts: tuple[ActScore, ...]
    scores: dict[str, float] = field(default_factory=dict)
    facts: tuple[Fact, ...] = ()
    references: tuple[Reference, ...] = ()
    question: QuestionForm = "none"
    # What to search for: the message without the facts it states (empty when nothing is left).
    topic: str = ""
    # Below the confidence floor: the policy asks one short clarifying question instead of guessing.
    confident: bool = True
    # A question about the rules (credits, levels, sizes, a scheme's kind, the trap questions), when it asks one.
    rule_question: Any = None
    # Which details of a course a follow-up asks about ("mode", "start", "cost"...; see data/facets.yaml).
    facets: tuple[str, ...] = ()

    @property
    def act_names(self) -> tuple[Act, ...]:
        return tuple(a.act for a in self.acts)

    def has(self, *acts: Act) -> bool:
        names = self.act_names
        return any(act in names for act in acts)

    @property
    def primary(self) -> Act | None:
        return self.acts[0].act if self.acts else None

    def fact(self, path: str) -> Any:
        return next((f.value for f in self.facts if f.path == path), None)

    def fact_paths(self) -> set[str]:
        return {f.path for f in self.facts}

    def courses(self) -> list[str]:
        return [r.id for r in self.references if r.kind == "course"]

    def done_courses(self) -> list[str]:
        """Courses the message says were already done ("she has done Construction Technology")."""
        return [r.id for r in self.references if r.kind == "course" and r.how == "done"]

    def awards(self) -> list[str]:
        return [r.id for r in self.references if r.kind == "award"]

    def schemes(self) -> list[str]:
        return [r.id for r in self.references if r.kind == "scheme"]

    def concepts(self) -> list[str]:
        return [r.id for r in self.references if r.kind == "concept"]
