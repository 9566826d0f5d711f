"""Checked access to one YAML mapping (catalogue.yaml, an award, a scheme, a pool), reporting problems
at the line of the key concerned, or of the mapping itself when a key is missing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from typing import Any, TypeVar

from advisor.catalogue import values
from advisor.catalogue.problems import Bad, Problems
from advisor.catalogue.sources import YNode

T = TypeVar("T")


class YamlRecord:
    def __init__(
        self,
        node: YNode,
        file: str,
        problems: Problems,
        *,
        required: Collection[str],
        optional: Collection[str],
        prefix: str = "",
        what: str = "",
    ) -> None:
        self.node = node
        self.file = file
        self.problems = problems
        self.prefix = prefix
        self.entries: dict[Any, YNode] = node.value if node.kind == "map" else {}
        known = set(required) | set(optional)
        for key, child in self.entries.items():
            if key not in known:
                allowed = ", ".join(sorted(known))
                self.problem(
                    str(key), f"unknown key{f' in {what}' if what else ''} (allowed: {allowed})", child
                )
        for key in required:
            if not self.has(key):
                self.problem(key, "is required", self.entries.get(key))

    # --- reporting ---

    def field(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def problem(self, key: str, message: str, where: YNode | None = None, *, item: bool = False) -> None:
        """Report at the key's line, or at a list item's own line (`item=True`), or the mapping's line."""
        line = self.node.line if where is None else (where.line if item else where.key_line)
        self.problems.add(self.file, line, self.field(key), message)

    # --- access ---

    def has(self, key: str) -> bool:
        child = self.entries.get(key)
        return child is not None and not child.is_null

    def get(self, key: str) -> YNode | None:
        """The key's node when present and not null; a null value counts as not given."""
        return self.entries[key] if self.has(key) else None

    def line(self, key: str) -> int:
        child = self.entries.get(key)
        return child.key_line if child is not None else self.node.line

    def _checked(self, key: str, check: Callable[[Any], T]) -> T | None:
        node = self.get(key)
        if node is None:
            return None
        try:
            return check(node.value if node.kind == "scalar" else node.plain())
        except Bad as bad:
            self.problem(key, bad.message, node)
            return None

    def text(self, key: str) -> str | None:
        node = self.get(key)
        if node is None:
            return None
        if node.kind != "scalar":
            self.problem(key, f"must be text, found {'a list' if node.kind == 'list' else 'a mapping'}", node)
            return None
        text = node.raw.strip()
        if not text:
            self.problem(key, "must not be empty", node)
            return None
        return text

    def slug(self, key: str) -> str | None:
        text = self.text(key)
        return self._checked_text(key, text, values.slug)

    def choice(self, key: str, choices: Iterable[str]) -> str | None:
        text = self.text(key)
        allowed = tuple(choices)
        return self._checked_text(key, text, lambda v: values.choice(v, allowed))

    def url(self, key: str) -> str | None:
        return self._checked_text(key, self.text(key), values.http_url)

    def _checked_text(self, key: str, text: str | None, check: Callable[[str], str]) -> str | None:
        if text is None:
            return None
        try:
            return check(text)
        except Bad as bad:
            self.problem(key, bad.message, self.entries[key])
            return None

    def integer(self, key: str, *, minimum: int | None = None, strict: bool = False) -> int | None:
        number = self._checked(key, values.yaml_int)
        return self._bounded(key, number, minimum, strict)

    def number(self, key: str, *, minimum: float | None = None, maximum: float | None = None) -> float | None:
        number = self._checked(key, values.yaml_number)
        if number is not None and maximum is not None and number > maximum:
            self.problem(key, f"must be between {minimum} and {maximum}, found {number}", self.entries[key])
            return None
        return self._bounded(key, number, minimum, False)

    def _bounded(self, key: str, number: T | None, minimum: float | None, strict: bool) -> T | None:
        if number is None or minimum is None:
            return number
        try:
            values.at_least(number, minimum, strict=strict)  # type: ignore[arg-type]
        except Bad as bad:
            self.problem(key, bad.message, self.entries[key])
            return None
        return number

    def boolean(self, key: str) -> bool | None:
        return self._checked(key, values.yaml_bool)

    def date(self, key: str) -> dt.date | None:
        return self._checked(key, values.yaml_date)

    def items(self, key: str, *, non_empty: bool = False) -> list[YNode] | None:
        """The nodes of a list value; reports when the value is not a list."""
        node = self.get(key)
        if node is None:
            if non_empty and key in self.entries:
                self.problem(key, "must list at least one item", self.entries[key])
            return None
        if node.kind != "list":
            self.problem(key, "must be a list, e.g. [a, b]", node)
            return None
        if non_empty and not node.value:
            self.problem(key, "must list at least one item", node)
            return None
        return list(node.value)

    def text_items(
        self, key: str, check: Callable[[str], str] | None = None, *, non_empty: bool = False
    ) -> list[tuple[str, int]] | None:
        """A list of text items with their lines; items that break `check` are reported and dropped."""
        nodes = self.items(key, non_empty=non_empty)
        if nodes is None:
            return None
        result: list[tuple[str, int]] = []
        ok = True
        for item in nodes:
            if item.kind != "scalar" or item.is_null or not item.raw.strip():
                self.problem(key, "each item must be non-empty text", item, item=True)
                ok = False
                continue
            text = item.raw.strip()
            if check is not None:
                try:
                    check(text)
                except Bad as bad:
                    self.problem(key, bad.message, item, item=True)
                    ok = False
                    continue
            result.append((text, item.line))
        return result if ok else None
