"""The words one catalogue uses, and the ways people say them.

Occupations, skills and sectors come from the catalogue's own columns (`occupations`, `skills`, `sector`;
`title`, `summary` and `learning_outcomes` tell which courses mention a word). A small general list beside
the code (`data/slang.yaml`: slang, nicknames, abbreviations, misspellings) translates what people write into
plain English first, and is applied to the catalogue's words the same way, so "car chargers" in a message
and "EV charging" in a catalogue meet in one normal form. Qualification words are national and are read from
`data/qualifications.yaml` beside it.

A `Vocabulary` is built once when a catalogue is loaded (`Vocabulary.from_catalogue`) and passed to whatever
reads messages or ranks courses. It is immutable; each kind of word is found with one precompiled pattern.
Nothing in here knows any one catalogue.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

from advisor.domain.catalogue import Catalogue, Course
from advisor.retrieval.lexical import STOPWORDS, stem

DATA_DIR = Path(__file__).resolve().parent / "data"

Kind = Literal["occupation", "topic", "sector", "keyword"]

_TOKEN = re.compile(r"[a-z0-9]+\+*|\|")
# Where a sentence or clause ends: a break token, so no phrase is read across it.
_BREAK = re.compile(r"[,;:!?\n()|]|\.(?=\s|$)")
_APOSTROPHE = re.compile(r"['’‘`]")
_FIELD_BREAK = "|"  # a token no key contains: phrases never run across two fields of a course
# Words that may sit between a verb and its object in "I groom dogs", "I manage the site".
_DETERMINERS = frozenset({"a", "an", "the", "my", "our", "their", "his", "her", "some", "other"})
# A single word of a catalogue's skills and occupations stands alone as a topic only when at most this share
# of the courses list it (and at most this many in a small catalogue): rarer words are specific.
_KEYWORD_SHARE = 0.05
_KEYWORD_MIN_COURSES = 3


def singular(word: str) -> str:
    """English plural to singular, simply: "sparkies" -> "sparky", "nurses" -> "nurse", "boxes" -> "box"."""
    if len(word) <= 3 or not word.endswith("s") or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith(("shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    return word[:-1]


# --- the general list -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneralWords:
    """`data/slang.yaml` and the qualification levels of `data/qualifications.yaml`, as loaded."""

    occupations: dict[str, tuple[str, ...]]  # standard name -> phrasings
    topics: dict[str, tuple[str, ...]]
    acronyms: dict[str, tuple[str, ...]]  # matched only in capitals
    foundation_subjects: tuple[str, ...]
    not_topics: tuple[str, ...]
    qualifications: tuple[tuple[int, str], ...]  # (RQF level, regular-expression phrasing)


def _phrasings(data: Any, section: str) -> dict[str, tuple[str, ...]]:
    raw = data.get(section) or {}
    if not isinstance(raw, dict):
        raise ValueError(f"slang.yaml: {section}: expected a mapping of standard word -> phrasings")
    return {str(name): tuple(str(p) for p in (said or ())) for name, said in raw.items()}


@lru_cache(maxsize=4)
def load_general(folder: Path = DATA_DIR) -> GeneralWords:
    """The general list beside the code (read once per folder)."""
    data: Any = yaml.safe_load((folder / "slang.yaml").read_text(encoding="utf-8")) or {}
    qualifications: Any = yaml.safe_load((folder / "qualifications.yaml").read_text(encoding="utf-8")) or {}
    levels = tuple(
        (int(entry["level"]), str(phrasing))
        for entry in qualifications.get("levels", [])
        for phrasing in entry.get("phrasings", [])
    )
    return GeneralWords(
        occupations=_phrasings(data, "occupations"),
        topics=_phrasings(data, "topics"),
        acronyms=_phrasings(data, "acronyms"),
        foundation_subjects=tuple(str(w) for w in data.get("foundation_subjects", [])),
        not_topics=tuple(str(w) for w in data.get("not_topics", [])),
        qualifications=levels,
    )


# --- normal form ------------------------------------------------------------------------------------------


def _trie_pattern(keys: Iterable[str]) -> str:
    """One regular expression matching any of `keys`, factored as a trie so a long list stays fast; at any
    position it prefers the longest key (the caller adds the boundaries)."""
    trie: dict[str, Any] = {}
    for key in keys:
        if not key:
            continue
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return build(trie)


def _token_pattern(keys: Iterable[str]) -> re.Pattern[str] | None:
    """Keys (space-separated tokens) found anywhere a key starts, overlapping, whole tokens only."""
    body = _trie_pattern(keys)
    if not body:
        return None
    return re.compile(r"(?<![^ ])(?=(" + body + r")(?![^ ]))")


class _Normaliser:
    """Message or catalogue text -> plain tokens: acronyms and slang replaced by standard words, lower case,
    singular. The same steps run on both sides, so they meet."""

    def __init__(self, general: GeneralWords) -> None:
        acronyms: dict[str, list[str]] = defaultdict(list)
        for standard, said in general.acronyms.items():
            for phrase in said:
                acronyms[phrase].append(standard)
        self._acronyms = {phrase: " ".join(targets) for phrase, targets in acronyms.items()}
        self._acronym_pattern = (
            re.compile(
                r"(?<![\w])(?:"
                + "|".join(re.escape(p) for p in sorted(self._acronyms, key=len, reverse=True))
                + r")(?![\w])"
            )
            if self._acronyms
            else None
        )
        # Phrasing (normal form) -> standard words it stands for (as written in the file).
        said_as: dict[str, list[str]] = defaultdict(list)
        for section in (general.occupations, general.topics, general.acronyms):
            for standard, said in section.items():
                for phrase in (standard, *said):
                    key = " ".join(self._tokens(phrase))
                    if key and standard not in said_as[key]:
                        said_as[key].append(standard)
        self._said_as = dict(said_as)
        self._slang = _token_pattern(said_as)
        # The normal form of each standard word: its own tokens, with the slang inside it replaced
        # ("generative AI" -> "generative artificial intelligence"), never by itself ("cyber" inside
        # "cyber security" stays).
        self._standard: dict[str, str] = {}
        for standard in {s for targets in said_as.values() for s in targets}:
            text = " ".join(self._tokens(standard))
            for _ in range(3):
                text = self._replace(text, keep=standard)
            self._standard[standard] = text
        self._replacement = {
            key: " ".join(self._standard[s] for s in targets) for key, targets in said_as.items()
        }

    def _tokens(self, text: str) -> list[str]:
        if self._acronym_pattern is not None:
            text = self._acronym_pattern.sub(lambda hit: f" {self._acronyms[hit.group(0)]} ", text)
        low = _BREAK.sub(f" {_FIELD_BREAK} ", _APOSTROPHE.sub("", text.lower()).replace("&", " and "))
        return [singular(token) for token in _TOKEN.findall(low)]

    def _replace(self, text: str, keep: str) -> str:
        if self._slang is None:
            return text
        out: list[str] = []
        position = 0
        for hit in self._slang.finditer(text):
            start, phrase = hit.start(), hit.group(1)
            if start < position:
                continue  # inside a phrase already replaced
            targets = self._said_as[phrase]
            if keep in targets:
                continue
            out.append(text[position:start])
            out.append(" ".join(" ".join(self._tokens(t)) for t in targets))
            position = start + len(phrase)
        out.append(text[position:])
        return "".join(out)

    def plain(self, text: str) -> tuple[list[str], list[str]]:
        """(tokens in normal form, standard words the slang list put in, as written in the file)."""
        joined = " ".join(self._tokens(text))
        if self._slang is None or not joined:
            return joined.split(), []
        out: list[str] = []
        said: list[str] = []
        position = 0
        for hit in self._slang.finditer(joined):
            start, phrase = hit.start(), hit.group(1)
            if start < position:
                continue
            out.append(joined[position:start])
            out.append(self._replacement[phrase])
            said.extend(s for s in self._said_as[phrase] if self._standard[s] != phrase)
            position = start + len(phrase)
        out.append(joined[position:])
        return "".join(out).split(), said

    def is_standard(self, text: str) -> bool:
        """Whether `text` is already plain English: no acronym or slang in it for this list to translate."""
        if self._acronym_pattern is not None and self._acronym_pattern.search(text):
            return False
        return not self.plain(text)[1]

    def key(self, text: str, kind: Kind) -> str:
        tokens, _ = self.plain(text)
        return " ".join(tokens) if kind == "occupation" else " ".join(stem(t) for t in tokens)


# --- the vocabulary ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One word or phrase of the vocabulary."""

    kind: Kind
    key: str  # normal form (plain tokens for occupations, stems otherwise)
    name: str  # how it is shown: the catalogue's own spelling, or the general list's
    sectors: tuple[str, ...]  # the sectors of the courses that list it (or, failing that, mention it)
    courses: frozenset[str]  # ids of the courses that list or mention it
    listed: bool  # in the catalogue's own columns (False: from the general list only)


