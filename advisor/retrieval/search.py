"""Matching: a person (free text and/or a Profile) -> the courses they can take, best first, with a reason.

Order of work, and why:
1. Hard constraints are applied in code first (nation offered, delivery mode, hours per week, budget).
   Similarity never overrides a limit the person set; a filter that matches nothing returns nothing.
2. Ranking fuses dense similarity (best of a course's views) with BM25 on a query expanded from slang into
   the catalogue's own words (`advisor.understanding.vocabulary`, built once per catalogue), then adds profile
   signals (occupation and topic overlap, sector, level fit, prerequisites).
3. Weak matches are dropped rather than padded, and the result says so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from advisor.domain.catalogue import Catalogue, Course
from advisor.domain.levels import describe_level, to_rqf_scale
from advisor.domain.profile import Profile, Role
from advisor.retrieval.documents import lexical_course_text
from advisor.retrieval.embedder import Embedder
from advisor.retrieval.extract import extract_profile, profile_query
from advisor.retrieval.index import EnsuredIndex, VectorIndex, ensure_index
from advisor.retrieval.lexical import BM25, tokenize
from advisor.retrieval.query_vectors import QueryVectors
from advisor.understanding.vocabulary import Vocabulary

# Fusion weights (dense vs lexical) and signal sizes. Chosen for general behaviour, documented in the
# README; they are not fitted to individual evaluation cases.
DENSE_WEIGHT = 0.6
LEXICAL_WEIGHT = 0.4
GOAL_TOPIC_BONUS = 0.10
SKILL_TOPIC_BONUS = 0.03
OCCUPATION_BONUS = 0.06
SECTOR_BONUS = 0.04
# A course is shown only when its score (fused relevance plus profile signals) reaches this share of the
# best fused relevance, and the best match itself must clear an absolute similarity floor; otherwise we say
# nothing fits well.
RELATIVE_CUTOFF = 0.55
WEAK_DENSE_FLOOR = 0.30

_BEGINNER = re.compile(
    r"\b(?:beginner|basics?|from scratch|never used|start(?:ing)? out|first step|intro\w*|"
    r"entry level|no experience|new to)\b",
    re.IGNORECASE,
)


# How many courses, best by fused relevance, get the (slower) profile signals.
SHORTLIST = 60
# A nation in brackets after a title marks the same course at a partner campus.
_CAMPUS_SUFFIX = re.compile(r"\s*\((?:England|Wales|Scotland|Northern Ireland)\)\s*$")


@dataclass(frozen=True)
class Match:
    course: Course
    score: float
    why: str
    dense: float = 0.0
    lexical: float = 0.0


@dataclass(frozen=True)
class MatchResult:
    matches: tuple[Match, ...]
    profile: Profile
    query: str
    eligible: int  # courses that passed the hard constraints
    excluded: dict[str, int] = field(default_factory=dict)  # hard constraint -> courses it removed
    weak: bool = False  # nothing fits well: fewer (or no) results were returned on purpose
    message: str = ""  # plain-English note for the person when `weak` or when filters left nothing

    def to_json(self) -> dict[str, Any]:
        """The shape shared by `advisor match --json` and POST /api/match."""
        return {
            "results": [
                {
                    "id": m.course.id,
                    "title": m.course.title,
                    "score": m.score,
                    "why": m.why,
                    "level": m.course.level,
                    "level_framework": m.course.level_framework,
                    "credits": m.course.credits,
                    "cost_gbp": m.course.cost_gbp,
                    "delivery_mode": m.course.delivery_mode,
                }
                for m in self.matches
            ],
            "profile": self.profile.model_dump(mode="json", exclude_defaults=True),
            "message": self.message,
            "weak": self.weak,
        }


@dataclass(frozen=True)
class GuideHit:
    guide_id: str
    title: str
    heading: str
    text: str
    score: float


@dataclass(frozen=True)
class AwardHit:
    award_id: str
    title: str
    score: float


class Matcher:
    """Everything needed to answer match and guide queries for one catalogue, kept in memory."""

    def __init__(
        self,
        catalogue: Catalogue,
        embedder: Embedder,
        index: VectorIndex,
        vocabulary: Vocabulary | None = None,
    ) -> None:
        self.catalogue = catalogue
        # The catalogue's words and the general slang list, built once here and shared with every reader.
        self.vocabulary = vocabulary or Vocabulary.from_catalogue(catalogue)
        self.embedder = embedder
        self.index = index
        # Shared with the chat's message reader: a message read once is not embedded again to search.
        self.query_vectors = QueryVectors(embedder)
        self.course_ids = sorted(catalogue.courses)
        self._course_pos = {cid: i for i, cid in enumerate(self.course_ids)}
        self._courses = [catalogue.courses[cid] for cid in self.course_ids]
        self._course_text = [lexical_course_text(c) for c in self._courses]
        self._lexical = BM25(self._course_text)
        # Map each vector to what it describes, once, so a query is one FAISS search plus array work.
        kinds = [d.kind for d in index.documents]
        self._view_course = np.array(
            [self._course_pos.get(d.ref_id, -1) if d.kind == "course" else -1 for d in index.documents],
            dtype=np.int64,
        )
        self._guide_docs = [i for i, kind in enumerate(kinds) if kind == "guide"]
        self._award_docs = [i for i, kind in enumerate(kinds) if kind == "award"]
        self._guide_lexical = BM25([index.documents[i].text for i in self._guide_docs])
        self._award_lexical = BM25([index.documents[i].text for i in self._award_docs])
        self._term_courses: dict[tuple[str, str], frozenset[int]] = {}
        self._occupation_cache: dict[tuple[str, int], str] = {}

    @classmethod
    def load(
        cls,
        catalogue: Catalogue,
        embedder: Embedder,
        index_dir: Path,
        *,
        progress: Callable[[int], None] | None = None,
        on_total: Callable[[int], None] | None = None,
        vocabulary: Vocabulary | None = None,
    ) -> tuple[Matcher, EnsuredIndex]:
        """Load (or rebuild when stale or damaged) the index for `catalogue` and make a matcher over it."""
        embedder.warm_up()
        ensured = ensure_index(catalogue, embedder, index_dir, progress=progress, on_total=on_total)
        return cls(catalogue, embedder, ensured.index, vocabulary), ensured

    def warm_up(self) -> None:
        """Run one query end to end so the first real request is not the slow one."""
        self.embedder.warm_up()
        self.match("warm up", k=1)
        self.query_vectors.clear()

    def clear_cache(self) -> None:
        self.query_vectors.clear()

    # --- the main entry point -------------------------------------------------------------------------

    def match(
        self,
        text: str = "",
        *,
        profile: Profile | None = None,
        k: int = 5,
        role: Role | None = None,
        completed: Collection[str] = (),
        today: dt.date | None = None,
        already_read: bool = False,
    ) -> MatchResult:
        """Courses for a person described by `text` and/or `profile` (`profile` facts win over the text).
        With `already_read`, `profile` is all that `text` says (read once by the chat): it is not re-read."""
        today = today or dt.date.today()
        person = (
            extract_profile(text, today=today, role=role, vocabulary=self.vocabulary)
            if text.strip() and not already_read
            else Profile()
        )
        if profile is not None:
            person = person.merged(profile)
        if role is not None and person.role != role:
            person = person.model_copy(update={"role": role})
        query = self.vocabulary.expand(text) if text.strip() else ""
        if profile is not None and not already_read:
            # A profile sent as data adds its own words; one read from `text` would only repeat them.
            query = f"{query} {profile_query(profile)}".strip()
        if not query:
            query = profile_query(person)

        eligible, excluded = self._hard_filter(person)
        if not eligible:
            return MatchResult((), person, query, 0, excluded, True, _nothing_fits(person, excluded))
        if not query:
            return MatchResult(
                (),
                person,
                query,
                len(eligible),
                excluded,
                True,
                "Tell me a little about your work or what you want to learn, and I can suggest courses.",
            )

        dense = self._dense_course_scores(query)
        lexical = np.array(self._lexical.scores(query), dtype=np.float32)
        fused = _fuse(dense, lexical)
        beginner = bool(_BEGINNER.search(text))
        # Asking for maths, English, ESOL ... is a reason to offer low-level courses to anyone.
        foundation = any(self.vocabulary.is_foundation(g) for g in person.goals)
        ranked = [
            (
                float(fused[pos])
                + self._signals(self._courses[pos], pos, person, beginner, foundation, completed, today),
                pos,
            )
            for pos in self._shortlist(fused, eligible)
        ]
        ranked.sort(key=lambda pair: (-pair[0], self.course_ids[pair[1]]))

        # The bar is set by the best relevance alone: profile signals move a course up or down against it,
        # but one course's stacked bonuses do not raise it for every other.
        top = max(float(fused[pos]) for _, pos in ranked)
        chosen = [
            (score, pos)
            for score, pos in self._one_per_course(ranked, k)
            if score >= top * RELATIVE_CUTOFF
            and score > 0
            and (dense[pos] >= WEAK_DENSE_FLOOR or self._vocabulary_hit(pos, person))
        ]
        weak = not chosen
        message = ""
        if weak:
            message = "Nothing in this catalogue fits what you described well."
            closest = self._closest_excluded(dense, lexical, eligible, person)
            if closest is not None:
                course, reason = closest
                message += f" The closest course, {course.title}, was left out because it is {reason}."
            message += " A human advisor can help you look wider."
        elif len(chosen) < min(k, len(eligible)):
            count = len(chosen)
            message = f"Only {count} course{'s fit' if count != 1 else ' fits'} well."
        matches = tuple(
            Match(
                course=self._courses[pos],
                score=round(score, 4),
                why=self._why(self._courses[pos], pos, person, query, completed, today),
                dense=round(float(dense[pos]), 4),
                lexical=round(float(lexical[pos]), 4),
            )
            for score, pos in chosen
        )
        return MatchResult(matches, person, query, len(eligible), excluded, weak, message)

    @staticmethod
    def _shortlist(fused: np.ndarray, eligible: Sequence[int]) -> Sequence[int]:
        """The eligible courses worth scoring with the profile signals: the best SHORTLIST by fused
        relevance. Signals reorder near neighbours; they never lift a course from the bottom of the
        catalogue into the top few, and scoring all of them costs more than the query embedding saves."""
        if len(eligible) <= SHORTLIST:
            return eligible
        candidates = np.asarray(eligible)
        best = np.argpartition(-fused[candidates], SHORTLIST - 1)[:SHORTLIST]
        return [int(pos) for pos in candidates[best]]

    def _one_per_course(self, ranked: list[tuple[float, int]], k: int) -> list[tuple[float, int]]:
        """The top `k`, with one entry for a course offered at several campuses: "EV Charge Point
        Installation" and "EV Charge Point Installation (Wales)" are one choice, not two, for a person whose
        nation is not known yet. The entry keeps the best score and shows the main-campus version (the
        title without a nation in brackets) when that one passed the filters."""
        groups: dict[str, list[tuple[float, int]]] = {}
        for score, pos in ranked:
            name = _CAMPUS_SUFFIX.sub("", self._courses[pos].title).casefold()
            groups.setdefault(name, []).append((score, pos))
        kept: list[tuple[float, int]] = []
        for members in groups.values():  # dicts keep insertion order: best-ranked group first
            best_score = members[0][0]
            main = next(
                (pos for _, pos in members if not _CAMPUS_SUFFIX.search(self._courses[pos].title)), None
            )
            kept.append((best_score, members[0][1] if main is None else main))
            if len(kept) == k:
                break
        return kept

    # --- guides and awards ----------------------------------------------------------------------------

    def search_guides(self, text: str, k: int = 3) -> list[GuideHit]:
        """Guide chunks that answer a question ("what is an HNC?", "can my experience count?")."""
        if not self._guide_docs or not text.strip():
            return []
        query = self.vocabulary.expand(text)
        scores = self._dense_doc_scores(query)[self._guide_docs]
        fused = _fuse(scores, np.array(self._guide_lexical.scores(query), dtype=np.float32))
        order = np.argsort(-fused, kind="stable")[:k]
        hits = []
        for i in order:
            doc = self.index.documents[self._guide_docs[int(i)]]
            hits.append(
                GuideHit(doc.ref_id, doc.title, doc.heading, doc.text, round(float(fused[int(i)]), 4))
            )
        return hits

    def search_awards(self, text: str, k: int = 3) -> list[AwardHit]:
        if not self._award_docs or not text.strip():
            return []
        query = self.vocabulary.expand(text)
        scores = self._dense_doc_scores(query)[self._award_docs]
        fused = _fuse(scores, np.array(self._award_lexical.scores(query), dtype=np.float32))
        order = np.argsort(-fused, kind="stable")[:k]
        return [
            AwardHit(
                self.index.documents[self._award_docs[int(i)]].ref_id,
                self.index.documents[self._award_docs[int(i)]].title,
                round(float(fused[int(i)]), 4),
            )
            for i in order
        ]

    # --- baselines for evaluation ---------------------------------------------------------------------

    def rank_lexical_only(self, text: str, k: int) -> list[str]:
        """Plain BM25 on the raw message: no expansion, no filters, no profile."""
        scores = np.array(self._lexical.scores(text), dtype=np.float32)
        order = np.argsort(-scores, kind="stable")[:k]
        return [self.course_ids[int(i)] for i in order if scores[int(i)] > 0]

    def rank_dense_only(self, text: str, k: int) -> list[str]:
        """Plain dense search on the raw message (best view per course): no expansion, filters or profile."""
        scores = self._dense_course_scores(text)
        order = np.argsort(-scores, kind="stable")[:k]
        return [self.course_ids[int(i)] for i in order]

    # --- internals ------------------------------------------------------------------------------------

    def _dense_doc_scores(self, query: str) -> np.ndarray:
        vector = self.query_vectors.vector(query)
        scores, positions = self.index.search(vector)
        by_doc = np.full(len(self.index.documents), -1.0, dtype=np.float32)
        by_doc[positions] = scores
        return by_doc

    def _dense_course_scores(self, query: str) -> np.ndarray:
        by_doc = self._dense_doc_scores(query)
        best = np.full(len(self._courses), -1.0, dtype=np.float32)
        mask = self._view_course >= 0
        np.maximum.at(best, self._view_course[mask], by_doc[mask])
        return best

    def _vocabulary_hit(self, pos: int, person: Profile) -> bool:
        """Whether a topic or occupation the person named is plainly in the course record."""
        topics = self._goal_terms(person) + self._terms(person.skills)
        return bool(self._topic_hits(pos, topics)) or bool(self._occupation_hit(self._courses[pos], person))

    def _closest_excluded(
        self, dense: np.ndarray, lexical: np.ndarray, eligible: list[int], person: Profile
    ) -> tuple[Course, str] | None:
        """The best-matching course the hard constraints removed, with the constraint that removed it."""
        fused = _fuse(dense, lexical)
        allowed = set(eligible)
        for pos in np.argsort(-fused, kind="stable"):
            if int(pos) in allowed:
                return None
            if dense[int(pos)] < WEAK_DENSE_FLOOR:
                return None
            return self._courses[int(pos)], self._exclusion_reason(self._courses[int(pos)], person)
        return None

    def _hard_filter(self, person: Profile) -> tuple[list[int], dict[str, int]]:
        excluded: dict[str, int] = {}
        eligible: list[int] = []
        for pos, course in enumerate(self._courses):
            reason = self._exclusion_reason(course, person)
            if reason:
                excluded[reason] = excluded.get(reason, 0) + 1
            else:
                eligible.append(pos)
        return eligible, excluded

    @staticmethod
    def _exclusion_reason(course: Course, person: Profile) -> str:
        """Which hard constraint rules `course` out for `person` ("" when none does)."""
        nation = person.employer.nation if person.role == "employer" else person.learner.nation
        nation = nation or person.learner.nation or person.employer.nation
        limits = person.constraints
        if nation is not None and nation not in course.nations:
            return f"not offered in {nation}"
        if limits.delivery_modes is not None and course.delivery_mode not in limits.delivery_modes:
            return "not " + " or ".join(m.replace("_", " ") for m in limits.delivery_modes)
        if limits.hours_per_week is not None and course.hours_per_week > limits.hours_per_week:
            return f"more than {_hours(limits.hours_per_week)} a week"
        if limits.budget_gbp is not None and course.cost_gbp > limits.budget_gbp:
            return "over your budget" if limits.budget_gbp > 0 else "not free"
        return ""

    def _terms(self, names: Sequence[str]) -> list[str]:
        return [name for name in names if self.vocabulary.term(name) is not None]

    def _goal_terms(self, person: Profile) -> list[str]:
        """The person's goals that name a vocabulary term. "become X" names the occupation X: the courses
        for X are the way into it."""
        return self._terms([goal.removeprefix("become ") for goal in person.goals])

    def _topic_hits(self, pos: int, names: Sequence[str]) -> list[str]:
        return [name for name in names if pos in self._courses_with(name)]

    def _courses_with(self, name: str) -> frozenset[int]:
        """Courses whose record lists or plainly mentions a vocabulary term (positions kept once per term)."""
        term = self.vocabulary.term(name)
        if term is None:
            return frozenset()
        cached = self._term_courses.get((term.kind, term.key))
        if cached is None:
            cached = frozenset(self._course_pos[cid] for cid in term.courses if cid in self._course_pos)
            self._term_courses[(term.kind, term.key)] = cached
        return cached

    def _occupation_hit(self, course: Course, person: Profile) -> str:
        wanted = [person.occupation] if person.occupation else []
        wanted += list(person.team)
        for name in wanted:
            hit = self._occupation_of(name or "", self._course_pos[course.id])
            if hit:
                return hit
        return ""

    def _occupation_of(self, name: str, pos: int) -> str:
        """The course's own occupation entry that is a named occupation, or contains it ("" when none)."""
        key = (name, pos)
        cached = self._occupation_cache.get(key)
        if cached is None:
            cached = self.vocabulary.occupation_in(name, self._courses[pos].occupations)
            if len(self._occupation_cache) > 100_000:  # names come from requests: keep the cache bounded
                self._occupation_cache.clear()
            self._occupation_cache[key] = cached
        return cached

    def _signals(
        self,
        course: Course,
        pos: int,
        person: Profile,
        beginner: bool,
        foundation: bool,
        completed: Collection[str],
        today: dt.date,
    ) -> float:
        bonus = 0.0
        goal_topics = self._goal_terms(person)
        bonus += GOAL_TOPIC_BONUS * min(2, len(self._topic_hits(pos, goal_topics)))
        bonus += SKILL_TOPIC_BONUS * min(2, len(self._topic_hits(pos, list(person.skills))))
        if self._occupation_hit(course, person):
            bonus += OCCUPATION_BONUS
        if course.sector in person.sectors:
            bonus += SECTOR_BONUS
        bonus -= _level_penalty(course, person, beginner, foundation)
        if any(p not in completed for p in course.prerequisites):
            bonus -= 0.05
        start_by = person.constraints.start_by
        if start_by is not None:
            start = course.next_start(today)
            if start is None or start > start_by:
                bonus -= 0.08
        return bonus

    def _why(
        self,
        course: Course,
        pos: int,
        person: Profile,
        query: str,
        completed: Collection[str],
        today: dt.date,
    ) -> str:
        sentences: list[str] = []
        about = _about_person(person, self.vocabulary)
        link: list[str] = []
        occupation = self._occupation_hit(course, person)
        if occupation:
            link.append(f"is for {_plural(occupation)}")
        covered = _covered_skills(course, query)
        if covered:
            link.append("covers " + " and ".join(covered))
        if about and link:
            sentences.append(f"{about}; this course {' and '.join(link)}.")
        elif link:
            sentences.append(f"This course {' and '.join(link)}.")
        elif about:
            sentences.append(
                f"{about}; this course is close to what you described: {_first_sentence(course.summary)}."
            )
        else:
            sentences.append(course.summary.split(". ")[0].rstrip(".") + ".")

        facts = [
            _sentence_case(describe_level(course.level, course.level_framework)),
            course.delivery_mode.replace("_", " "),
            f"{_hours(course.hours_per_week)} a week for {_weeks(course.duration_weeks)}",
            "free" if course.cost_gbp == 0 else f"£{course.cost_gbp:,.0f}",
        ]
        sentences.append(", ".join(facts) + ".")
        sentences.extend(_fit_notes(course, person, today))
        missing = [p for p in course.prerequisites if p not in completed]
        if missing:
            names = [self.catalogue.courses[p].title if p in self.catalogue.courses else p for p in missing]
            sentences.append(f"You need {' and '.join(names)} first (or equivalent experience).")
        return " ".join(sentences)


