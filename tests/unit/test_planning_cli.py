"""`advisor plan`: plain-English route, the POST /api/plan JSON, and one-line failures."""

from __future__ import annotations

import json

import pytest
from engine_builders import award, catalogue, course, group, pool
from typer.testing import CliRunner

from advisor.cli import app, plan_cmd
from advisor.domain.catalogue import Catalogue

API_FIELDS = {
    "award_id",
    "credits_required",
    "credits_counted",
    "rpl_credits_used",
    "credits_remaining",
    "complete",
    "unmet",
    "suggested",
    "weeks_to_finish",
    "cost_gbp",
}


@pytest.fixture
def test_catalogue(monkeypatch: pytest.MonkeyPatch) -> Catalogue:
    cat = catalogue(
        [
            course("core", cost=900),
            course("heat", sector="green-energy", cost=300),
            course("extra", cost=100),
            course("low", level=3, cost=50),
        ],
        [
            award(
                credits=45,
                required=("core",),
                choose=(group(15, sectors=["green-energy"]),),
                electives=pool(min_level=4),
                rpl=0.5,
            )
        ],
    )
    monkeypatch.setattr(plan_cmd, "load_catalogue_or_fail", lambda option: cat)
    return cat


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["plan", *args])


def test_json_has_the_api_fields_and_a_plan_that_completes(test_catalogue: Catalogue) -> None:
    result = run("--award", "hnc-test", "--done", "core,low", "--json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert set(body) >= API_FIELDS
    assert body["credits_counted"] == 15
    assert body["credits_remaining"] == 30
    assert body["complete"] is False
    assert sorted(body["suggested"]) == ["extra", "heat"]
    assert body["cost_gbp"] == 400
    assert body["weeks_to_finish"] == 10
    low = next(p for p in body["placements"] if p["course_id"] == "low")
    assert low["counted"] is False and "level 3 is below the level 4" in low["explanation"]


def test_rpl_is_used_only_as_far_as_needed(test_catalogue: Catalogue) -> None:
    body = json.loads(
        run("--award", "hnc-test", "--done", "core,heat", "--rpl-credits", "30", "--json").stdout
    )
    assert body["rpl_credits_used"] == 15
    assert body["credits_counted"] == 45
    assert body["complete"] is True
    assert body["suggested"] == []


def test_plain_english_route(test_catalogue: Catalogue) -> None:
    result = run("--award", "hnc-test", "--done", "core", "--hours-per-week", "6")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "core (15 credits): counts as a required course" in text
    assert "Still needed:" in text
    assert "Suggested cheapest route, in order:" in text
    assert "Total fee for the suggested courses: £400.00" in text
    assert "Weeks to finish: 20" in text  # 6 hours a week: one course at a time


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--award", "nope"], "advisor: unknown award 'nope'"),
        (["--award", "hnc-test", "--done", "core,ghost"], "advisor: unknown course 'ghost'"),
        (["--award", "hnc-test", "--rpl-credits", "-5"], "advisor: --rpl-credits cannot be negative"),
        (
            ["--award", "hnc-test", "--objective", "fastest"],
            "advisor: --objective must be cheapest or quickest",
        ),
        (["--award", "hnc-test", "--hours-per-week", "0"], "advisor: --hours-per-week must be more than 0"),
    ],
)
def test_bad_input_fails_with_one_line(test_catalogue: Catalogue, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1


def test_invalid_catalogue_fails_with_one_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "catalogue.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    result = run("--award", "x", "--catalogue", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"advisor: catalogue {tmp_path} is invalid")
    assert len(result.stderr.strip().splitlines()) == 1
