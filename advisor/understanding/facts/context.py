"""What every fact reader is given: the message, who is talking, the question just asked, and the
indexes built once at load (places, benefits, qualifications)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from advisor.understanding.reading import Fact


@dataclass(frozen=True)
class FactContext:
    text: str
    role: str = "learner"
    # The profile slot the assistant asked for last turn ("learner.age"): a bare "38" fills it.
    asked: tuple[str, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)
    lexicon: Any = None  # advisor.understanding.facts.lexicon.Lexicon

    @cached_property
    def low(self) -> str:
        return self.text.lower()

    def fact(self, path: str, value: Any, start: int = 0, end: int | None = None) -> Fact:
        return Fact(path, value, start, len(self.text) if end is None else end)

    @property
    def person_prefix(self) -> str:
        """Whose circumstances a place or size describes: the business for employers, else the learner."""
        return "employer" if self.role == "employer" else "learner"
