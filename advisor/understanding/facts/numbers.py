"""Numbers as people write them: digits with commas, words ("six", "a dozen"), and money suffixes
("21k", "£60m", "2.2 million", "30 grand")."""

from __future__ import annotations

import re

WORD_NUMBERS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a dozen": 12, "dozen": 12, "half a dozen": 6, "a couple of": 2, "couple of": 2, "a couple": 2,
}  # fmt: skip
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
for _tens in _TENS:
    for _unit in _UNITS:
        WORD_NUMBERS[f"{_tens}-{_unit}"] = WORD_NUMBERS[_tens] + WORD_NUMBERS[_unit]
        WORD_NUMBERS[f"{_tens} {_unit}"] = WORD_NUMBERS[_tens] + WORD_NUMBERS[_unit]

_WORDS_ALTERNATION = "|".join(re.escape(w) for w in sorted(WORD_NUMBERS, key=len, reverse=True))
# A count: digits (with thousands commas) or number words.
COUNT = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORDS_ALTERNATION})"
COUNT_RE = re.compile(rf"(?<![\w£.,])({COUNT})(?![\w%])", re.IGNORECASE)

_MULTIPLIERS = {
    "k": 1_000, "grand": 1_000, "thousand": 1_000, "m": 1_000_000, "mil": 1_000_000, "million": 1_000_000,
    "mill": 1_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000,
}  # fmt: skip
# An amount of money: "£21,000", "21k", "£60m", "2.2 million", "30 grand", "£12.50", "300 quid".
MONEY_RE = re.compile(
    r"(?P<pound>£|gbp\s?)?\s?(?P<amount>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?"
    r"(?P<suffix>k|grand|thousand|m|mil|mill|million|bn|billion|quid|pounds?|gbp)?(?![\w%])",
    re.IGNORECASE,
)


def count_value(token: str) -> int | None:
    token = token.lower().strip()
    if token in WORD_NUMBERS:
        return WORD_NUMBERS[token]
    digits = token.replace(",", "")
    return int(digits) if digits.isdigit() else None


def money_value(amount: str, suffix: str | None) -> float:
    value = float(amount.replace(",", ""))
    return value * _MULTIPLIERS.get((suffix or "").lower(), 1)


def is_money(match: re.Match[str]) -> bool:
    """Whether a MONEY_RE hit really is money (a pound sign or a money word), not just a number."""
    suffix = (match.group("suffix") or "").lower()
    return (
        bool(match.group("pound")) or suffix in _MULTIPLIERS or suffix in {"quid", "pound", "pounds", "gbp"}
    )


def number_value(token: str) -> float | None:
    """A count in words or digits, or a decimal ("7.5"), as a float; None when it is neither."""
    value = count_value(token)
    if value is not None:
        return float(value)
    try:
        return float(token)
    except ValueError:
        return None
