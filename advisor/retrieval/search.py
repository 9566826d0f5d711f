"""Matching: a person (free text and/or a Profile) -> the courses they can take, best first, with a reason.

Order of work, and why:
1. Hard constraints are applied in code first (nation offered, delivery mode, hours per week, budget).
   Similarity never overrides a limit the person set; a filter that matches nothing returns nothing.
2. Ranking fuses dense similarity (best of a course's views) with BM25 on a query expanded from slang into
   the catalogue's own words (`advisor.understanding.vocabulary`, built once per catalogue), then adds profile
   signals (occupation and topic overlap, sector, level fit, prerequisites).
3. Weak matches are dropped rather than padded, and the result says so. Relevance is judged against the
   whole catalogue, before any limit: when a limit removes every course that fits, the courses left are not
   offered in their place. A course counts as relevant only with evidence that it is about what the person
   said (a topic or occupation they named is in its record, or it is close in meaning and shares a word with
   what they said, or it is clearly close in meaning on its own).
4. Relevant courses a limit removed are reported as near misses, each with the limits it breaks in plain
   words ("needs 12.5 hours a week; you said 6"), with a per-limit summary, so a reply can say which limit
   excluded what and offer to change it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from advisor.domain.catalogue import DELIVERY_MODES, NATIONS, Catalogue, Course
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
# A course that shares no word with what the person said (after slang expansion) and names none of their
# topics or their occupation must be clearly close in meaning: generic sentences ("I want to be a pilot")
# sit at about WEAK_DENSE_FLOOR against every course.
STRONG_DENSE_FLOOR = 0.45
# At most this many near misses (relevant courses a limit removed) are reported.
NEAR_MISSES = 3
# The most the profile signals can add to a course's fused relevance.
MAX_BONUS = 2 * GOAL_TOPIC_BONUS + 2 * SKILL_TOPIC_BONUS + OCCUPATION_BONUS + SECTOR_BONUS

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


Limit = Literal["nation", "mode", "hours", "budget", "start", "level"]
# The limits that remove a course before ranking; "start" and "level" only lower a course's rank, and are
# reported beside a hard break so the person sees everything a near miss does not fit.
HARD_LIMITS: tuple[Limit, ...] = ("nation", "mode", "hours", "budget")


@dataclass(frozen=True)
class Break:
    """One limit of the person's that a course does not meet.

    `course_value` and `wanted` are the two sides in data form ("12.5" and "6" for hours, "in_person" and
    "online" for mode, "850" and "300" for budget, "Scotland" and "Wales" for nation, ISO dates for start,
    RQF levels for level); `text` says it in plain words: "needs 12.5 hours a week; you said 6"."""

    limit: Limit
    course_value: str
    wanted: str
    text: str


@dataclass(frozen=True)
class NearMiss:
    """A course relevant to what the person asked that a limit removed: what it breaks, best first."""

    course: Course
    score: float  # on the same scale as Match.score
    breaks: tuple[Break, ...]  # hard breaks first (the reasons it was removed), then start / level notes


@dataclass(frozen=True)
class LimitSummary:
    """What one hard limit removed among the courses relevant to what the person asked.

    `courses` counts a course offered at several campuses once; `alone` is how many of them this limit alone
    removed (changing just this limit would bring them back). `low` and `high` span the course values for
    hours and budget; `course_values` lists the distinct values for every limit."""

    limit: Limit
    courses: int
    alone: int
    course_ids: tuple[str, ...]
    course_values: tuple[str, ...]
    wanted: str
    text: str  # "3 courses need 12.5 to 22.5 hours a week; you said 6"
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class MatchResult:
    matches: tuple[Match, ...]
    profile: Profile
    query: str
    eligible: int  # courses that passed the hard constraints
    excluded: dict[str, int] = field(default_factory=dict)  # hard constraint -> courses it removed
    weak: bool = False  # nothing fits well: fewer (or no) results were returned on purpose
    message: str = ""  # plain-English note for the person when `weak` or when filters left nothing
    # Relevant courses a limit removed that would have ranked above the weakest match shown (or any, when no
    # relevant course passed the limits), best first, at most NEAR_MISSES.
    near_misses: tuple[NearMiss, ...] = ()
    # Per hard limit, what it removed among all relevant courses (limits that removed none are left out).
    limits: tuple[LimitSummary, ...] = ()

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
            "near_misses": [
                {
                    "id": n.course.id,
                    "title": n.course.title,
                    "score": n.score,
                    "limits": [b.limit for b in n.breaks],
                    "breaks": [b.text for b in n.breaks],
                }
                for n in self.near_misses
            ],
            "limits": [
                {"limit": s.limit, "courses": s.courses, "alone": s.alone, "text": s.text}
                for s in self.limits
            ],
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
        # The hard limits' course values as arrays, so a request's limits are a few array comparisons.
        self._hours = np.array([c.hours_per_week for c in self._courses], dtype=np.float64)
        self._costs = np.array([c.cost_gbp for c in self._courses], dtype=np.float64)
        self._modes = np.array([c.delivery_mode for c in self._courses], dtype=object)
        self._offered = {n: np.array([n in c.nations for c in self._courses], dtype=bool) for n in NATIONS}
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
        query_vector: np.ndarray | None = None,
    ) -> MatchResult:
        """Courses for a person described by `text` and/or `profile` (`profile` facts win over the text).
        With `already_read`, `profile` is all that `text` says (read once by the chat): it is not re-read.

        `matches` holds only courses relevant to what was said that pass every hard limit (none, with
        `weak`, rather than unrelated ones); `near_misses` the relevant courses a limit removed that would
        have ranked above the weakest match (any, when none passed), with what each breaks; `limits` what
        each hard limit removed among the relevant courses. Nothing is kept on the matcher per request."""
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

        eligible, removed, excluded = self._apply_limits(person)
        if not eligible and not query:
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

        # The chat passes the vector it already has for this search (one model call per turn).
        dense = self._dense_course_scores(query, query_vector)
        lexical = np.array(self._lexical.scores(query), dtype=np.float32)
        fused = _fuse(dense, lexical)
        beginner = bool(_BEGINNER.search(text))
        # Asking for maths, English, ESOL ... is a reason to offer low-level courses to anyone.
        foundation = any(self.vocabulary.is_foundation(g) for g in person.goals)

        def scored(positions: Sequence[int]) -> list[tuple[float, int]]:
            ranked = [
                (
                    float(fused[pos])
                    + self._signals(self._courses[pos], pos, person, beginner, foundation, completed, today),
                    pos,
                )
                for pos in positions
            ]
            ranked.sort(key=lambda pair: (-pair[0], self.course_ids[pair[1]]))
            return ranked

        # The bar is set by the best relevance in the whole catalogue, before any limit: a limit removes the
        # courses that fit, it does not make the ones left more relevant (so they never fill the list), and
        # profile signals move a course up or down against the bar, but one course's stacked bonuses do not
        # raise it for every other.
        top = float(fused.max(initial=0.0))

        def relevant(score: float, pos: int) -> bool:
            return (
                score >= top * RELATIVE_CUTOFF and score > 0 and self._evidence(pos, dense, lexical, person)
            )

        ranked = scored(self._shortlist(fused, eligible))
        chosen = [(score, pos) for score, pos in self._one_per_course(ranked, k) if relevant(score, pos)]
        # Removed courses that could clear the bar, scored like the eligible ones.
        candidates = [
            pos
            for pos in self._removed_candidates(fused, removed, eligible, top * RELATIVE_CUTOFF - MAX_BONUS)
            if self._evidence(pos, dense, lexical, person)
        ]
        near_misses, limits = self._near_misses(
            scored(candidates),
            person,
            today,
            relevant,
            floor=min((score for score, _ in chosen), default=None),
        )
        weak = not chosen
        message = ""
        if not eligible:
            message = _nothing_fits(person, excluded)
        elif weak:
            if near_misses:
                closest = near_misses[0]
                hard = [b for b in closest.breaks if b.limit in HARD_LIMITS]
                message = (
                    "Nothing within your limits fits what you described well. "
                    f"The closest course, {closest.course.title}, {hard[0].text}."
                    + "".join(f" It also {b.text}." for b in hard[1:])
                    + " You could change that limit, or a human advisor can help you look wider."
                )
            else:
                message = (
                    "Nothing in this catalogue fits what you described well. "
                    "A human advisor can help you look wider."
                )
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
        return MatchResult(
            matches, person, query, len(eligible), excluded, weak, message, near_misses, limits
        )

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

    def _dense_doc_scores(self, query: str, vector: np.ndarray | None = None) -> np.ndarray:
        if vector is None:
            vector = self.query_vectors.vector(query)
        scores, positions = self.index.search(vector)
        by_doc = np.full(len(self.index.documents), -1.0, dtype=np.float32)
        by_doc[positions] = scores
        return by_doc

    def _dense_course_scores(self, query: str, vector: np.ndarray | None = None) -> np.ndarray:
        by_doc = self._dense_doc_scores(query, vector)
        best = np.full(len(self._courses), -1.0, dtype=np.float32)
        mask = self._view_course >= 0
        np.maximum.at(best, self._view_course[mask], by_doc[mask])
        return best

    def _vocabulary_hit(self, pos: int, person: Profile) -> bool:
        """Whether a topic or occupation the person named is plainly in the course record."""
        topics = self._goal_terms(person) + self._terms(person.skills)
        return bool(self._topic_hits(pos, topics)) or bool(self._occupation_hit(self._courses[pos], person))

    def _evidence(self, pos: int, dense: np.ndarray, lexical: np.ndarray, person: Profile) -> bool:
        """Whether the course is about what the person said, whatever its rank: a topic or occupation they
        named is in its record, or it is close in meaning and shares a word with what they said, or it is
        clearly close in meaning on its own."""
        closeness = float(dense[pos])
        if closeness >= STRONG_DENSE_FLOOR or (closeness >= WEAK_DENSE_FLOOR and lexical[pos] > 0):
            return True
        return self._vocabulary_hit(pos, person)

    def _removed_candidates(
        self, fused: np.ndarray, removed: list[int], eligible: list[int], least: float
    ) -> list[int]:
        """The removed courses worth scoring as near misses: the best SHORTLIST by fused relevance whose
        relevance is at least `least` (below it, no profile signal could lift them over the bar), leaving out
        a course whose same-titled version at another campus passed the limits (that one is on offer)."""
        if not removed:
            return []
        available = {self._campus_name(pos) for pos in eligible}
        return [
            pos
            for pos in self._shortlist(fused, removed)
            if fused[pos] >= least and self._campus_name(pos) not in available
        ]

    def _campus_name(self, pos: int) -> str:
        return _CAMPUS_SUFFIX.sub("", self._courses[pos].title).casefold()

    def _near_misses(
        self,
        ranked: list[tuple[float, int]],
        person: Profile,
        today: dt.date,
        relevant: Callable[[float, int], bool],
        *,
        floor: float | None,
    ) -> tuple[tuple[NearMiss, ...], tuple[LimitSummary, ...]]:
        """Relevant courses the limits removed (best first, one per course offered at several campuses) that
        would have ranked above the weakest match shown (`floor`; any, when none was shown), and what each
        limit removed among all the relevant ones."""
        groups: dict[str, list[tuple[float, int]]] = {}
        breaks: dict[int, tuple[Break, ...]] = {}
        for score, pos in ranked:
            if relevant(score, pos):
                groups.setdefault(self._campus_name(pos), []).append((score, pos))
                breaks[pos] = _hard_breaks(self._courses[pos], person)
        kept: list[tuple[float, int]] = []
        for members in groups.values():  # best-ranked group first
            # Show the version that breaks the fewest limits (the person's own nation's campus, say), else
            # the main-campus one.
            _, pos = min(
                members,
                key=lambda sp: (len(breaks[sp[1]]), bool(_CAMPUS_SUFFIX.search(self._courses[sp[1]].title))),
            )
            kept.append((members[0][0], pos))
        near = tuple(
            NearMiss(
                course=self._courses[pos],
                score=round(score, 4),
                breaks=breaks[pos] + _soft_breaks(self._courses[pos], person, today),
            )
            for score, pos in kept
            if floor is None or score > floor
        )[:NEAR_MISSES]
        return near, _summarise([(self._courses[pos], breaks[pos]) for _, pos in kept])

    def _apply_limits(self, person: Profile) -> tuple[list[int], list[int], dict[str, int]]:
        """The courses that meet every hard limit, the ones that do not, and how many each limit removed
        first (in the order nation, mode, hours, budget), keyed by a plain reason ("not offered in Wales")."""
        nation = _person_nation(person)
        limits = person.constraints
        fails: list[tuple[str, np.ndarray]] = []
        if nation is not None:
            fails.append((f"not offered in {nation}", ~self._offered[nation]))
        if limits.delivery_modes is not None:
            reason = "not " + " or ".join(m.replace("_", " ") for m in limits.delivery_modes)
            fails.append((reason, ~np.isin(self._modes, list(limits.delivery_modes))))
        if limits.hours_per_week is not None:
            fails.append(
                (f"more than {_hours(limits.hours_per_week)} a week", self._hours > limits.hours_per_week)
            )
        if limits.budget_gbp is not None:
            reason = "over your budget" if limits.budget_gbp > 0 else "not free"
            fails.append((reason, self._costs > limits.budget_gbp))
        passing = np.ones(len(self._courses), dtype=bool)
        excluded: dict[str, int] = {}
        for reason, failed in fails:
            first = int(np.count_nonzero(failed & passing))
            if first:
                excluded[reason] = first
            passing &= ~failed
        return (
            [int(pos) for pos in np.flatnonzero(passing)],
            [int(pos) for pos in np.flatnonzero(~passing)],
            excluded,
        )

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


# --- limits and near misses ---------------------------------------------------------------------------

_MODE_TAUGHT = {
    "online": "is only taught online",
    "in_person": "is only taught in person",
    "blended": "is taught part online, part in person",
}
_MODE_NAME = {"online": "online", "in_person": "in person", "blended": "part online, part in person"}
_MODE_SHORT = {
    "online": "online",
    "in_person": "in person",
    "blended": "blended (part online, part in person)",
}


def _person_nation(person: Profile) -> str | None:
    nation = person.employer.nation if person.role == "employer" else person.learner.nation
    return nation or person.learner.nation or person.employer.nation


def _hard_breaks(course: Course, person: Profile) -> tuple[Break, ...]:
    """Every hard limit of the person's that `course` does not meet, in the order nation, mode, hours,
    budget (empty when it meets them all)."""
    found: list[Break] = []
    nation = _person_nation(person)
    limits = person.constraints
    if nation is not None and nation not in course.nations:
        found.append(
            Break("nation", ", ".join(course.nations), nation, f"is only offered in {_and(course.nations)}")
        )
    if limits.delivery_modes is not None and course.delivery_mode not in limits.delivery_modes:
        wanted = " or ".join(_MODE_NAME[m] for m in limits.delivery_modes)
        found.append(
            Break(
                "mode",
                course.delivery_mode,
                ", ".join(limits.delivery_modes),
                f"{_MODE_TAUGHT[course.delivery_mode]}; you asked for {wanted}",
            )
        )
    if limits.hours_per_week is not None and course.hours_per_week > limits.hours_per_week:
        found.append(
            Break(
                "hours",
                _number(course.hours_per_week),
                _number(limits.hours_per_week),
                f"needs {_hours(course.hours_per_week)} a week; you said {_number(limits.hours_per_week)}",
            )
        )
    if limits.budget_gbp is not None and course.cost_gbp > limits.budget_gbp:
        wanted = (
            f"your budget is {_money(limits.budget_gbp)}"
            if limits.budget_gbp > 0
            else "you asked for free courses"
        )
        found.append(
            Break(
                "budget",
                _number(course.cost_gbp),
                _number(limits.budget_gbp),
                f"costs {_money(course.cost_gbp)}; {wanted}",
            )
        )
    return tuple(found)


def _soft_breaks(course: Course, person: Profile, today: dt.date) -> tuple[Break, ...]:
    """Wishes that only lower a course's rank: a start date, a target level."""
    found: list[Break] = []
    start_by = person.constraints.start_by
    if start_by is not None:
        start = course.next_start(today)
        if start is None or start > start_by:
            when = f"next starts on {_date(start)}" if start else "has no start date coming up"
            found.append(
                Break(
                    "start",
                    start.isoformat() if start else "",
                    start_by.isoformat(),
                    f"{when}; you wanted to start by {_date(start_by)}",
                )
            )
    target = person.target_level
    level = to_rqf_scale(course.level, course.level_framework)
    if target is not None and level != target:
        found.append(
            Break(
                "level",
                str(level),
                str(target),
                f"is {describe_level(course.level, course.level_framework)}; you asked for level {target}",
            )
        )
    return tuple(found)


