"""Remove personal data from log text: emails, UK phone numbers, National Insurance numbers, postcodes,
and names people give ("my name is Sam Patel", "I'm Priya").

Redaction is deliberately greedy: hiding a harmless word in a log line costs nothing, leaking a phone
number does. It is a safety net; the service also never logs message text or request bodies.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# +44 7700 900123, 07700 900123, (0114) 496 0000, 0114-496-0000, 020 7946 0000, 0044 ...
UK_PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d(?:[\s().-]{0,2}\d){8,9}(?!\d)")
# Two letters, six digits, a letter A-D, spaces optional. Wider than the real prefix rules on purpose,
# so the "QQ 12 34 56 C" style people copy from examples is caught too.
NI_NUMBER = re.compile(r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.IGNORECASE)
POSTCODE = re.compile(
    r"\b(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE
)
# "my name is sam", "call me Sam", "I'm Sam Patel", "I am Sam": the one or two words that follow.
_NAME_WORD = r"[^\W\d_][\w'-]*"
NAME_INTRO = re.compile(
    rf"(?i:\b(?:my name is|my name's|call me|name:)\s+)({_NAME_WORD}(?:\s+{_NAME_WORD})?)"
)
# After "I'm"/"I am" only a Capitalised word counts as a name, so "I'm looking for" is left alone.
SELF_INTRO = re.compile(r"(?i:\b(?:i'm|i’m|i am|im|this is)\s+)([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)")

REPLACEMENTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (EMAIL, "[email]"),
    (NI_NUMBER, "[ni-number]"),
    (UK_PHONE, "[phone]"),
    (POSTCODE, "[postcode]"),
)


def redact(text: str) -> str:
    """`text` with personal data replaced by markers such as "[email]"."""
    for pattern, marker in REPLACEMENTS:
        text = pattern.sub(marker, text)
    text = NAME_INTRO.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + "[name]", text)
    return SELF_INTRO.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + "[name]", text)
