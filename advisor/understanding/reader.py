"""Read one message: every reader runs on every message and the results form one `Reading`.

    reader = MessageReader.for_catalogue(catalogue, embedder_name, encode)
    reading = reader.read("I'm 50 and on jobseekers. is the excel one free?", context)

One encode call per turn: the message (and its clauses, in the same batch) are embedded once, through the
same cache retrieval uses, so searching for the message afterwards costs no second model call.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

from advisor.domain.catalogue import Catalogue
from advisor.domain.profile import Profile, Role
from advisor.understanding.acts import ActModel, ActSettings, Encode, shared_act_model, split_clauses
from advisor.understanding.facts import FactContext, profile_from_facts, read_facts
from advisor.understanding.facts.lexicon import DATA_DIR, Lexicon, campus_places, general_lexicon
from advisor.understanding.question import question_form
from advisor.understanding.reading import ActScore, Fact, Reading
from advisor.understanding.references import ReferenceIndex
from advisor.understanding.rule_questions import RuleQuestionReader
from advisor.understanding.rules import asks_for_person, is_abuse, is_injection


@dataclass(frozen=True)
class ReadContext:
    """What the conversation knows that changes how a message reads."""

    role: Role = "learner"
    asked: tuple[str, ...] = ()
    shown: tuple[str, ...] = ()
    focus: str | None = None
    today: dt.date = field(default_factory=dt.date.today)


# Words left when the facts are taken out that carry no topic ("I'm", "and", "on").
_FILLER = re.compile(
    r"^(?:\W|\b(?:i'?m|i am|im|and|on|in|from|based|live|living|aged?|years? old|a|an|the|we|we'?re|are|our|"
    r"is|it|my|me|so|but|also|just|about|around|with|of|yes|no|hi|hello|thanks|ok|okay)\b)*$",
    re.IGNORECASE,
)


class MessageReader:
    def __init__(
        self,
        catalogue: Catalogue,
        acts: ActModel,
        vector_of: Callable[[Sequence[str]], npt.NDArray[np.float32]],
        lexicon: Lexicon | None = None,
        team_roles: Mapping[str, str] | None = None,
        cache: Any = None,
    ) -> None:
        self.catalogue = catalogue
        self.act_model = acts
        self.vectors_of = vector_of
        self.lexicon = (lexicon or general_lexicon()).with_places(campus_places(catalogue))
        self.references = ReferenceIndex(catalogue)
        self.team_roles = dict(team_roles or {})
        # The query-vector cache shared with retrieval (advisor.retrieval.query_vectors.QueryVectors), if any.
        self.cache = cache
        self.facet_patterns = load_facets()
        self.rule_questions = RuleQuestionReader(catalogue)

    @classmethod
    def for_catalogue(
        cls,
        catalogue: Catalogue,
        embedder_name: str,
        encode: Encode,
        *,
        settings: ActSettings | None = None,
        team_roles: Mapping[str, str] | None = None,
        cache: Any = None,
    ) -> MessageReader:
        model = shared_act_model(embedder_name, encode, settings)
        return cls(catalogue, model, encode, team_roles=team_roles, cache=cache)

    def read_facts(self, text: str, context: ReadContext) -> list[Fact]:
        ctx = FactContext(text, context.role, context.asked, context.today, self.lexicon)
        return read_facts(ctx, self.team_roles if context.role == "employer" else None)

    def profile(self, text: str, context: ReadContext) -> Profile:
        return profile_from_facts(self.read_facts(text, context), context.role)

    def search_vector(self, reading: Reading, query: str, previous: str) -> npt.NDArray[np.float32] | None:
        """The vector to search with for `query` (the conversation's running query: `previous` plus this
        message's topic) without a second embedding: this message's vector, averaged with the previous
        query's when that is known. Remembered under `query`, so the next turn can build on it."""
        if self.cache is None or not reading.text:
            return None
        current = self.cache.peek(reading.text)
        if current is None:
            return None
        if previous and query != reading.text:
            before = self.cache.peek(previous)
            if before is not None:
                mixed = np.asarray(before, dtype=np.float32) + np.asarray(current, dtype=np.float32)
                current = mixed / max(float(np.linalg.norm(mixed)), 1e-9)
        self.cache.put(query, current)
        return np.asarray(current, dtype=np.float32)

    def profile_of(self, reading: Reading, role: Role) -> Profile:
        """The facts of a reading as a profile, to merge into the conversation's."""
        return profile_from_facts(reading.facts, role)

    def read(self, message: str, context: ReadContext) -> Reading:
        text = message.strip()
        facts = self.read_facts(text, context)
        refs = self.references.courses(text, context.shown, context.focus)
        refs += self.references.awards(text) + self.references.schemes(text) + self.references.concepts(text)
        if not text:
            return Reading(text, (), confident=False)
        clauses = split_clauses(text) if self.act_model.settings.clauses else []
        batch = [text, *clauses] if len(clauses) > 1 else [text]
        # One embedding per turn: the message's (retrieval reuses it); clauses are read from their words.
        vectors = self.vectors_of([text])
        acts, scores, confident = self.act_model.read(batch, vectors)
        acts = self._with_evidence(text, acts, facts, context)
        return Reading(
            text=text,
            acts=tuple(acts),
            scores=scores,
            facts=tuple(facts),
            references=tuple(refs),
            question=question_form(text),
            topic=topic_of(text, facts),
            confident=confident
            or any(a.act in {"abuse", "handoff", "injection", "give_facts"} for a in acts),
            facets=tuple(name for name, pattern in self.facet_patterns.items() if pattern.search(text)),
            rule_question=self.rule_questions.read(text),
        )

    @staticmethod
    def _with_evidence(
        text: str, acts: list[ActScore], facts: list[Fact], context: ReadContext
    ) -> list[ActScore]:
        """Acts the text proves by rule (abuse, a person, injection) or by the facts it states."""
        chosen: dict[str, ActScore] = {a.act: a for a in acts}
        for act, holds in (("abuse", is_abuse), ("handoff", asks_for_person), ("injection", is_injection)):
            if holds(text):
                chosen[act] = ActScore(act, 1.0)  # type: ignore[arg-type]
        # The fact readers are precise: circumstances stated are facts given, limits stated are limits set.
        circumstances = [
            f for f in facts if f.path.split(".")[0] in {"learner", "employer"} and f.path not in _WORK_STORY
        ]
        answered = any(f.path in context.asked for f in facts)
        if answered or circumstances:
            chosen["give_facts"] = ActScore(
                "give_facts", max(0.5, chosen.get("give_facts", ActScore("give_facts", 0)).score)
            )
        if any(f.path == "team" for f in facts) and context.role == "employer" and "team_plan" not in chosen:
            chosen["team_plan"] = ActScore("team_plan", 0.5)
        return sorted(chosen.values(), key=lambda a: -a.score)


# Saying what you do for a living is describing yourself, not giving the facts funding rules ask for.
_WORK_STORY = frozenset({"learner.employment_status", "learner.work_hours_per_week"})


def load_facets(path: Path = DATA_DIR / "facets.yaml") -> dict[str, re.Pattern[str]]:
    """Facet name -> one pattern of the words that ask about it."""
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        name: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
        for name, words in (data.get("facets") or {}).items()
    }


# Facts whose words are also what the person wants to search for ("I've been a plumber for 20 years",
# "6 electricians"): they stay in the topic.
_TOPICAL = frozenset(
    {"learner.employment_status", "learner.work_hours_per_week", "team", "request.headcount"}
)


def topic_of(text: str, facts: Sequence[Fact]) -> str:
    """The message with the spans of its facts taken out; "" when nothing but facts and filler is left."""
    kept: list[str] = []
    cursor = 0
    for fact in sorted((f for f in facts if f.path not in _TOPICAL), key=lambda f: f.start):
        if fact.start >= cursor and fact.end > fact.start and fact.end - fact.start < len(text):
            kept.append(text[cursor : fact.start])
            cursor = fact.end
    kept.append(text[cursor:])
    rest = re.sub(r"\s+", " ", " ".join(kept)).strip(" ,.;")
    return "" if _FILLER.match(rest) else rest
