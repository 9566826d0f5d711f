"""Reading the folder's files with line numbers: CSV rows where they start, YAML nodes where they stand."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any, Literal

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from advisor.catalogue.problems import FILE_FIELD, Problems

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_text(data: bytes, name: str, problems: Problems) -> str | None:
    """The file's text (UTF-8, an optional byte-order mark dropped), or None after reporting bad bytes."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.add(name, line, FILE_FIELD, f"is not UTF-8 text (bad byte at position {error.start})")
        return None


# --- CSV ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvRow:
    line: int  # physical line where the row starts (the header is line 1)
    cells: dict[str, str]  # by column name, trimmed; missing trailing cells are absent


@dataclass(frozen=True)
class CsvTable:
    columns: list[str]
    rows: list[CsvRow]
    complete: bool = True  # False when reading stopped at broken quoting: rows after it are unknown


def read_csv(text: str, name: str, problems: Problems) -> CsvTable | None:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    lines_read = 0
    header: list[str] | None = None
    rows: list[CsvRow] = []
    while True:
        start = lines_read + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.add(name, start, "row", f"cannot read the row starting here: {error}")
            return CsvTable(header, rows, complete=False) if header is not None else None
        lines_read = reader.line_num
        if header is None:
            header = [cell.strip() for cell in cells]
            if not _header_ok(header, name, problems):
                return None
            continue
        if not any(cell.strip() for cell in cells):
            continue  # blank line, or a row of empty cells (spreadsheets leave these)
        if len(cells) != len(header):
            problems.add(
                name, start, "row", f"has {len(cells)} cells but the header has {len(header)} columns"
            )
        rows.append(CsvRow(start, {col: cell.strip() for col, cell in zip(header, cells, strict=False)}))
    if header is None:
        problems.add(name, 1, FILE_FIELD, "is empty: it needs a header row")
        return None
    return CsvTable(header, rows)


def _header_ok(header: list[str], name: str, problems: Problems) -> bool:
    ok = True
    seen: set[str] = set()
    for position, column in enumerate(header, start=1):
        if not column:
            problems.add(name, 1, "header", f"column {position} has no name")
            ok = False
        elif column in seen:
            problems.add(name, 1, column, "column appears twice in the header")
            ok = False
        seen.add(column)
    return ok


# --- YAML -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YNode:
    """A YAML value with where it stands. Mappings hold YNodes by key, lists hold YNodes."""

    kind: Literal["map", "list", "scalar"]
    line: int  # 1-based line where the value starts
    key_line: int  # line of its key when it is a mapping value, else its own line
    value: Any  # scalar: the typed Python value; list: list[YNode]; map: dict[Any, YNode]
    raw: str = ""  # a scalar's text as written (so `version: 2027.10` keeps its trailing zero)

    @property
    def is_null(self) -> bool:
        return self.kind == "scalar" and self.value is None

    def plain(self) -> Any:
        """The value as plain Python (dicts, lists, scalars)."""
        if self.kind == "map":
            return {key: child.plain() for key, child in self.value.items()}
        if self.kind == "list":
            return [child.plain() for child in self.value]
        return self.value


def read_yaml(text: str, name: str, problems: Problems) -> YNode | None:
    """The document as a YNode tree; None (after reporting) when it cannot be parsed or is empty."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        context = error.context or ""
        if context and error.context_mark is not None and error.context_mark.line + 1 != line:
            context += f" that starts on line {error.context_mark.line + 1}"
        what = ": ".join(part for part in (context, error.problem) if part)
        problems.add(name, line, "syntax", f"invalid YAML: {what or error}")
        return None
    except yaml.YAMLError as error:
        problems.add(name, 1, "syntax", f"invalid YAML: {error}")
        return None
    if root is None:
        return None
    converter = _Converter(name, problems)
    return converter.convert(root, key_line=None)


class _Converter:
    def __init__(self, name: str, problems: Problems) -> None:
        self.name = name
        self.problems = problems
        self.constructor = SafeConstructor()

    def convert(self, node: Node, key_line: int | None) -> YNode:
        line = node.start_mark.line + 1
        own_key_line = key_line if key_line is not None else line
        if isinstance(node, MappingNode):
            children: dict[Any, YNode] = {}
            for key_node, value_node in node.value:
                key = self.scalar(key_node) if isinstance(key_node, ScalarNode) else None
                k_line = key_node.start_mark.line + 1
                if key is None or isinstance(key, list | dict):
                    self.problems.add(self.name, k_line, "key", "a key must be a plain word")
                    continue
                if key in children:
                    self.problems.add(self.name, k_line, str(key), "key appears twice in the same mapping")
                    continue
                children[key] = self.convert(value_node, key_line=k_line)
            return YNode("map", line, own_key_line, children)
        if isinstance(node, SequenceNode):
            items = [self.convert(item, key_line=None) for item in node.value]
            return YNode("list", line, own_key_line, items)
        assert isinstance(node, ScalarNode)
        return YNode("scalar", line, own_key_line, self.scalar(node), raw=node.value)

    def scalar(self, node: ScalarNode) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError, TypeError):
            # e.g. `2026-13-45` looks like a date to YAML but is not one: keep the text so the
            # field's own check reports it in its words.
            return node.value
