"""What is wrong with a catalogue folder, one `Problem` per fault, reported all at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Whole-file problems name this field (e.g. `funding.yaml:0: file: missing`).
FILE_FIELD = "file"


@dataclass(frozen=True, order=True)
class Problem:
    """One fault: FILE (relative to the catalogue folder), LINE (0 when it is about the whole file), FIELD."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class CatalogueInvalid(Exception):
    """A catalogue folder failed validation; `problems` holds every fault found, in file and line order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        count = len(self.problems)
        first = f": {self.problems[0]}" if self.problems else ""
        super().__init__(f"catalogue is invalid ({count} problem{'' if count == 1 else 's'}){first}")


class Problems:
    """Collects problems while a folder is checked, so one run reports every fault."""

    def __init__(self) -> None:
        self._found: list[Problem] = []

    def add(self, file: str, line: int, field: str, message: str) -> None:
        self._found.append(Problem(file, line, field, message))

    def __len__(self) -> int:
        return len(self._found)

    def __bool__(self) -> bool:
        return bool(self._found)

    def in_order(self, file_order: list[str]) -> list[Problem]:
        """Problems by file (in `file_order`, others after), then line; ties keep the order found."""
        rank = {name: i for i, name in enumerate(file_order)}
        return sorted(
            self._found,
            key=lambda p: (rank.get(p.file, len(rank)), p.file if p.file not in rank else "", p.line),
        )


class Bad(ValueError):
    """A value broke a rule; the caller knows the file, line and field and turns it into a Problem."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
