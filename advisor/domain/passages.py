"""The paragraph of a guide that answers a question, for quoting and citing.

A guide (markdown) is split into passages: each paragraph, list or table with the headings above it. A
question picks the passage whose words overlap it most: words are weighted by how rare they are among the
passages searched, and a word that is also in the passage's heading counts extra. The opening paragraph of a
guide is an introduction, not an answer: it is discounted, and when no passage shares enough words with the
question nothing is picked (never the opening by default). The "Sources" section is not a passage.

Pure: no I/O; the guides come from the catalogue.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from advisor.domain.catalogue import Guide

HEADING_WEIGHT = 1.5  # a question word in the passage's own heading counts this much more
TITLE_WEIGHT = 0.5  # ... and in the title of its guide (what the whole guide is about)
TOPIC_WEIGHT = 0.5  # topic words (what the conversation is about) count half as much as the question's
OPENING_DISCOUNT = 0.6  # a guide's opening paragraph must clearly beat the rest to be picked
MIN_SCORE = 2.0  # below this, no passage answers the question
_K1, _B = 1.2, 0.75  # BM25 term saturation and length normalisation

_SKIPPED_SECTIONS = frozenset({"sources", "references", "further reading"})
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "too",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "about",
        "any",
        "also",
        "just",
        "some",
        "such",
        "very",
        "much",
        "many",
        "more",
        "most",
        "get",
        "got",
        "am",
        "im",
        "i'm",
    ]
)


@dataclass(frozen=True)
class Passage:
    """One paragraph (or list, or table) of a guide, with the headings it sits under."""

    guide_id: str
    guide_title: str
    headings: tuple[str, ...]  # from the top: ("Credits and levels", "Credits: how big a course is")
    text: str  # plain text: markdown emphasis removed, table rows as "a | b | c"
    index: int  # 0 = the guide's opening paragraph

    @property
    def heading(self) -> str:
        """The nearest heading ("" when the passage sits under the guide's title only)."""
        return self.headings[-1] if len(self.headings) > 1 else ""

    @property
    def is_opening(self) -> bool:
        return self.index == 0


@dataclass(frozen=True)
class ScoredPassage:
    passage: Passage
    score: float


def split_guide(guide: Guide) -> list[Passage]:
    return split_markdown(guide.id, guide.title, guide.body)


def split_markdown(guide_id: str, title: str, body: str) -> list[Passage]:
    """The passages of a guide, in order. A paragraph that ends with ':' is joined to the list or table
    after it, so "Look for:" and its bullets are one passage."""
    blocks: list[tuple[tuple[str, ...], list[str]]] = []
    headings: list[tuple[int, str]] = []
    current: list[str] = []
    skipping = False

    def close() -> None:
        if current and not skipping:
            blocks.append((tuple(h for _, h in headings) or (title,), list(current)))
        current.clear()

    for raw in body.splitlines():
        line = raw.rstrip()
        heading = _HEADING.match(line)
        if heading:
            close()
            depth, text = len(heading.group(1)), _plain(heading.group(2))
            headings = [(d, h) for d, h in headings if d < depth] + [(depth, text)]
            skipping = text.lower() in _SKIPPED_SECTIONS
            continue
        if not line.strip():
            close()
            continue
        current.append(line)
    close()

    merged: list[tuple[tuple[str, ...], list[str]]] = []
    for block_headings, lines in blocks:
        if merged and merged[-1][0] == block_headings and merged[-1][1][-1].rstrip().endswith(":"):
            merged[-1][1].extend(lines)
        else:
            merged.append((block_headings, lines))
    passages: list[Passage] = []
    for block_headings, lines in merged:
        text = _block_text(lines)
        if text:
            passages.append(Passage(guide_id, title, block_headings, text, len(passages)))
    return passages


def rank_passages(
    question: str,
    guides: Iterable[Guide],
    topic: str = "",
    *,
    guide_ids: Sequence[str] | None = None,
) -> list[ScoredPassage]:
    """Every passage of the guides (or of `guide_ids` only) with its score for the question, best first."""
    wanted = set(guide_ids) if guide_ids is not None else None
    prepared = [
        p for g in guides if wanted is None or g.id in wanted for p in _prepared(g.id, g.title, g.body)
    ]
    if not prepared:
        return []
    frequency: dict[str, int] = {}
    for item in prepared:
        for word in item.vocabulary:
            frequency[word] = frequency.get(word, 0) + 1
    count = len(prepared)
    average = sum(len(item.body) for item in prepared) / count or 1.0
    weights: dict[str, float] = {}
    for word in words(topic):
        weights[word] = TOPIC_WEIGHT
    for word in words(question):
        weights[word] = 1.0
    scored: list[ScoredPassage] = []
    for item in prepared:
        # BM25: repeated words saturate, and long passages need more overlap to score the same.
        norm = _K1 * (1 - _B + _B * len(item.body) / average)
        score = 0.0
        for word, weight in weights.items():
            if word not in item.vocabulary:
                continue
            rarity = math.log(1 + count / frequency[word])
            tf = item.counts.get(word, 0)
            in_body = tf * (_K1 + 1) / (tf + norm) if tf else 0.0
            in_head = (HEADING_WEIGHT if word in item.head else 0.0) + (
                TITLE_WEIGHT if word in item.title else 0.0
            )
            score += weight * rarity * (in_body + in_head)
        if item.passage.is_opening:
            score *= OPENING_DISCOUNT
        scored.append(ScoredPassage(item.passage, round(score, 6)))
    scored.sort(key=lambda s: (-s.score, s.passage.guide_id, s.passage.index))
    return scored


@dataclass(frozen=True)
class _Prepared:
    """A passage with its words counted once (guides do not change while a catalogue is loaded)."""

    passage: Passage
    body: tuple[str, ...]
    head: frozenset[str]
    title: frozenset[str]
    counts: dict[str, int]
    vocabulary: frozenset[str]


@lru_cache(maxsize=256)
def _prepared(guide_id: str, title: str, body: str) -> tuple[_Prepared, ...]:
    out = []
    for passage in split_markdown(guide_id, title, body):
        words_ = tuple(words(passage.text))
        counts: dict[str, int] = {}
        for word in words_:
            counts[word] = counts.get(word, 0) + 1
        head, title_words = frozenset(words(passage.heading)), frozenset(words(passage.guide_title))
        out.append(
            _Prepared(passage, words_, head, title_words, counts, frozenset(words_) | head | title_words)
        )
    return tuple(out)


def pick_passage(
    question: str,
    guides: Iterable[Guide],
    topic: str = "",
    *,
    guide_ids: Sequence[str] | None = None,
    min_score: float = MIN_SCORE,
) -> Passage | None:
    """The passage that best answers `question`, or None when none shares enough words with it."""
    ranked = rank_passages(question, guides, topic, guide_ids=guide_ids)
    if not ranked or ranked[0].score < min_score:
        return None
    return ranked[0].passage


def words(text: str) -> list[str]:
    """Content words of `text`, lower case, plural -s removed ("10-credit courses" -> 10, credit, course)."""
    found: list[str] = []
    for word in _WORD.findall(text.lower().replace("’", "'")):
        if word in _STOPWORDS:
            continue
        found.append(_stem(word))
    return found


def _stem(word: str) -> str:
    if word[0].isdigit():
        return word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _plain(text: str) -> str:
    text = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    return re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text).strip()


def _block_text(lines: Sequence[str]) -> str:
    """Lines of one block as plain text: a paragraph's wrapped lines joined, one line per list item (its
    continuation lines joined) and per table row."""
    items: list[list[str]] = []  # [kind, text]
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("|") or _TABLE_RULE.match(line):
            if set(stripped) <= set("|-: "):
                continue
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            items.append(["row", " | ".join(c for c in cells if c)])
        elif re.match(r"^(?:[-*+]|\d+[.)])\s", stripped):
            items.append(["item", stripped])
        elif items and items[-1][0] in ("item", "para"):
            items[-1][1] = f"{items[-1][1]} {stripped}"
        else:
            items.append(["para", stripped])
    return "\n".join(_plain(text) for _, text in items if text)
