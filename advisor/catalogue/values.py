"""Rules for single values shared by every file: slugs, numbers, dates, lists, URLs, levels.

Each check returns the clean value or raises `Bad` with a plain-English message.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from advisor.catalogue.problems import Bad
from advisor.domain.levels import is_valid_level, level_bounds

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"[+-]?\d+")
ROLLING = "rolling"


def slug(value: str) -> str:
    if not SLUG.fullmatch(value):
        raise Bad(
            f"`{value}` is not a slug (lower-case letters, digits and hyphens; not starting with a hyphen)"
        )
    return value


def choice(value: str, choices: Iterable[str]) -> str:
    allowed = tuple(choices)
    if value not in allowed:
        raise Bad(f"`{value}` is not one of {', '.join(allowed)}")
    return value


def iso_date(value: str) -> dt.date:
    if not _ISO_DATE.fullmatch(value):
        raise Bad(f"`{value}` is not a date in the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Bad(f"`{value}` is not a real date") from None


def http_url(value: str) -> str:
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unbalanced `[` reads as a broken IPv6 address
        raise Bad(f"`{value}` is not an http(s) URL") from None
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise Bad(f"`{value}` is not an http(s) URL")
    return value


def level(framework: str | None, value: int) -> int:
    """A level must exist in its framework; without a valid framework there is nothing to check against."""
    if framework is not None and not is_valid_level(framework, value):
        low, high = level_bounds(framework)
        raise Bad(f"{framework} has no level {value} (levels run {low}-{high})")
    return value


def at_least(value: float, minimum: float, *, strict: bool = False) -> None:
    if strict and value <= minimum:
        raise Bad(f"must be more than {_show(minimum)}, found {_show(value)}")
    if not strict and value < minimum:
        raise Bad(f"must be {_show(minimum)} or more, found {_show(value)}")


def _show(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


# --- text cells (courses.csv) -------------------------------------------------------------------


def text_int(text: str) -> int:
    if not _INTEGER.fullmatch(text):
        raise Bad(f"`{text}` is not a whole number")
    return int(text)


def text_number(text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise Bad(f"`{text}` is not a number") from None
    if not math.isfinite(number):
        raise Bad(f"`{text}` is not a number")
    return number


def text_list(text: str) -> list[str]:
    """`a; b;; c ` -> ['a', 'b', 'c']: items split on `;`, trimmed, empties dropped."""
    return [item.strip() for item in text.split(";") if item.strip()]


# --- YAML values (already typed by the YAML parser) -----------------------------------------------


def kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__


def yaml_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Bad(f"must be a whole number, found {kind_of(value)} `{value}`")
    return value


def yaml_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise Bad(f"must be a number, found {kind_of(value)} `{value}`")
    return value


def yaml_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Bad(f"must be true or false, found {kind_of(value)} `{value}`")
    return value


def yaml_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise Bad(f"must be a date YYYY-MM-DD without a time, found `{value}`")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return iso_date(value)
    raise Bad(f"must be a date YYYY-MM-DD, found {kind_of(value)} `{value}`")
