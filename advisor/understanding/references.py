"""What a message points at: courses ("the second one", "it", "the excel one", "the cheaper one", a title),
awards ("the HNC") and funding schemes ("the PLA"). Indexes are built once per catalogue, so resolving a
reference looks at the courses in the conversation and the words of the message, not the whole catalogue."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from advisor.domain.catalogue import Catalogue, Course
from advisor.understanding.reading import Reference

_I = re.IGNORECASE
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
    "5th": 5, "sixth": 6, "6th": 6, "top": 1,
}  # fmt: skip
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "both": 2}
_ORDINAL_RE = re.compile(r"\b(" + "|".join(_ORDINALS) + r")\b(?!\s+(?:aid|time|class|step|year))", _I)
_POSITION_RE = re.compile(r"\b(?:number|option|course|no\.?|#)\s*(\d)\b", _I)
_FIRST_N = re.compile(r"\b(?:first|top) (two|three|four|five|\d)\b", _I)
_LAST = re.compile(r"\blast(?: one| course)?\b(?! (?:year|week|month|time))", _I)
_BOTH = re.compile(r"\b(?:both|all (?:three|of them)|them all|each of them)\b", _I)
_PRONOUN = re.compile(
    r"\b(?:it|that|this|that one|this one|that course|this course|the course|same one)\b", _I
)
_COMPARATIVES: tuple[tuple[re.Pattern[str], str, int], ...] = (
    (re.compile(r"\b(?:cheaper|cheapest|less expensive|lower cost|free) (?:one|course|option)\b", _I), "cost_gbp", 1),
    (re.compile(r"\b(?:dearer|more expensive|pricier|priciest) (?:one|course|option)\b", _I), "cost_gbp", -1),
    (re.compile(r"\b(?:shorter|shortest|quicker|quickest|faster) (?:one|course|option)\b", _I), "duration_weeks", 1),
    (re.compile(r"\b(?:longer|longest) (?:one|course|option)\b", _I), "duration_weeks", -1),
    (re.compile(r"\b(?:lighter|easier|less intense) (?:one|course|option)\b", _I), "hours_per_week", 1),
)  # fmt: skip
# Said of a course: "the X one", "the X course", or a question about it.
_NAMES_A_COURSE = re.compile(
    r"\b(?:one|course|module|bootcamp)\b|\?|\b(?:how long|when|cost|free|online)\b", _I
)
_MODE_ONE = re.compile(r"\b(?P<mode>online|in[- ]person|blended|classroom) (?:one|course|option)\b", _I)

_DONE = re.compile(
    r"\b(?:has|have|'ve|had)\s+(?:already\s+)?(?:done|completed|finished|passed)\b|\b(?:already\s+)?(?:completed|finished|passed)\b|"
    r"\bdid\b(?=\s+(?:the|a|an)\b)",
    _I,
)
# Ideas of the rules that have an answer of their own (not catalogue words: national terms).
_CONCEPTS: dict[str, re.Pattern[str]] = {
    "rpl": re.compile(
        r"(?-i:\bRPL\b)|\brpl\b|recognition of prior learning|accreditation of prior (?:experiential )?learning|"
        r"(?-i:\bAPE?L\b)|prior learning",
        _I,
    ),
}

# Words that appear in many course titles and say nothing about which course is meant.
GENERIC_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "in",
        "for",
        "to",
        "with",
        "on",
        "one",
        "course",
        "courses",
        "level",
        "award",
        "certificate",
        "diploma",
        "introduction",
        "intro",
        "skills",
        "skill",
        "essentials",
        "essential",
        "foundations",
        "foundation",
        "fundamentals",
        "basics",
        "practical",
        "professional",
        "advanced",
        "about",
        "more",
        "tell",
        "me",
        "what",
        "does",
        "cost",
        "how",
        "much",
        "is",
        "it",
        "that",
        "this",
        "those",
        "these",
        "which",
        "compare",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "last",
        "both",
        "two",
        "three",
        "i",
        "my",
        "can",
        "do",
        "get",
        "help",
        "paying",
        "pay",
        "module",
        "unit",
        "short",
        "qualification",
        "qualifications",
        "hnc",
        "hnd",
        "free",
        "online",
        "when",
        "where",
        "next",
        "start",
        "intake",
        "who",
        "are",
        "you",
        "we",
        "our",
        "your",
        "us",
        "be",
        "there",
        "any",
        "have",
        "has",
        "was",
        "will",
        "would",
        "could",
        "should",
        "from",
        "at",
        "by",
        "or",
        "if",
        "so",
        "not",
        "no",
        "yes",
        "please",
        "thanks",
        "need",
        "want",
        "like",
    ]
)
_WORD = re.compile(r"[a-z0-9+#]+")


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in GENERIC_WORDS and len(w) > 1}


@dataclass
class ReferenceIndex:
    """Built once per catalogue: course title words, award names and scheme names as patterns."""

    catalogue: Catalogue
    _title_words: dict[str, frozenset[str]] = field(default_factory=dict)
    _by_word: dict[str, set[str]] = field(default_factory=dict)
    _course_ids: re.Pattern[str] | None = None
    _awards: list[tuple[re.Pattern[str], str, bool]] = field(default_factory=list)
    _schemes: list[tuple[re.Pattern[str], str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for course in self.catalogue.courses.values():
            words = frozenset(content_words(course.title))
            self._title_words[course.id] = words
            for word in words:
                self._by_word.setdefault(word, set()).add(course.id)
        ids = sorted(self.catalogue.courses, key=len, reverse=True)
        self._course_ids = re.compile(r"\b(?:" + "|".join(map(re.escape, ids)) + r")\b") if ids else None
        for award in self.catalogue.awards.values():
            self._awards.append(
                (
                    re.compile(rf"(?<![\w-]){re.escape(award.title)}(?![\w-])|\b{re.escape(award.id)}\b", _I),
                    award.id,
                    True,
                )
            )
            if award.short:
                self._awards.append(
                    (re.compile(rf"(?<![\w-]){re.escape(award.short)}s?(?![\w-])", _I), award.id, False)
                )
        for scheme in self.catalogue.schemes.values():
            self._schemes.append((_scheme_pattern(scheme.id, scheme.name), scheme.id))

    # --- courses ------------------------------------------------------------------------------------------

    def courses(self, text: str, shown: Sequence[str], focus: str | None) -> list[Reference]:
        shown = [c for c in shown if c in self.catalogue.courses]
        found: list[Reference] = [
            Reference("course", shown[p - 1], "ordinal") for p in _positions(text, len(shown))
        ]
        found += self._comparative(text, shown)
        if self._course_ids is not None:
            found += [
                Reference("course", hit.group(0), "name") for hit in self._course_ids.finditer(text.lower())
            ]
        if not found:
            found += self._by_words(text, shown)
        if not found and _PRONOUN.search(text):
            target = focus if focus in self.catalogue.courses else (shown[0] if len(shown) == 1 else None)
            if target:
                found.append(Reference("course", target, "pronoun"))
        unique: dict[str, Reference] = {}
        for ref in found:
            unique.setdefault(ref.id, ref)
        done = _DONE.search(text)
        if done and unique:
            # "has done Construction Technology", "I've completed the Python one": finished, not wanted.
            after = text[done.end() :].lower()
            unique = {
                cid: Reference("course", cid, "done") if self._named_in(cid, after) else ref
                for cid, ref in unique.items()
            }
        return list(unique.values())

    def _named_in(self, course_id: str, text: str) -> bool:
        words = self._title_words.get(course_id, frozenset())
        return course_id in text or (bool(words) and len(words & content_words(text)) * 2 >= len(words))

    def _comparative(self, text: str, shown: list[str]) -> list[Reference]:
        if len(shown) < 2:
            return []
        courses = [self.catalogue.courses[c] for c in shown]
        for pattern, attribute, sign in _COMPARATIVES:
            if pattern.search(text):
                best = min(courses, key=lambda c: sign * float(getattr(c, attribute)))
                return [Reference("course", best.id, "comparative")]
        mode = _MODE_ONE.search(text)
        if mode:
            wanted = (
                mode.group("mode")
                .lower()
                .replace("-", "_")
                .replace(" ", "_")
                .replace("classroom", "in_person")
            )
            hits = [c for c in courses if c.delivery_mode == wanted]
            if len(hits) == 1:
                return [Reference("course", hits[0].id, "attribute")]
        by_level: list[Reference] = []
        for level in re.finditer(r"\blevel (\d)\b", text, _I):
            hits = [c for c in courses if c.level == int(level.group(1))]
            if len(hits) == 1 and all(r.id != hits[0].id for r in by_level):
                by_level.append(Reference("course", hits[0].id, "attribute"))
        return by_level

    def _by_words(self, text: str, shown: list[str]) -> list[Reference]:
        words = content_words(text)
        if not words:
            return []

        def shown_overlap(course: Course) -> int:
            own = self._title_words[course.id] | content_words(" ".join(course.skills))
            return len(words & own)

        scored = sorted(((shown_overlap(self.catalogue.courses[c]), c) for c in shown), key=lambda p: -p[0])
        if scored and scored[0][0] > 0:
            return [Reference("course", c, "attribute") for s, c in scored if s == scored[0][0]][:3]
        # A course not on the table must be named more fully: two and half of its distinctive title words.
        candidates: dict[str, int] = {}
        for word in words:
            for course_id in self._by_word.get(word, ()):
                candidates[course_id] = candidates.get(course_id, 0) + 1
        named = [
            (hits, cid)
            for cid, hits in candidates.items()
            if cid not in shown
            and hits >= min(2, len(self._title_words[cid]))
            and hits * 2 >= len(self._title_words[cid])
        ]
        if not named:
            # "the CNC one": a word only one course's title has names that course on its own.
            unique = [
                next(iter(self._by_word[w]))
                for w in words
                if len(w) >= 3
                and len(self._by_word.get(w, ())) == 1
                and re.search(
                    rf"\bthe {re.escape(w)}\s+(?:\w+\s+)?(?:one|course|module|bootcamp)\b", text, _I
                )
            ]
            return [Reference("course", c, "name") for c in dict.fromkeys(unique)][:2]
        best = max(h for h, _ in named)
        return [
            Reference("course", c, "name") for h, c in sorted(named, key=lambda p: (-p[0], p[1])) if h == best
        ][:3]

    # --- awards and schemes ---------------------------------------------------------------------------------

    def awards(self, text: str) -> list[Reference]:
        by_title = [aid for pattern, aid, full in self._awards if full and pattern.search(text)]
        if by_title:
            return [Reference("award", a, "name") for a in dict.fromkeys(by_title)]
        by_short = [aid for pattern, aid, full in self._awards if not full and pattern.search(text)]
        return [Reference("award", a, "name") for a in dict.fromkeys(by_short)]

    def concepts(self, text: str) -> list[Reference]:
        return [
            Reference("concept", name, "name") for name, pattern in _CONCEPTS.items() if pattern.search(text)
        ]

    def schemes(self, text: str) -> list[Reference]:
        return [Reference("scheme", sid, "name") for pattern, sid in self._schemes if pattern.search(text)]


def _scheme_pattern(scheme_id: str, name: str) -> re.Pattern[str]:
    bracketed = re.findall(r"\(([^)]+)\)", name)
    acronyms = [a for a in bracketed if re.fullmatch(r"[A-Z]{2,6}", a)]
    base = re.sub(r"\s*\([^)]*\)", "", name).strip()
    spellings = [re.escape(s) for s in (name, base, scheme_id) if s]
    # Acronyms must be written in capitals or stand alone ("the PLA", "pla?"), never inside a word ("plan").
    acronym_parts = [rf"\b(?-i:{re.escape(a)})\b|\bthe {re.escape(a.lower())}\b" for a in acronyms]
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(spellings) + r")(?![\w-])" + "".join(f"|{p}" for p in acronym_parts), _I
    )


def _positions(text: str, shown: int) -> list[int]:
    """1-based positions named in `text`: "the second one" -> [2], "the first two" -> [1, 2]."""
    if not shown:
        return []
    first_n = _FIRST_N.search(text)
    if first_n:
        word = first_n.group(1).lower()
        count = int(word) if word.isdigit() else _COUNT_WORDS[word]
        return list(range(1, min(count, shown) + 1))
    if _BOTH.search(text) and shown >= 2:
        return list(range(1, min(shown, 3) + 1)) if re.search(r"\ball\b|three", text, _I) else [1, 2]
    found: list[tuple[int, int]] = [
        (h.start(), _ORDINALS[h.group(1).lower()]) for h in _ORDINAL_RE.finditer(text)
    ]
    found += [(h.start(), int(h.group(1))) for h in _POSITION_RE.finditer(text)]
    found += [(h.start(), shown) for h in _LAST.finditer(text)]
    positions: list[int] = []
    for _, position in sorted(found):
        if position <= shown and position not in positions:
            positions.append(position)
    return positions