# --- helpers ------------------------------------------------------------------------------------------


def _fuse(dense: np.ndarray, lexical: np.ndarray) -> np.ndarray:
    """Convex blend of min-max-normalised dense similarity and max-normalised BM25."""
    if dense.size == 0:
        return dense
    low, high = float(dense.min()), float(dense.max())
    dense_norm = (dense - low) / (high - low) if high > low else np.zeros_like(dense)
    top = float(lexical.max(initial=0.0))
    lexical_norm = lexical / top if top > 0 else np.zeros_like(lexical)
    return (DENSE_WEIGHT * dense_norm + LEXICAL_WEIGHT * lexical_norm).astype(np.float32)


def _level_penalty(course: Course, person: Profile, beginner: bool, foundation: bool) -> float:
    level = to_rqf_scale(course.level, course.level_framework)
    held = person.learner.highest_level
    target = person.target_level
    years = person.years_experience or 0.0
    if target is not None:
        return min(0.25, 0.06 * abs(level - target))
    if held is None:
        # Experienced people rarely want Entry or level 1 courses in their own trade.
        return 0.05 if years >= 5 and level <= 1 else 0.0
    ceiling = max(held + 1, 2) + (1 if years >= 5 else 0)
    penalty = 0.15 * (level - ceiling) if level > ceiling else 0.0
    floor = held - 2
    if level < floor and not foundation and not beginner:
        penalty += 0.05 * (floor - level)
    return penalty


