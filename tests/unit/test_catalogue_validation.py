"""Loading a catalogue folder: what a valid one gives, and every fault named at its FILE:LINE: FIELD."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from catalogue_factory import CatalogueFiles, Fault, cell, drop_column, edit, remove_file

from advisor.catalogue import CatalogueInvalid, Problem, load_catalogue


def problems_of(folder: Path) -> list[Problem]:
    with pytest.raises(CatalogueInvalid) as caught:
        load_catalogue(folder)
    return caught.value.problems


def test_minimal_catalogue_loads_every_file(tmp_path: Path) -> None:
    catalogue = load_catalogue(CatalogueFiles().write(tmp_path))

    assert catalogue.info.name == "Test College"
    assert catalogue.info.version == "1.0"
    assert catalogue.info.updated == dt.date(2026, 11, 1)
    assert list(catalogue.courses) == ["intro-python", "data-analysis", "scot-data", "safe-site"]
    intro = catalogue.course("intro-python")
    assert intro.learning_outcomes == ("Do one thing", "Do another")
    assert intro.start_dates == (dt.date(2027, 1, 11), dt.date(2027, 4, 19))
    assert intro.schemes == ("bootcamp",)
    assert intro.hours_per_week == 7.5
    assert catalogue.course("scot-data").rolling_start
    assert catalogue.course("data-analysis").prerequisites == ("intro-python",)

    award = catalogue.award("cert-data")
    assert award.min_credits_at_level == {4: 30}
    assert award.choose[0].credits == 15
    assert award.choose[0].pool.ids == ("intro-python", "scot-data")
    assert award.electives is not None and award.electives.sectors == ("digital",)
    assert award.rpl_cap == 15

    levy = catalogue.schemes["levy"]
    assert levy.audience == "employer"
    assert levy.combines_with == ("bootcamp",)
    assert levy.covers.max_gbp == 5000
    assert catalogue.guides["credits"].title == "What is a credit?"
    assert catalogue.summary_line() == "4 courses, 2 awards, 2 funding schemes, 1 guides"


def test_guide_without_heading_takes_its_file_name_as_title(tmp_path: Path) -> None:
    files = CatalogueFiles(guides={"rpl-basics.md": "No heading here.\n"})
    assert load_catalogue(files.write(tmp_path)).guides["rpl-basics"].title == "rpl-basics"


def test_content_hash_is_stable_and_follows_the_content(tmp_path: Path) -> None:
    first = load_catalogue(CatalogueFiles().write(tmp_path / "a")).content_hash
    same = load_catalogue(CatalogueFiles().write(tmp_path / "b")).content_hash
    changed_files = CatalogueFiles()
    changed_files.course("intro-python")["title"] = "Python for beginners"
    changed = load_catalogue(changed_files.write(tmp_path / "c")).content_hash
    assert first == same
    assert changed != first
    assert len(first) == 64


AWARD_WITH_COLOUR = "  max_years: 3\n  colour: blue\n"


def _extra_cell(files: CatalogueFiles) -> None:
    lines = files.csv_text().splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + ",surplus\n"
    files.courses_csv = "".join(lines)


# (name, fault, file, line, field, fragment of the message)
FAULTS: list[tuple[str, Fault, str, int, str, str]] = [
    # courses.csv: cells
    (
        "hours mismatch",
        cell("intro-python", "notional_hours", "120"),
        "courses.csv",
        2,
        "credits",
        "15 credits need 150 notional hours, found 120",
    ),
    ("bad slug", cell("safe-site", "id", "Safe_Site"), "courses.csv", 5, "id", "not a slug"),
    ("empty required cell", cell("data-analysis", "title", ""), "courses.csv", 3, "title", "is required"),
    (
        "credits not whole",
        cell("scot-data", "credits", "15.5"),
        "courses.csv",
        4,
        "credits",
        "not a whole number",
    ),
    (
        "hours per week zero",
        cell("intro-python", "hours_per_week", "0"),
        "courses.csv",
        2,
        "hours_per_week",
        "more than 0",
    ),
    (
        "duration zero",
        cell("safe-site", "duration_weeks", "0"),
        "courses.csv",
        5,
        "duration_weeks",
        "more than 0",
    ),
    ("SCQF level 13", cell("scot-data", "level", "13"), "courses.csv", 4, "level", "SCQF has no level 13"),
    ("RQF level 9 course", cell("safe-site", "level", "9"), "courses.csv", 5, "level", "RQF has no level 9"),
    (
        "bad start_dates",
        cell("safe-site", "start_dates", "2027-01-11; next spring"),
        "courses.csv",
        5,
        "start_dates",
        "`next spring` is not a date",
    ),
    (
        "rolling mixed with dates",
        cell("safe-site", "start_dates", "rolling; 2027-01-11"),
        "courses.csv",
        5,
        "start_dates",
        "must stand alone",
    ),
    (
        "bad delivery_mode",
        cell("intro-python", "delivery_mode", "distance"),
        "courses.csv",
        2,
        "delivery_mode",
        "not one of online, blended, in_person",
    ),
    (
        "unknown nation",
        cell("data-analysis", "nations", "England; Narnia"),
        "courses.csv",
        3,
        "nations",
        "`Narnia` is not one of",
    ),
    ("negative cost", cell("intro-python", "cost_gbp", "-5"), "courses.csv", 2, "cost_gbp", "0 or more"),
    (
        "bad framework",
        cell("safe-site", "level_framework", "NVQ"),
        "courses.csv",
        5,
        "level_framework",
        "NVQ",
    ),
    ("bad url", cell("safe-site", "url", "example.ac.uk/x"), "courses.csv", 5, "url", "not an http(s) URL"),
    (
        "missing required column",
        drop_column("assessment"),
        "courses.csv",
        1,
        "assessment",
        "required column is missing",
    ),
    ("row with an extra cell", _extra_cell, "courses.csv", 3, "row", "has 27 cells but the header has 26"),
    # cross-references and ids
    (
        "duplicate id course/award",
        edit("awards_yaml", "- id: cert-data", "- id: data-analysis"),
        "awards.yaml",
        1,
        "id",
        "already the id of a course at courses.csv:3",
    ),
    (
        "duplicate id scheme/course",
        edit("funding_yaml", "- id: levy", "- id: safe-site"),
        "funding.yaml",
        16,
        "id",
        "already the id of a course at courses.csv:5",
    ),
    (
        "unknown prerequisite",
        cell("data-analysis", "prerequisites", "intro-python; missing-course"),
        "courses.csv",
        3,
        "prerequisites",
        "no course has the id `missing-course`",
    ),
    (
        "prerequisite is an award",
        cell("safe-site", "prerequisites", "dip-data"),
        "courses.csv",
        5,
        "prerequisites",
        "`dip-data` is an award, not a course",
    ),
    (
        "prerequisite cycle",
        cell("intro-python", "prerequisites", "data-analysis"),
        "courses.csv",
        2,
        "prerequisites",
        "intro-python -> data-analysis -> intro-python",
    ),
    (
        "course requires itself",
        cell("safe-site", "prerequisites", "safe-site"),
        "courses.csv",
        5,
        "prerequisites",
        "safe-site -> safe-site",
    ),
    (
        "unknown scheme in course",
        cell("intro-python", "schemes", "bootcamp; nope"),
        "courses.csv",
        2,
        "schemes",
        "no scheme has the id `nope`",
    ),
    (
        "unknown leads_to",
        edit("awards_yaml", "leads_to: [dip-data]", "leads_to: [dip-data, phd]"),
        "awards.yaml",
        15,
        "leads_to",
        "no award has the id `phd`",
    ),
    (
        "unknown required course",
        edit("awards_yaml", "required: [data-analysis]", "required: [data-analysis, ghost]"),
        "awards.yaml",
        8,
        "required",
        "no course has the id `ghost`",
    ),
    (
        "unknown pool id",
        edit("awards_yaml", "ids: [intro-python, scot-data]", "ids: [intro-python, ghost]"),
        "awards.yaml",
        11,
        "choose.from.ids",
        "no course has the id `ghost`",
    ),
    (
        "unknown combines_with",
        edit("funding_yaml", "combines_with: [bootcamp]", "combines_with: [bootcamp, asf]"),
        "funding.yaml",
        30,
        "combines_with",
        "no scheme has the id `asf`",
    ),
    # awards.yaml
    (
        "RQF level 9 award",
        edit("awards_yaml", "  level: 4\n", "  level: 9\n"),
        "awards.yaml",
        5,
        "level",
        "RQF has no level 9",
    ),
    (
        "SCQF 13 in min_credits_at_level",
        edit("awards_yaml", "  credits: 120\n", "  credits: 120\n  min_credits_at_level: {13: 10}\n"),
        "awards.yaml",
        22,
        "min_credits_at_level",
        "SCQF has no level 13",
    ),
    (
        "pool level outside framework",
        edit("awards_yaml", "min_level: 3}", "min_level: 9}"),
        "awards.yaml",
        11,
        "choose.from.min_level",
        "RQF has no level 9",
    ),
    (
        "unknown pool key",
        edit("awards_yaml", "{sectors: [digital]}", "{sectors: [digital], colour: red}"),
        "awards.yaml",
        12,
        "electives.colour",
        "unknown key",
    ),
    (
        "choose group without credits",
        edit("awards_yaml", "    - credits: 15\n      from:", "    - from:"),
        "awards.yaml",
        10,
        "choose.credits",
        "is required",
    ),
    (
        "award credits zero",
        edit("awards_yaml", "  credits: 60\n", "  credits: 0\n"),
        "awards.yaml",
        6,
        "credits",
        "more than 0",
    ),
    (
        "rpl_max_fraction 1.5",
        edit("awards_yaml", "rpl_max_fraction: 0.25", "rpl_max_fraction: 1.5"),
        "awards.yaml",
        13,
        "rpl_max_fraction",
        "between 0 and 1",
    ),
    (
        "max_years zero",
        edit("awards_yaml", "max_years: 3", "max_years: 0"),
        "awards.yaml",
        14,
        "max_years",
        "more than 0",
    ),
    (
        "unknown award key",
        edit("awards_yaml", "  max_years: 3\n", AWARD_WITH_COLOUR),
        "awards.yaml",
        15,
        "colour",
        "unknown key",
    ),
    (
        "missing required award key",
        edit("awards_yaml", "  short: Certificate\n", ""),
        "awards.yaml",
        1,
        "short",
        "is required",
    ),
    (
        "leads_to names a course",
        edit("awards_yaml", "leads_to: [dip-data]", "leads_to: [safe-site]"),
        "awards.yaml",
        15,
        "leads_to",
        "`safe-site` is a course, not an award",
    ),
    (
        "duplicate YAML key",
        edit("awards_yaml", "  max_years: 3\n", "  max_years: 3\n  max_years: 4\n"),
        "awards.yaml",
        15,
        "max_years",
        "appears twice",
    ),
    (
        "invalid YAML syntax",
        edit("awards_yaml", "  title: Diploma in Data", "  title: Diploma: in Data"),
        "awards.yaml",
        17,
        "syntax",
        "invalid YAML",
    ),
    # funding.yaml
    (
        "missing required scheme key",
        edit("funding_yaml", "  how_to_apply: Ask the college.\n", ""),
        "funding.yaml",
        1,
        "how_to_apply",
        "is required",
    ),
    (
        "bad scheme kind",
        edit("funding_yaml", "kind: levy", "kind: voucher"),
        "funding.yaml",
        18,
        "kind",
        "voucher",
    ),
    (
        "bad audience",
        edit("funding_yaml", "for: employer", "for: everyone"),
        "funding.yaml",
        19,
        "for",
        "everyone",
    ),
    (
        "bad date",
        edit("funding_yaml", "last_verified: 2026-11-01\n- id", "last_verified: 2026-13-01\n- id"),
        "funding.yaml",
        15,
        "last_verified",
        "not a real date",
    ),
    (
        "date with a different format",
        edit(
            "funding_yaml", "last_verified: 2026-11-01\n  combines", "last_verified: 01/11/2026\n  combines"
        ),
        "funding.yaml",
        29,
        "last_verified",
        "YYYY-MM-DD",
    ),
    (
        "source_url not http",
        edit("funding_yaml", "https://www.gov.uk/levy", "ftp://gov.uk/levy"),
        "funding.yaml",
        28,
        "source_url",
        "http(s) URL",
    ),
    (
        "unknown condition field",
        edit("funding_yaml", "learner.age", "learner.shoe_size"),
        "funding.yaml",
        8,
        "when.field",
        "`learner.shoe_size` is not a field a condition may read",
    ),
    (
        "unknown operator",
        edit("funding_yaml", "op: ge", "op: gte"),
        "funding.yaml",
        8,
        "when.op",
        "`gte` is not an operator",
    ),
    (
        "wrong value type for age",
        edit("funding_yaml", "value: 19", "value: old"),
        "funding.yaml",
        8,
        "when.value",
        "`learner.age` is a whole number",
    ),
    (
        "nation value not a nation",
        edit("funding_yaml", "op: eq, value: student", "op: eq, value: unemployed-ish"),
        "funding.yaml",
        10,
        "when.value",
        "`learner.employment_status` is one of",
    ),
    (
        "in without a list",
        edit("funding_yaml", "op: ge, value: 19", "op: in, value: 19"),
        "funding.yaml",
        8,
        "when.value",
        "needs a list",
    ),
    (
        "between with 3 values",
        edit("funding_yaml", "value: [2, 6]", "value: [2, 4, 6]"),
        "funding.yaml",
        24,
        "when.value",
        "two values [low, high], found 3 values",
    ),
    (
        "between reversed",
        edit("funding_yaml", "value: [2, 6]", "value: [6, 2]"),
        "funding.yaml",
        24,
        "when.value",
        "low <= high",
    ),
    (
        "contains on a non-list field",
        edit("funding_yaml", "course.schemes, op: contains", "course.sector, op: contains"),
        "funding.yaml",
        9,
        "when.op",
        "`contains` needs a list field",
    ),
    (
        "ordering on text",
        edit("funding_yaml", "op: eq, value: student", "op: lt, value: student"),
        "funding.yaml",
        10,
        "when.op",
        "compares numbers",
    ),
    (
        "leaf without value",
        edit("funding_yaml", "{field: learner.age, op: ge, value: 19}", "{field: learner.age, op: ge}"),
        "funding.yaml",
        8,
        "when.value",
        "is required",
    ),
    (
        "two branches in one node",
        edit("funding_yaml", "    any:\n", "    all: []\n    any:\n"),
        "funding.yaml",
        22,
        "when",
        "exactly one of all, any, not",
    ),
    (
        "covers empty",
        edit("funding_yaml", "covers: {percent_of_fee: 100}", "covers: {}"),
        "funding.yaml",
        11,
        "covers",
        "at least one of percent_of_fee, amount_gbp, max_gbp",
    ),
    (
        "covers over 100 percent",
        edit("funding_yaml", "percent_of_fee: 100", "percent_of_fee: 150"),
        "funding.yaml",
        11,
        "covers.percent_of_fee",
        "between 0 and 100",
    ),
    (
        "covers unknown key",
        edit("funding_yaml", "{max_gbp: 5000}", "{max_gbp: 5000, hours: 3}"),
        "funding.yaml",
        25,
        "covers.hours",
        "unknown key",
    ),
    # catalogue.yaml and whole files
    (
        "unknown catalogue key",
        edit("catalogue_yaml", "version:", "colour: blue\nversion:"),
        "catalogue.yaml",
        3,
        "colour",
        "unknown key",
    ),
    (
        "catalogue updated not a date",
        edit("catalogue_yaml", "updated: 2026-11-01", "updated: soon"),
        "catalogue.yaml",
        4,
        "updated",
        "YYYY-MM-DD",
    ),
    ("missing funding.yaml", remove_file("funding_yaml"), "funding.yaml", 0, "file", "missing"),
    ("missing catalogue.yaml", remove_file("catalogue_yaml"), "catalogue.yaml", 0, "file", "missing"),
    (
        "awards.yaml not a list",
        lambda files: setattr(files, "awards_yaml", "id: cert-data\ntitle: Data\n"),
        "awards.yaml",
        1,
        "file",
        "must be a list of awards",
    ),
    (
        "funding.yaml two documents",
        edit("funding_yaml", "- id: levy", "---\n- id: levy"),
        "funding.yaml",
        16,
        "syntax",
        "expected a single document",
    ),
]


@pytest.mark.parametrize(
    ("fault", "file", "line", "field", "fragment"),
    [pytest.param(*case[1:], id=case[0]) for case in FAULTS],
)
def test_each_fault_is_reported_at_its_file_line_and_field(
    tmp_path: Path, fault: Fault, file: str, line: int, field: str, fragment: str
) -> None:
    files = CatalogueFiles()
    fault(files)
    problems = problems_of(files.write(tmp_path))

    matching = [p for p in problems if (p.file, p.line, p.field) == (file, line, field)]
    assert matching, f"expected {file}:{line}: {field}, got:\n" + "\n".join(map(str, problems))
    assert any(fragment in p.message for p in matching), "\n".join(map(str, matching))


def test_there_are_at_least_24_faults_in_the_table() -> None:
    assert len(FAULTS) >= 24


def test_one_fault_gives_one_problem_not_a_cascade(tmp_path: Path) -> None:
    files = CatalogueFiles()
    files.course("safe-site")["id"] = "Safe_Site"
    assert [str(p) for p in problems_of(files.write(tmp_path))] == [
        "courses.csv:5: id: `Safe_Site` is not a slug (lower-case letters, digits and hyphens;"
        " not starting with a hyphen)"
    ]


def test_every_problem_is_reported_at_once_in_file_order(tmp_path: Path) -> None:
    files = CatalogueFiles()
    files.course("intro-python")["notional_hours"] = "120"
    edit("funding_yaml", "value: [2, 6]", "value: [2, 4, 6]")(files)
    edit("awards_yaml", "rpl_max_fraction: 0.25", "rpl_max_fraction: 1.5")(files)

    problems = problems_of(files.write(tmp_path))

    assert [(p.file, p.line, p.field) for p in problems] == [
        ("courses.csv", 2, "credits"),
        ("awards.yaml", 13, "rpl_max_fraction"),
        ("funding.yaml", 24, "when.value"),
    ]
    assert str(problems[0]) == "courses.csv:2: credits: 15 credits need 150 notional hours, found 120"


def test_missing_folder_is_one_problem(tmp_path: Path) -> None:
    problems = problems_of(tmp_path / "nowhere")
    assert len(problems) == 1
    assert problems[0].line == 0 and "no such folder" in problems[0].message


def test_unknown_extra_columns_are_kept_as_course_metadata(tmp_path: Path) -> None:
    files = CatalogueFiles()
    files.columns += ["campus_code", "notes"]
    files.course("intro-python").update(campus_code="SHF-01", notes="evening class")

    catalogue = load_catalogue(files.write(tmp_path))

    assert catalogue.course("intro-python").extra == {"campus_code": "SHF-01", "notes": "evening class"}
    assert catalogue.course("safe-site").extra == {"campus_code": "", "notes": ""}


def test_multi_line_quoted_cell_keeps_later_line_numbers_right(tmp_path: Path) -> None:
    files = CatalogueFiles()
    files.course("intro-python")["summary"] = 'Line one, with a comma.\nLine two with "quotes".\nLine three.'
    files.course("scot-data")["level"] = "13"  # row 3 of the data, now starting on physical line 6

    problems = problems_of(files.write(tmp_path))

    assert [str(p) for p in problems] == ["courses.csv:6: level: SCQF has no level 13 (levels run 1-12)"]


def test_multi_line_cell_loads_intact(tmp_path: Path) -> None:
    files = CatalogueFiles()
    files.course("intro-python")["summary"] = "First line.\nSecond line, quoted."
    catalogue = load_catalogue(files.write(tmp_path))
    assert catalogue.course("intro-python").summary == "First line.\nSecond line, quoted."


def test_csv_with_byte_order_mark_and_windows_line_endings_loads(tmp_path: Path) -> None:
    files = CatalogueFiles()
    files.courses_csv = "\ufeff" + files.csv_text().replace("\n", "\r\n")
    files.write(tmp_path)
    assert len(load_catalogue(tmp_path).courses) == 4


def test_not_utf8_csv_names_the_line(tmp_path: Path) -> None:
    folder = CatalogueFiles().write(tmp_path)
    data = (folder / "courses.csv").read_bytes().replace(b"Course safe-site", b"Course \xa3safe-site")
    (folder / "courses.csv").write_bytes(data)
    problems = problems_of(folder)
    assert [(p.file, p.line, p.field) for p in problems] == [("courses.csv", 5, "file")]


def test_unclosed_quote_is_reported_where_the_row_starts(tmp_path: Path) -> None:
    files = CatalogueFiles()
    files.courses_csv = files.csv_text() + 'extra-course,"never closed\n'
    problems = problems_of(files.write(tmp_path))
    assert [(p.file, p.line, p.field) for p in problems] == [("courses.csv", 6, "row")]


def test_quoted_yaml_values_and_extension_keys_are_accepted(tmp_path: Path) -> None:
    files = CatalogueFiles()
    edit(
        "catalogue_yaml",
        'version: "1.0"',
        "version: 2027.10\ncontact_url: https://example.ac.uk/advice\ndemo: true",
    )(files)
    edit(
        "funding_yaml",
        "last_verified: 2026-11-01\n- id",
        "last_verified: '2026-11-01'\n  check_with_advisor: Ask.\n- id",
    )(files)
    edit("awards_yaml", "  credits: 120\n", "  credits: 120\n  summary: Two years.\n  nations: [Scotland]\n")(
        files
    )

    catalogue = load_catalogue(files.write(tmp_path))

    assert catalogue.info.version == "2027.10"  # as written, not the float 2027.1
    assert catalogue.info.demo
    assert catalogue.schemes["bootcamp"].last_verified == dt.date(2026, 11, 1)
    assert catalogue.schemes["bootcamp"].check_with_advisor == "Ask."
    assert catalogue.award("dip-data").nations == ("Scotland",)


def test_empty_pool_holds_every_course(tmp_path: Path) -> None:
    files = CatalogueFiles()
    edit("awards_yaml", "electives: {sectors: [digital]}", "electives: {}")(files)
    catalogue = load_catalogue(files.write(tmp_path))
    electives = catalogue.award("cert-data").electives
    assert electives is not None
    assert all(electives.admits(course, "RQF") for course in catalogue.courses.values())


def test_two_hundred_courses_load_quickly(tmp_path: Path) -> None:
    files = CatalogueFiles()
    template = files.course("safe-site")
    files.courses += [dict(template, id=f"bulk-{n}") for n in range(200)]
    folder = files.write(tmp_path)
    load_catalogue(folder)  # warm imports

    started = time.perf_counter()
    catalogue = load_catalogue(folder)
    elapsed = time.perf_counter() - started

    assert len(catalogue.courses) == 204
    assert elapsed < 0.1