@dataclass(frozen=True)
class Mention:
    term: Term
    start: int  # token positions in the message's normal form
    end: int
    said: str = ""  # for single-word topics: the word as the person wrote it

    @property
    def name(self) -> str:
        return self.said or self.term.name


@dataclass(frozen=True)
class Found:
    """What a message mentions, each kind in order of appearance."""

    occupations: tuple[Mention, ...]
    topics: tuple[Mention, ...]
    sectors: tuple[Mention, ...]
    standard_words: tuple[str, ...]  # what the slang list translated ("sparky" -> "electrician")

    def sector_names(self) -> list[str]:
        names: list[str] = []
        for mention in (*self.topics, *self.occupations, *self.sectors):
            names.extend(mention.term.sectors)
        return list(dict.fromkeys(names))


@dataclass
class _Draft:
    kind: Kind
    key: str
    names: Counter[str]
    listed_by: set[str]
    general_name: str = ""


class Vocabulary:
    """Occupations, topics (skills and subjects), sectors and qualification words, for one catalogue."""

    def __init__(
        self,
        general: GeneralWords,
        normaliser: _Normaliser,
        terms: dict[tuple[Kind, str], Term],
        reversed_occupations: dict[tuple[str, str], str],
    ) -> None:
        self.general = general
        self._normaliser = normaliser
        self._terms = terms
        self._by_kind: dict[Kind, dict[str, Term]] = defaultdict(dict)
        for (kind, key), term in terms.items():
            self._by_kind[kind][key] = term
        self._patterns = {
            kind: _token_pattern(self._by_kind[kind]) for kind in ("occupation", "topic", "sector")
        }
        self._reversed = reversed_occupations
        self._foundation = tuple(normaliser.key(w, "topic") for w in general.foundation_subjects)
        groups = [
            f"(?P<q{i}>{phrasing})" for i, (_, phrasing) in enumerate(general.qualifications) if phrasing
        ]
        self._qualification_levels = [level for level, _ in general.qualifications]
        self._qualifications = (
            re.compile(r"(?<![\w-])(?:" + "|".join(groups) + r")(?![\w-])", re.IGNORECASE) if groups else None
        )
        # Names from profiles are looked up often and repeat: bounded, thread-safe caches keep that cheap.
        self._term = lru_cache(maxsize=8192)(self._find_term)
        self._key = lru_cache(maxsize=8192)(normaliser.key)

    # --- building --------------------------------------------------------------------------------------

    @classmethod
    def from_catalogue(cls, catalogue: Catalogue, general: GeneralWords | None = None) -> Vocabulary:
        return cls.from_courses(list(catalogue.courses.values()), general)

    @classmethod
    def from_courses(cls, courses: Sequence[Course], general: GeneralWords | None = None) -> Vocabulary:
        general = general or load_general()
        norm = _Normaliser(general)
        drafts: dict[tuple[Kind, str], _Draft] = {}

        def draft(kind: Kind, surface: str, course_id: str | None) -> None:
            key = norm.key(surface, kind)
            if not key:
                return
            entry = drafts.setdefault((kind, key), _Draft(kind, key, Counter(), set()))
            if course_id is None:
                entry.general_name = entry.general_name or surface
            else:
                entry.names[surface.strip()] += 1
                entry.listed_by.add(course_id)

        for course in courses:
            for occupation in course.occupations:
                draft("occupation", occupation, course.id)
            for skill in course.skills:
                draft("topic", skill, course.id)
            draft("sector", course.sector.replace("-", " "), course.id)
        for standard in general.occupations:
            draft("occupation", standard, None)
        for standard in general.topics:
            draft("topic", standard, None)

        # Each course's whole record in normal form, fields kept apart.
        records: dict[str, tuple[list[str], list[str]]] = {}
        spread: Counter[str] = Counter()  # how many courses' records hold each stem
        for course in courses:
            fields = [
                course.title,
                course.summary,
                *course.learning_outcomes,
                *course.skills,
                *course.occupations,
            ]
            plain: list[str] = []
            for text in fields:
                plain.extend([*norm.plain(text)[0], _FIELD_BREAK])
            stems = [stem(t) if t != _FIELD_BREAK else t for t in plain]
            records[course.id] = (plain, stems)
            spread.update(set(stems))

        # Single words of the skills and occupations columns that few courses use anywhere in their record:
        # "dementia" from "dementia care", "plumb" from "plumber". Common words ("use", "keep") are not.
        not_topics = {stem(singular(w.lower())) for w in general.not_topics}
        listing: dict[str, set[str]] = defaultdict(set)
        surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        for course in courses:
            for phrase in (*course.skills, *course.occupations):
                for token in norm.plain(phrase)[0]:
                    word = stem(token)
                    if token in STOPWORDS or word in not_topics or not word.isalnum() or len(word) < 2:
                        continue
                    listing[word].add(course.id)
                    surfaces[word][token] += 1
        # A specific word also points at one or two sectors, not at courses scattered across many.
        sector_of = {course.id: course.sector for course in courses}
        most = max(_KEYWORD_MIN_COURSES, round(_KEYWORD_SHARE * len(courses)))
        for word, ids in listing.items():
            if (
                spread[word] <= most
                and len(_main_sectors(sector_of[c] for c in ids)) <= 2
                and ("topic", word) not in drafts
                and ("sector", word) not in drafts
            ):
                drafts[("keyword", word)] = _Draft("keyword", word, surfaces[word], set(ids))

        # Which courses mention each term anywhere in their record.
        patterns = {
            kind: _token_pattern(key for k, key in drafts if k == kind)
            for kind in ("occupation", "topic", "sector")
        }
        keys_by_kind: dict[str, set[str]] = defaultdict(set)
        for kind, key in drafts:
            keys_by_kind[kind].add(key)
        mentioned: dict[tuple[Kind, str], set[str]] = defaultdict(set)
        for course_id, (plain, stems) in records.items():
            spaces: tuple[tuple[Kind, list[str]], ...] = (
                ("occupation", plain),
                ("topic", stems),
                ("sector", stems),
            )
            for kind, tokens in spaces:
                pattern = patterns[kind]
                if pattern is None:
                    continue
                for hit in pattern.finditer(" ".join(tokens)):
                    for key in _subkeys(hit.group(1), keys_by_kind[kind]):
                        mentioned[(kind, key)].add(course_id)
            for word in set(stems):
                if ("keyword", word) in drafts:
                    mentioned[("keyword", word)].add(course_id)

        terms: dict[tuple[Kind, str], Term] = {}
        for (kind, key), entry in drafts.items():
            courses_in = frozenset(entry.listed_by | mentioned.get((kind, key), set()))
            basis = entry.listed_by or courses_in
            if kind == "sector":
                sectors: tuple[str, ...] = tuple(sorted({sector_of[c] for c in entry.listed_by}))
            else:
                sectors = _main_sectors(sector_of[c] for c in basis)
            terms[(kind, key)] = Term(
                kind=kind,
                key=key,
                name=_display_name(entry, norm, kind) if kind != "sector" else sectors[0].replace("-", " "),
                sectors=sectors,
                courses=courses_in,
                listed=bool(entry.listed_by),
            )

        # "I groom dogs" is a dog groomer: two-word occupations whose second word names a doer ("-er").
        reversed_occupations: dict[tuple[str, str], str] = {}
        for kind, key in drafts:
            words = key.split()
            if kind == "occupation" and len(words) == 2 and words[1].endswith("er"):
                doing = stem(words[1])
                if doing != words[1]:
                    reversed_occupations.setdefault((doing, stem(words[0])), key)
        return cls(general, norm, terms, reversed_occupations)

    # --- reading a message ---------------------------------------------------------------------------

    def read(self, text: str) -> Found:
        """The occupations, topics and sectors `text` mentions, after slang is translated."""
        plain, said = self._normaliser.plain(text)
        stems = [stem(t) for t in plain]
        occupations = self._find("occupation", plain)
        occupations += self._find_reversed(stems, occupations)
        # A subject inside a job's name is the job, not a second thing said ("heat pump" in "heat pump
        # installer", "coach" in "work coach").
        topics = [t for t in self._find("topic", stems) if not _inside(t, occupations)]
        sectors = self._find("sector", stems)
        taken = [(m.start, m.end) for m in (*occupations, *topics, *sectors)]
        for i, word in enumerate(stems):
            term = self._by_kind["keyword"].get(word)
            if term is not None and not any(start <= i < end for start, end in taken):
                topics.append(Mention(term, i, i + 1, plain[i]))
        return Found(
            occupations=tuple(sorted(occupations, key=lambda m: (m.start, -m.end))),
            topics=tuple(sorted(topics, key=lambda m: (m.start, -m.end))),
            sectors=tuple(sectors),
            standard_words=tuple(dict.fromkeys(said)),
        )

    def _find(self, kind: Kind, tokens: Sequence[str]) -> list[Mention]:
        pattern = self._patterns[kind]
        if pattern is None or not tokens:
            return []
        joined = " ".join(tokens)
        index: dict[int, int] = {}
        offset = 0
        for i, token in enumerate(tokens):
            index[offset] = i
            offset += len(token) + 1
        terms = self._by_kind[kind]
        hits = []
        for hit in pattern.finditer(joined):
            start = index[hit.start()]
            key = hit.group(1)
            hits.append(Mention(terms[key], start, start + key.count(" ") + 1))
        # A phrase inside a longer one is not a second mention ("heat pump" inside "heat pump installation",
        # "coach" inside "work coach"). A topic inside a subject only the general list knows still counts:
        # the catalogue's "heat pump" inside "air source heat pump" is what its courses list.
        return [
            m
            for m in hits
            if not any(
                o is not m
                and (o.term.listed or kind == "occupation")
                and o.start <= m.start
                and m.end <= o.end
                and o.end - o.start > m.end - m.start
                for o in hits
            )
        ]

    def _find_reversed(self, stems: Sequence[str], found: Sequence[Mention]) -> list[Mention]:
        if not self._reversed:
            return []
        hits: list[Mention] = []
        known = {m.term.key for m in found}
        for i, word in enumerate(stems[:-1]):
            after = i + 2 if stems[i + 1] in _DETERMINERS and i + 2 < len(stems) else i + 1
            key = self._reversed.get((word, stems[after]))
            if key is not None and key not in known:
                hits.append(Mention(self._by_kind["occupation"][key], i, after + 1))
                known.add(key)
        return hits

    def expand(self, text: str) -> str:
        """`text`, then the standard words for its slang and the catalogue's own spelling of what it names,
        so lexical and dense search meet the catalogue's words ("sparky ... car chargers" also searches
        "electrician ... EV charging")."""
        found = self.read(text)
        extra = [*found.standard_words]
        extra += [m.term.name for m in (*found.occupations, *found.topics) if m.term.kind != "keyword"]
        extra = [w for w in dict.fromkeys(extra) if w.casefold() not in text.casefold()]
        return text if not extra else text + " . " + " ".join(extra)

    # --- names from a profile --------------------------------------------------------------------------

    def term(self, name: str) -> Term | None:
        """The term a name stands for (a profile's occupation, goal or skill), or None when it is not one."""
        return self._term(name)

    def _find_term(self, name: str) -> Term | None:
        occupation = self._key(name, "occupation")
        topic = " ".join(stem(t) for t in occupation.split())
        kinds: tuple[tuple[Kind, str], ...] = (
            ("occupation", occupation),
            ("topic", topic),
            ("sector", topic),
            ("keyword", topic),
        )
        for kind, key in kinds:
            found = self._by_kind[kind].get(key)
            if found is not None:
                return found
        return None

    def courses_with(self, name: str) -> frozenset[str]:
        """Ids of the courses that list or mention the term `name` stands for."""
        term = self.term(name)
        return term.courses if term is not None else frozenset()

    def occupation_in(self, name: str, entries: Sequence[str]) -> str:
        """The entry of `entries` (a course's own occupations) that is the occupation `name`, or contains it,
        or is contained in it ("care worker" ~ "senior care worker"); "" when none is."""
        wanted = self._key(name, "occupation")
        if not wanted:
            return ""
        padded = f" {wanted} "
        for entry in entries:
            have = f" {self._key(entry, 'occupation')} "
            if have.strip() and (padded in have or have in padded):
                return entry
        return ""

    def is_foundation(self, name: str) -> bool:
        """Whether `name` is about a basic-skills subject (maths, English, ESOL, digital skills ...)."""
        key = f" {self._key(name, 'topic')} "
        return any(f" {subject} " in key for subject in self._foundation if subject)

    def qualification_levels(self, text: str) -> list[tuple[int, int, int]]:
        """(RQF level, start, end) for each qualification named in `text`."""
        if self._qualifications is None:
            return []
        hits: list[tuple[int, int, int]] = []
        for hit in self._qualifications.finditer(text):
            group = hit.lastgroup or ""
            if group.startswith("q"):
                hits.append((self._qualification_levels[int(group[1:])], hit.start(), hit.end()))
        return hits

    def terms(self, kind: Kind) -> list[Term]:
        return list(self._by_kind[kind].values())


