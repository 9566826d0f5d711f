"""Small keyword implementations of the matcher and guide search ports.

They need no model or index, so unit tests and a service whose index is not ready yet still converse.
The real service uses hybrid retrieval (`advisor.retrieval`) through `advisor.dialogue.wiring`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from advisor.dialogue.ports import CourseMatch, GuidePassage
from advisor.domain.catalogue import Catalogue, Course
from advisor.domain.profile import Profile

_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "can",
        "do",
        "for",
        "from",
        "get",
        "have",
        "how",
        "i",
        "i'm",
        "im",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "so",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "this",
        "to",
        "up",
        "want",
        "was",
        "we",
        "what",
        "when",
        "which",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
        "like",
        "about",
        "more",
        "some",
        "any",
        "just",
        "also",
        "now",
        "really",
        "course",
        "courses",
        "work",
        "job",
        "learn",
        "study",
        "new",
        "next",
        "move",
    ]
)


def words(text: str) -> list[str]:
    tokens = re.findall(r"[a-z0-9]+", text.lower())
    return [_stem(t) for t in tokens if t not in _STOP and len(t) > 1]


def _stem(word: str) -> str:
    for suffix in ("ing", "ers", "er", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def passes_constraints(course: Course, profile: Profile) -> bool:
    limits = profile.constraints
    if limits.delivery_modes and course.delivery_mode not in limits.delivery_modes:
        return False
    if limits.hours_per_week is not None and course.hours_per_week > limits.hours_per_week:
        return False
    if limits.budget_gbp is not None and course.cost_gbp > limits.budget_gbp:
        return False
    nation = profile.learner.nation
    return not (nation and course.nations and nation not in course.nations and course.location != "online")


@dataclass
class KeywordMatcher:
    catalogue: Catalogue
    # A course must share at least this many distinct words with the query to count as a fit.
    min_overlap: int = 1

    def match(self, message: str, profile: Profile, k: int, vector: Any = None) -> Sequence[CourseMatch]:
        query_text = " ".join([message, profile.occupation or "", *profile.goals, *profile.skills])
        query = Counter(words(query_text))
        spelled = {_stem(t): t for t in re.findall(r"[a-z0-9]+", query_text.lower())}
        scored: list[CourseMatch] = []
        for course in self.catalogue.courses.values():
            if not passes_constraints(course, profile):
                continue
            text = " ".join(
                [
                    course.title,
                    course.title,
                    course.summary,
                    *course.skills,
                    *course.occupations,
                    course.sector.replace("-", " "),
                ]
            )
            course_words = set(words(text))
            shared = [w for w in query if w in course_words]
            if len(shared) < self.min_overlap:
                continue
            score = sum(math.log(1 + query[w]) + 1 for w in shared) / math.sqrt(len(course_words) + 1)
            why = "it mentions " + ", ".join(sorted(spelled.get(w, w) for w in shared)[:3])
            scored.append(CourseMatch(course.id, score, why))
        scored.sort(key=lambda m: (-m.score, m.course_id))
        return scored[:k]


@dataclass(frozen=True)
class _Section:
    guide_id: str
    title: str
    heading: str
    text: str


class KeywordGuideSearch:
    """Guides split into their `##` sections; a section is scored by the query words it shares."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.sections: list[_Section] = []
        for guide in catalogue.guides.values():
            for heading, text in split_sections(guide.body):
                self.sections.append(_Section(guide.id, guide.title, heading, text))

    def search(self, query: str, k: int) -> Sequence[GuidePassage]:
        query_words = set(words(query))
        hits: list[tuple[float, _Section]] = []
        for section in self.sections:
            heading_words = set(words(section.heading + " " + section.title))
            body_words = set(words(section.text))
            score = 2 * len(query_words & heading_words) + len(query_words & body_words)
            if score >= 2:
                hits.append((score / math.log(len(body_words) + 3), section))
        hits.sort(key=lambda h: -h[0])
        return [GuidePassage(s.guide_id, s.title, short_passage(s.text), score) for score, s in hits[:k]]


def split_sections(body: str) -> list[tuple[str, str]]:
    """(heading, text) for each `##` section of a markdown guide; the text before the first one too."""
    sections: list[tuple[str, str]] = []
    heading, lines = "", list[str]()
    for line in body.splitlines():
        if line.startswith("## "):
            if "".join(lines).strip():
                sections.append((heading, "\n".join(lines).strip()))
            heading, lines = line[3:].strip(), []
        elif not line.startswith("# "):
            lines.append(line)
    if "".join(lines).strip():
        sections.append((heading, "\n".join(lines).strip()))
    return sections


def short_passage(text: str, max_sentences: int = 4) -> str:
    """The first few sentences of a guide section as plain text (markdown emphasis and tables removed)."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("|")]
    plain = re.sub(r"\*\*|__|`", "", " ".join(line.strip().lstrip("-* ").strip() for line in lines))
    plain = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", plain)
    sentences = re.split(r"(?<=[.!?])\s+", plain)
    return " ".join(sentences[:max_sentences]).strip()
