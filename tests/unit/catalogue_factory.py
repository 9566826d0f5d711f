"""A small valid catalogue, written to a folder, that a test can break in one place.

The YAML files are kept as text so tests can name exact line numbers; courses are rows of cells (written
with the csv module, so quoting is real RFC 4180) and row N of `courses` sits on line N + 2.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

CATALOGUE_YAML = """\
name: Test College
publisher: Test College Group
version: "1.0"
updated: 2026-11-01
nations: [England, Scotland]
"""

COLUMNS = [
    "id", "title", "provider", "summary", "learning_outcomes", "skills", "occupations", "sector",
    "level_framework", "level", "credits", "notional_hours", "delivery_mode", "hours_per_week",
    "duration_weeks", "module_minutes", "cost_gbp", "start_dates", "assessment", "quality_assurance",
    "entry_requirements", "prerequisites", "schemes", "nations", "location", "url",
]  # fmt: skip


def _course(course_id: str, **cells: str) -> dict[str, str]:
    base = {
        "id": course_id,
        "title": f"Course {course_id}",
        "provider": "Test College",
        "summary": "A short course.",
        "learning_outcomes": "Do one thing; Do another",
        "skills": "python; data",
        "occupations": "analyst",
        "sector": "digital",
        "level_framework": "RQF",
        "level": "3",
        "credits": "15",
        "notional_hours": "150",
        "delivery_mode": "online",
        "hours_per_week": "7.5",
        "duration_weeks": "20",
        "module_minutes": "20",
        "cost_gbp": "450",
        "start_dates": "2027-01-11; 2027-04-19",
        "assessment": "online test",
        "quality_assurance": "Ofqual regulated",
        "entry_requirements": "None",
        "prerequisites": "",
        "schemes": "",
        "nations": "England",
        "location": "online",
        "url": "https://example.ac.uk/courses",
    }
    base.update(cells)
    return base


def default_courses() -> list[dict[str, str]]:
    return [
        _course("intro-python", schemes="bootcamp"),  # line 2
        _course("data-analysis", level="4", credits="30", notional_hours="300", prerequisites="intro-python"),
        _course(  # line 4
            "scot-data",
            level_framework="SCQF",
            level="7",
            delivery_mode="blended",
            nations="Scotland",
            start_dates="rolling",
        ),
        _course("safe-site", sector="construction", level="2", credits="0", notional_hours="6"),  # line 5
    ]


AWARDS_YAML = """\
- id: cert-data
  title: Certificate in Data
  short: Certificate
  level_framework: RQF
  level: 4
  credits: 60
  min_credits_at_level: {4: 30}
  required: [data-analysis]
  choose:
    - credits: 15
      from: {ids: [intro-python, scot-data], min_level: 3}
  electives: {sectors: [digital]}
  rpl_max_fraction: 0.25
  max_years: 3
  leads_to: [dip-data]
- id: dip-data
  title: Diploma in Data
  short: Diploma
  level_framework: SCQF
  level: 8
  credits: 120
  source_url: https://example.ac.uk/dip
"""

FUNDING_YAML = """\
- id: bootcamp
  name: Skills Bootcamp
  kind: fully_funded
  for: learner
  nations: [England]
  when:
    all:
      - {field: learner.age, op: ge, value: 19}
      - {field: course.schemes, op: contains, value: bootcamp}
      - not: {field: learner.employment_status, op: eq, value: student}
  covers: {percent_of_fee: 100}
  summary: Free training.
  how_to_apply: Ask the college.
  source_url: https://www.gov.uk/bootcamps
  last_verified: 2026-11-01
- id: levy
  name: Apprenticeship Levy
  kind: levy
  for: employer
  nations: [England, Scotland]
  when:
    any:
      - {field: employer.annual_paybill_gbp, op: gt, value: 3000000}
      - {field: course.level, op: between, value: [2, 6]}
  covers: {max_gbp: 5000}
  summary: Employers use levy funds.
  how_to_apply: Through the apprenticeship service.
  source_url: https://www.gov.uk/levy
  last_verified: 2026-11-01
  combines_with: [bootcamp]
"""

GUIDES = {"credits.md": "# What is a credit?\n\nOne credit is ten hours of learning.\n"}


@dataclass
class CatalogueFiles:
    """The files of a catalogue folder; None for a file means it is not written at all."""

    catalogue_yaml: str | None = CATALOGUE_YAML
    columns: list[str] = field(default_factory=lambda: list(COLUMNS))
    courses: list[dict[str, str]] = field(default_factory=default_courses)
    courses_csv: str | None = None  # raw text that replaces the rows above when set
    awards_yaml: str | None = AWARDS_YAML
    funding_yaml: str | None = FUNDING_YAML
    guides: dict[str, str] = field(default_factory=lambda: dict(GUIDES))

    def course(self, course_id: str) -> dict[str, str]:
        return next(row for row in self.courses if row["id"] == course_id)

    def csv_text(self) -> str:
        if self.courses_csv is not None:
            return self.courses_csv
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.courses:
            writer.writerow([row.get(column, "") for column in self.columns])
        return out.getvalue()

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        texts = {
            "catalogue.yaml": self.catalogue_yaml,
            "courses.csv": self.csv_text(),
            "awards.yaml": self.awards_yaml,
            "funding.yaml": self.funding_yaml,
        }
        for name, text in texts.items():
            if text is not None:
                (folder / name).write_text(text, encoding="utf-8")
        if self.guides:
            (folder / "guides").mkdir(exist_ok=True)
            for name, text in self.guides.items():
                (folder / "guides" / name).write_text(text, encoding="utf-8")
        return folder


Fault = Callable[[CatalogueFiles], None]


def edit(attribute: str, old: str, new: str) -> Fault:
    """Replace text that occurs exactly once in one of the YAML files."""

    def apply(files: CatalogueFiles) -> None:
        text = getattr(files, attribute)
        assert text.count(old) == 1, f"{old!r} must occur once in {attribute}"
        setattr(files, attribute, text.replace(old, new))

    return apply


def cell(course_id: str, column: str, value: str) -> Fault:
    def apply(files: CatalogueFiles) -> None:
        files.course(course_id)[column] = value

    return apply


def drop_column(column: str) -> Fault:
    def apply(files: CatalogueFiles) -> None:
        files.columns.remove(column)

    return apply


def remove_file(attribute: str) -> Fault:
    def apply(files: CatalogueFiles) -> None:
        setattr(files, attribute, None)

    return apply
