"""courses.csv: one micro-credential per row, checked cell by cell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from advisor.catalogue import values
from advisor.catalogue.crossrefs import Declared, Links, Reference
from advisor.catalogue.problems import Bad, Problems
from advisor.catalogue.sources import CsvRow, CsvTable
from advisor.domain.catalogue import DELIVERY_MODES, NATIONS
from advisor.domain.levels import FRAMEWORKS

FILE = "courses.csv"


def _text(cell: str) -> str:
    return cell


def _positive_int(cell: str) -> int:
    number = values.text_int(cell)
    values.at_least(number, 0, strict=True)
    return number


def _non_negative_int(cell: str) -> int:
    number = values.text_int(cell)
    values.at_least(number, 0)
    return number


def _positive_number(cell: str) -> float:
    number = values.text_number(cell)
    values.at_least(number, 0, strict=True)
    return number


def _non_negative_number(cell: str) -> float:
    number = values.text_number(cell)
    values.at_least(number, 0)
    return number


def _text_list(cell: str) -> tuple[str, ...]:
    return tuple(values.text_list(cell))


def _slug_list(cell: str) -> tuple[str, ...]:
    return tuple(values.slug(item) for item in values.text_list(cell))


def _nations(cell: str) -> tuple[str, ...]:
    return tuple(values.choice(item, NATIONS) for item in values.text_list(cell))


@dataclass(frozen=True)
class Column:
    required: bool
    parse: Callable[[str], Any]


COLUMNS: dict[str, Column] = {
    "id": Column(True, values.slug),
    "title": Column(True, _text),
    "provider": Column(True, _text),
    "summary": Column(True, _text),
    "learning_outcomes": Column(True, _text_list),
    "skills": Column(False, _text_list),
    "occupations": Column(False, _text_list),
    "sector": Column(True, values.slug),
    "level_framework": Column(True, lambda cell: values.choice(cell, FRAMEWORKS)),
    "level": Column(True, values.text_int),
    "credits": Column(True, _non_negative_int),
    "notional_hours": Column(True, _positive_int),
    "delivery_mode": Column(True, lambda cell: values.choice(cell, DELIVERY_MODES)),
    "hours_per_week": Column(True, _positive_number),
    "duration_weeks": Column(True, _positive_int),
    # A module length of zero minutes or less is not a length: the format types it as int.
    "module_minutes": Column(False, _positive_int),
    "cost_gbp": Column(True, _non_negative_number),
    "start_dates": Column(False, lambda cell: cell),  # checked by _start_dates
    "assessment": Column(True, _text),
    "quality_assurance": Column(True, _text),
    "entry_requirements": Column(False, _text),
    "prerequisites": Column(False, _slug_list),
    "schemes": Column(False, _slug_list),
    "nations": Column(True, _nations),
    "location": Column(False, _text),
    "url": Column(False, values.http_url),
}


def check_courses(
    table: CsvTable | None, problems: Problems, links: Links
) -> list[tuple[int, dict[str, Any]]]:
    """The fields for each `Course`, reporting every problem and recording ids and references."""
    if table is None:
        return []
    for column, spec in COLUMNS.items():
        if spec.required and column not in table.columns:
            problems.add(FILE, 1, column, "required column is missing from the header")
    extra_columns = [column for column in table.columns if column not in COLUMNS]
    return [(row.line, _check_row(row, extra_columns, problems, links)) for row in table.rows]


def _check_row(row: CsvRow, extra_columns: list[str], problems: Problems, links: Links) -> dict[str, Any]:
    fields: dict[str, Any] = {}

    def report(column: str, message: str) -> None:
        problems.add(FILE, row.line, column, message)

    for column, spec in COLUMNS.items():
        cell = row.cells.get(column, "")
        try:
            parsed = spec.parse(cell) if cell else None
        except Bad as bad:
            report(column, bad.message)
            continue
        if parsed is None or parsed == ():
            if spec.required and column in row.cells:
                report(column, "is required")
            continue
        fields[column] = parsed

    _check_level(fields, report)
    _check_hours(fields, report)
    _start_dates(fields, report)
    fields["extra"] = {column: row.cells.get(column, "") for column in extra_columns}

    course_id = fields.get("id")
    if course_id is not None:
        links.declared.append(Declared("course", course_id, FILE, row.line))
    for prereq in fields.get("prerequisites", ()):
        links.references.append(Reference(FILE, row.line, "prerequisites", "course", prereq))
    for scheme in fields.get("schemes", ()):
        links.references.append(Reference(FILE, row.line, "schemes", "scheme", scheme))
    if course_id is not None and course_id not in links.prerequisites:
        links.prerequisites[course_id] = (row.line, list(fields.get("prerequisites", ())))
    return fields


def _check_level(fields: dict[str, Any], report: Callable[[str, str], None]) -> None:
    if "level" not in fields:
        return
    try:
        values.level(fields.get("level_framework"), fields["level"])
    except Bad as bad:
        report("level", bad.message)
        del fields["level"]


def _check_hours(fields: dict[str, Any], report: Callable[[str, str], None]) -> None:
    credits, hours = fields.get("credits"), fields.get("notional_hours")
    if credits and hours is not None and hours != credits * 10:
        report("credits", f"{credits} credits need {credits * 10} notional hours, found {hours}")


def _start_dates(fields: dict[str, Any], report: Callable[[str, str], None]) -> None:
    items = values.text_list(fields.pop("start_dates", ""))
    if items == [values.ROLLING]:
        fields["rolling_start"] = True
        return
    dates: list[dt.date] = []
    for item in items:
        if item == values.ROLLING:
            report("start_dates", "`rolling` must stand alone, not mixed with dates")
            return
        try:
            dates.append(values.iso_date(item))
        except Bad as bad:
            report("start_dates", f"{bad.message} (use ISO dates separated by `;`, or `rolling`)")
            return
    fields["start_dates"] = tuple(dates)
