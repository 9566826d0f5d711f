"""A small Okapi BM25 over the catalogue, with a plain tokenizer and light stemming.

The catalogue is a few hundred short texts, so a dictionary of postings in memory is simplest and fast.
Queries are expanded with the catalogue's vocabulary first (`Vocabulary.expand` in
`advisor.understanding.vocabulary`), so slang meets catalogue words here as well as in the dense search. The
vocabulary uses `stem` below, so both meet in one normal form.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9]+(?:\+)?")
_STOPWORD_TEXT = """
    a about above after again all am an and any are as at be been being below between both but by
    can could did do does doing don down during each few for from further had has have having he her
    here hers him his how i if in into is it its itself just me more most my myself no nor not now
    of off on once only or other our ours out over own same she should so some such than that the
    their theirs them then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours im ive id dont cant
    want wants wanted like get got getting really bit stuff thing things also maybe know think need
    needs looking look please thanks hi hello course courses yrs years year week weeks hours hrs
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Strip common English endings so "chargers", "charging" and "charge" meet. Deliberately crude."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, replacement in (
        ("ational", ""),
        ("isation", ""),
        ("ization", ""),
        ("ations", ""),
        ("ation", ""),
        ("ates", ""),
        ("ate", ""),
        ("ise", ""),
        ("ize", ""),
        ("icians", "ic"),
        ("ician", "ic"),
        ("ical", "ic"),
        ("ities", "ity"),
        ("ments", ""),
        ("ment", ""),
        ("ings", ""),
        ("ing", ""),
        ("ies", "y"),
        ("ers", ""),
        ("er", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            stemmed = word[: len(word) - len(suffix)] + replacement
            return stemmed[:-1] if stemmed.endswith("e") and len(stemmed) > 4 else stemmed
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def tokenize(text: str) -> list[str]:
    return [stem(t) for t in _TOKEN.findall(text.lower()) if t not in STOPWORDS]


class BM25:
    """Okapi BM25 (k1, b) over a fixed list of texts."""

    def __init__(self, texts: Sequence[str], *, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self._docs = [Counter(tokenize(text)) for text in texts]
        self._lengths = [sum(doc.values()) for doc in self._docs]
        self._avg = (sum(self._lengths) / len(self._lengths)) if self._lengths else 0.0
        frequency: Counter[str] = Counter()
        for doc in self._docs:
            frequency.update(doc.keys())
        n = len(self._docs)
        self._idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}
        self._postings: dict[str, list[int]] = {}
        for i, doc in enumerate(self._docs):
            for term in doc:
                self._postings.setdefault(term, []).append(i)

    def __len__(self) -> int:
        return len(self._docs)

    def scores(self, query: str) -> list[float]:
        """A score per text (0 where no query word occurs)."""
        result = [0.0] * len(self._docs)
        for term, count in Counter(tokenize(query)).items():
            idf = self._idf.get(term)
            if idf is None:
                continue
            # Repeating a word in the query (e.g. by expansion) counts, but with diminishing weight.
            weight = idf * (1 + math.log(count))
            for i in self._postings[term]:
                tf = self._docs[i][term]
                norm = self.k1 * (1 - self.b + self.b * self._lengths[i] / (self._avg or 1.0))
                result[i] += weight * tf * (self.k1 + 1) / (tf + norm)
        return result

    def matched_terms(self, query: str, position: int) -> set[str]:
        """Query words (stemmed) that occur in text number `position`."""
        return {t for t in tokenize(query) if t in self._docs[position]}
