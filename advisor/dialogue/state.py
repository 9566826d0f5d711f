"""What a conversation remembers between turns. Pure data: no I/O, serialisable to JSON for the store.

A state is immutable; each turn returns a new one. Everything the next turn needs to resolve "the second
one", to finish a funding check once the missing facts arrive, or to avoid explaining "credit" twice is here.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from advisor.domain.profile import Profile, Role

STATE_VERSION = 1


class ConversationState(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    version: int = STATE_VERSION
    session_id: str = ""
    role: Role = "learner"
    # The profile gathered so far, merged every turn (newer facts win, lists grow).
    profile: Profile = Profile()
    # Course ids in the order they were last shown, so "the second one" resolves.
    shown_courses: tuple[str, ...] = ()
    # The course the person is talking about now (the last one they asked about).
    focus_course: str | None = None
    # The award being discussed (stacking route), if any.
    award_id: str | None = None
    # Profile fields (e.g. "learner.age") asked for and not answered yet, and the topic that needs them.
    pending_facts: tuple[str, ...] = ()
    pending_topic: str | None = None
    # Fields asked for at any point, so we do not ask the same thing twice in a row.
    asked_facts: tuple[str, ...] = ()
    # Jargon already explained in this conversation ("credit", "level", "HNC", "RPL", "LLE").
    explained_terms: tuple[str, ...] = ()
    # RPL credits the person or an advisor has said they could claim (used by route plans).
    rpl_credits: int = 0
    # Courses the person says they have completed.
    done_courses: tuple[str, ...] = ()
    # What the person has said about themselves and their goals, kept to search again after a change
    # ("actually I can only do evenings" has no topic of its own).
    query_text: str = ""
    # Staff to train on each course of an employer's team plan, so "what would we pay?" multiplies by them.
    course_staff: dict[str, int] = {}
    turns: int = 0
    last_intent: str | None = None

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str) -> ConversationState:
        """Read a stored state; a state from an older version keeps the fields it shares with this one."""
        return cls.model_validate_json(text)

    @classmethod
    def new(cls, session_id: str = "", role: Role = "learner") -> ConversationState:
        return cls(session_id=session_id, role=role, profile=Profile(role=role))
