"""`advisor catalogue validate PATH` as a college would run it."""

from __future__ import annotations

import re
from pathlib import Path

from catalogue_factory import CatalogueFiles
from typer.testing import CliRunner

from advisor.cli import app

runner = CliRunner()
PROBLEM_LINE = re.compile(r"^[\w./-]+:\d+: [\w.]+: .+$")


def test_valid_catalogue_prints_one_summary_line_and_exits_0(tmp_path: Path) -> None:
    folder = CatalogueFiles().write(tmp_path)

    result = runner.invoke(app, ["catalogue", "validate", str(folder)])

    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "ok: 4 courses, 2 awards, 2 funding schemes, 1 guides (Test College, version 1.0)"
    ]


def test_broken_catalogue_prints_every_problem_and_a_count(tmp_path: Path) -> None:
    files = CatalogueFiles()
    files.course("intro-python")["notional_hours"] = "120"
    files.course("safe-site")["delivery_mode"] = "distance"
    folder = files.write(tmp_path)

    result = runner.invoke(app, ["catalogue", "validate", str(folder)])

    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == [
        "courses.csv:2: credits: 15 credits need 150 notional hours, found 120",
        "courses.csv:5: delivery_mode: `distance` is not one of online, blended, in_person",
    ]
    assert all(PROBLEM_LINE.match(line) for line in lines)
    assert result.stderr.strip() == "2 problems"


def test_missing_file_is_reported_as_a_problem(tmp_path: Path) -> None:
    folder = CatalogueFiles(funding_yaml=None).write(tmp_path)

    result = runner.invoke(app, ["catalogue", "validate", str(folder)])

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "funding.yaml:0: file: missing: every catalogue folder needs this file"
    ]


def test_missing_path_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["catalogue", "validate", str(tmp_path / "nowhere")])

    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "no catalogue folder" in result.stderr


def test_a_file_instead_of_a_folder_is_one_line_and_exit_1(tmp_path: Path) -> None:
    stray = tmp_path / "courses.csv"
    stray.write_text("id\n")

    result = runner.invoke(app, ["catalogue", "validate", str(stray)])

    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert "not a folder" in result.stderr