def _about_person(person: Profile, vocabulary: Vocabulary) -> str:
    subject = {"learner": "You said you're", "advisor": "Your client is", "employer": "Your team includes"}[
        person.role
    ]
    if person.role == "employer" and person.team:
        role_name, count = next(iter(person.team.items()))
        return f"{subject} {count} {_plural(role_name) if count != 1 else role_name}"
    if person.occupation:
        text = f"{subject} {_article(person.occupation)} {person.occupation}"
        if person.years_experience:
            years = f"{person.years_experience:g}"
            text += f" with {years} year{'s' if years != '1' else ''}' experience"
        return text
    topics = [g for g in person.goals if not g.startswith("become ") and vocabulary.term(g) is not None]
    if topics:
        lead = {"learner": "You want", "advisor": "Your client wants", "employer": "Your team needs"}[
            person.role
        ]
        return f"{lead} to learn about {' and '.join(topics[:2])}"
    return ""


def _covered_skills(course: Course, query: str) -> list[str]:
    """The course's own skills (or outcomes) that share words with the query: grounded in the record."""
    query_terms = set(tokenize(query))
    scored: list[tuple[int, int, str]] = []
    for i, skill in enumerate(course.skills):
        overlap = len(set(tokenize(skill)) & query_terms)
        if overlap:
            scored.append((-overlap, i, skill))
    if not scored:
        for i, outcome in enumerate(course.learning_outcomes):
            overlap = len(set(tokenize(outcome)) & query_terms)
            if overlap >= 2:
                scored.append((-overlap, i, outcome[0].lower() + outcome[1:]))
                break
    scored.sort()
    return [text for _, _, text in scored[:2]]


