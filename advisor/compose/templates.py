"""Jinja2 over `prompts/`: one template per role and intent, plain text out.

Autoescape is off because replies are plain text, not HTML (front ends escape when they render). User text
only ever reaches a template as a variable value: it is never compiled as template source, so "{{ ... }}"
typed by a person is printed as typed, not run. The environment is sandboxed as a second guard.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from advisor.config import PROMPTS_DIR

_MODE_WORDS = {"online": "online", "in_person": "in person", "blended": "part online, part in person"}


def money(value: float | None) -> str:
    """£1,250 or £1,250.50: whole pounds without pence."""
    if value is None:
        return ""
    if abs(value - round(value)) < 0.005:
        return f"£{round(value):,}"
    return f"£{value:,.2f}"


def number(value: float | None) -> str:
    """7.5 stays 7.5; 6.0 becomes 6."""
    if value is None:
        return ""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}" if abs(value) >= 10_000 else str(round(value))
    return f"{value:g}"


def long_date(value: dt.date | None) -> str:
    return f"{value.day} {value.strftime('%B %Y')}" if value else ""


def level_name(level: int, framework: str = "RQF") -> str:
    if framework == "SCQF":
        return f"SCQF level {level}"
    return "Entry level" if level == 0 else f"level {level}"


def mode_name(mode: str) -> str:
    return _MODE_WORDS.get(mode, mode.replace("_", " "))


def join_words(items: Iterable[str], last: str = "and") -> str:
    words = [w for w in items if w]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def ordinal(position: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}.get(
        position, f"{position}th"
    )


def first_sentence(text: str) -> str:
    """The first sentence of a longer text (a scheme's caution, say), so replies stay short."""
    match = re.match(r"(.+?[.!?])(?:\s|$)", text.strip(), re.DOTALL)
    return (match.group(1) if match else text).strip()


def _tidy(text: str) -> str:
    """Collapse the blank lines and trailing spaces template control blocks leave behind."""
    lines = [line.rstrip() for line in text.splitlines()]
    tidy = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return re.sub(r"[ \t]{2,}", " ", tidy)


class Templates:
    """Renders `prompts/{role}/{name}.j2`, falling back to `prompts/common/{name}.j2`."""

    def __init__(self, folder: Path = PROMPTS_DIR) -> None:
        self.folder = folder
        self.env = SandboxedEnvironment(
            loader=FileSystemLoader(str(folder)),
            autoescape=False,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.filters.update(
            money=money,
            number=number,
            long_date=long_date,
            level_name=level_name,
            mode_name=mode_name,
            join_words=join_words,
            ordinal=ordinal,
            first_sentence=first_sentence,
            lower_first=lower_first,
        )

    def render(self, name: str, role: str = "learner", **context: Any) -> str:
        template = self.env.select_template([f"{role}/{name}.j2", f"common/{name}.j2"])
        return _tidy(template.render(role=role, **context))

    def has(self, name: str, role: str = "learner") -> bool:
        return any((self.folder / sub / f"{name}.j2").is_file() for sub in (role, "common"))


def lower_first(text: str) -> str:
    """'3 courses need ...' stays; 'Heat pump courses ...' becomes 'heat pump courses ...' mid-sentence."""
    return text[:1].lower() + text[1:] if text[:2].isalpha() and not text[:2].isupper() else text


@lru_cache
def default_templates() -> Templates:
    return Templates()