def _inside(mention: Mention, others: Sequence[Mention]) -> bool:
    return any(o.start <= mention.start and mention.end <= o.end for o in others)


def _subkeys(key: str, keys: set[str]) -> list[str]:
    """`key` and every other key that is a run of its words."""
    words = key.split()
    found = [key]
    for size in range(1, len(words)):
        for start in range(len(words) - size + 1):
            part = " ".join(words[start : start + size])
            if part in keys:
                found.append(part)
    return found


def _main_sectors(sectors: Iterable[str]) -> tuple[str, ...]:
    """The sectors a term points at: those holding at least half as many of its courses as the top one."""
    counts = Counter(sectors)
    if not counts:
        return ()
    top = max(counts.values())
    return tuple(s for s, n in sorted(counts.items(), key=lambda p: (-p[1], p[0])) if n * 2 >= top)


def _display_name(entry: _Draft, norm: _Normaliser, kind: Kind) -> str:
    """The catalogue's most used spelling, preferring one that is already standard (not slang); the general
    list's when no course lists it."""
    if not entry.names:
        return entry.general_name or entry.key
    standard = [name for name in entry.names if norm.is_standard(name)]
    pool = standard or list(entry.names)
    return max(
        pool, key=lambda name: (entry.names[name], -len(name) if kind == "keyword" else len(name), name)
    )


@lru_cache(maxsize=1)
def general_vocabulary() -> Vocabulary:
    """The vocabulary of the general list alone, for callers that have no catalogue."""
    return Vocabulary.from_courses([])