def _summarise(removed: Sequence[tuple[Course, tuple[Break, ...]]]) -> tuple[LimitSummary, ...]:
    """Per hard limit, what it removed among `removed` (relevant courses with their hard breaks, one entry
    per course)."""
    summaries: list[LimitSummary] = []
    for limit in HARD_LIMITS:
        hit = [(course, found, brk) for course, found in removed for brk in found if brk.limit == limit]
        if not hit:
            continue
        count = len(hit)
        alone = sum(1 for _, found, _ in hit if len(found) == 1)
        wanted = hit[0][2].wanted
        low: float | None = None
        high: float | None = None
        if limit in ("hours", "budget"):
            numbers = sorted(float(b.course_value) for _, _, b in hit)
            low, high = numbers[0], numbers[-1]
            values = tuple(dict.fromkeys(_number(n) for n in numbers))
        elif limit == "mode":
            values = tuple(m for m in DELIVERY_MODES if any(c.delivery_mode == m for c, _, _ in hit))
        else:
            values = tuple(n for n in NATIONS if any(n in c.nations for c, _, _ in hit))
        courses_word = "course" if count == 1 else "courses"
        if limit == "hours":
            span = _hours(high or 0) if low == high else f"{_number(low or 0)} to {_hours(high or 0)}"
            need = "needs" if count == 1 else "need"
            text = f"{count} {courses_word} {need} {span} a week; you said {wanted}"
        elif limit == "budget":
            span = _money(low or 0) if low == high else f"{_money(low or 0)} to {_money(high or 0)}"
            cost = "costs" if count == 1 else "cost"
            budget = float(wanted)
            told = f"your budget is {_money(budget)}" if budget > 0 else "you asked for free courses"
            text = f"{count} {courses_word} {cost} {span}; {told}"
        elif limit == "mode":
            verb = "is" if count == 1 else "are"
            taught = " or ".join(_MODE_SHORT[m] for m in values)
            asked = " or ".join(_MODE_NAME[m] for m in wanted.split(", "))
            text = f"{count} {courses_word} {verb} only taught {taught}; you asked for {asked}"
        else:
            verb = "is" if count == 1 else "are"
            text = f"{count} {courses_word} {verb} not offered in {wanted}, only in {_or(values)}"
        summaries.append(
            LimitSummary(
                limit=limit,
                courses=count,
                alone=alone,
                course_ids=tuple(c.id for c, _, _ in hit),
                course_values=values,
                wanted=wanted,
                text=text,
                low=low,
                high=high,
            )
        )
    return tuple(summaries)


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _or(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _number(value: float) -> str:
    """A figure as data: "12.5", "6", "1400", "49.99" (never exponent notation)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _money(amount: float) -> str:
    return f"£{amount:,.0f}" if float(amount).is_integer() else f"£{amount:,.2f}"


def _date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


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