def _fit_notes(course: Course, person: Profile, today: dt.date) -> list[str]:
    notes: list[str] = []
    limits = person.constraints
    fits: list[str] = []
    if limits.hours_per_week is not None:
        fits.append(f"fits your {_hours(limits.hours_per_week)} a week")
    if limits.budget_gbp is not None:
        fits.append(
            "is free" if limits.budget_gbp == 0 else f"is within your £{limits.budget_gbp:,.0f} budget"
        )
    if limits.delivery_modes is not None:
        fits.append(f"is {course.delivery_mode.replace('_', ' ')} as you asked")
    nation = person.learner.nation or person.employer.nation
    if nation is not None:
        fits.append(f"is offered in {nation}")
    if fits:
        notes.append("It " + ", ".join(fits[:-1]) + (" and " if len(fits) > 1 else "") + fits[-1] + ".")
    level = to_rqf_scale(course.level, course.level_framework)
    held = person.learner.highest_level
    if person.target_level is not None and level == person.target_level:
        notes.append(f"It is at the level {level} you are aiming for.")
    elif held is not None and level == held + 1:
        notes.append(f"It is one step up from the level {held} you hold.")
    elif held is not None and level > max(held + 1, 2):
        entry = (course.entry_requirements or "ask the college").rstrip(".")
        notes.append(f"It is above the level {held} you hold, so check the entry requirements: {entry}.")
    if limits.start_by is not None:
        start = course.next_start(today)
        if start is None or start > limits.start_by:
            notes.append("It does not start by when you wanted, so ask about the next intake.")
    return notes


def _nothing_fits(person: Profile, excluded: dict[str, int]) -> str:
    reasons = "; ".join(
        f"{count} {'is' if count == 1 else 'are'} {reason}" for reason, count in sorted(excluded.items())
    )
    return (
        f"No course in this catalogue meets all your limits ({reasons or 'none fit'}). "
        "You could relax one of them, or talk to a human advisor."
    )


def _first_sentence(text: str) -> str:
    return text.split(". ")[0].rstrip(".")


def _weeks(weeks: int) -> str:
    return f"{weeks} week{'s' if weeks != 1 else ''}"


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _hours(hours: float) -> str:
    return f"{hours:g} hour{'s' if hours != 1 else ''}"


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _plural(noun: str) -> str:
    noun = noun.strip()
    if noun.endswith(("s", "sh", "ch")):
        return noun + "es" if not noun.endswith("s") else noun
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"
