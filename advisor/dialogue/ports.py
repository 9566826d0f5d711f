"""What a conversation needs from the rest of the system, as small typed Protocols.

The real implementations (hybrid retrieval, the stacking engine, the funding rules) are wired in by
`advisor.dialogue.wiring`; tests pass fakes. Keeping the dependencies this narrow is what lets the same
`Conversation` serve the API, the SSE stream, the OpenAI-compatible endpoint and the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from advisor.compose.answer import FundingItem
from advisor.domain.catalogue import Course
from advisor.domain.funding import FundingChoice
from advisor.domain.profile import EmployerFacts, LearnerFacts, Profile


@dataclass(frozen=True)
class CourseMatch:
    course_id: str
    score: float
    why: str = ""
    # Whether the matcher thinks the course really fits the goal (not just the best of a poor set).
    relevant: bool = True


@dataclass(frozen=True)
class NearMissView:
    """A relevant course a limit of the person's removed, and what it breaks in plain words."""

    course_id: str
    breaks: tuple[str, ...]


class MatchList(list[CourseMatch]):
    """Matches, best first, with the near misses and what each limit removed ("3 courses need 12.5 to 22.5
    hours a week; you said 6"), so a reply can say why nothing fits instead of ending there."""

    near_misses: tuple[NearMissView, ...] = ()
    limits: tuple[str, ...] = ()
    # Which limits removed relevant courses ("hours", "budget", "mode", "nation"), and those courses.
    limit_kinds: tuple[str, ...] = ()
    limit_courses: tuple[str, ...] = ()


@dataclass(frozen=True)
class GuidePassage:
    guide_id: str
    title: str
    text: str
    score: float = 0.0


class Matcher(Protocol):
    def match(self, message: str, profile: Profile, k: int, vector: Any = None) -> Sequence[CourseMatch]:
        """Courses for a person, best first; hard constraints in `profile.constraints` already applied.
        `vector`: the search text's embedding when the turn already has it (no second model call)."""
        ...


class GuideSearch(Protocol):
    def search(self, query: str, k: int) -> Sequence[GuidePassage]: ...


class ProfileReader(Protocol):
    def read(self, text: str, facts: Profile | None = None) -> Profile:
        """Occupation, sectors, goals, skills and target level stated in free text (`facts`: the facts
        already read from it, so they are not read twice)."""
        ...


class RoutePlanner(Protocol):
    def plan(
        self,
        award_id: str,
        done: Sequence[str],
        planned: Sequence[str],
        rpl_credits: int,
        hours_per_week: float | None,
    ) -> dict[str, Any]:
        """The `POST /api/plan` answer fields, plus `placements` (where each course counts, or why not)."""
        ...


class FundingRules(Protocol):
    def assess(
        self, learner: LearnerFacts, employer: EmployerFacts, course: Course, audience: str
    ) -> tuple[list[FundingItem], FundingChoice]:
        """Every scheme's verdict for the course and, from the same verdicts, the funding to count against its
        fee (the best eligible choice) and what is left."""
        ...

    def check(
        self, learner: LearnerFacts, employer: EmployerFacts, course: Course | None, audience: str
    ) -> list[FundingItem]:
        """Three-valued verdicts for every scheme for `audience` ("learner" or "employer")."""
        ...
