"""`advisor eval-understanding`: facts exact-match and act scores on labelled files, beside the old rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from advisor.cli.common import CatalogueOption, fail, load_catalogue_or_fail

if TYPE_CHECKING:
    from advisor.domain.catalogue import Catalogue
    from advisor.understanding.reader import MessageReader

_DATA = Path("tests/data")


def evaluate_understanding(
    facts: Annotated[Path | None, typer.Option(help="fact phrasing table (JSON Lines)")] = None,
    acts: Annotated[
        Path | None, typer.Option(help="labelled utterances never used as examples (JSON Lines)")
    ] = None,
    catalogue: CatalogueOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object")] = False,
    show_misses: Annotated[
        bool, typer.Option("--misses/--no-misses", help="list each wrong fact row")
    ] = True,
) -> None:
    """How well messages are read: facts exact-match, and per-act precision/recall/F1 beside the old rules."""
    from advisor.understanding.baseline import old_rules_act
    from advisor.understanding.evaluate import (
        evaluate_acts,
        evaluate_facts,
        format_report,
        load_jsonl,
        reader_predict,
    )

    facts = facts or (_DATA / "facts_table.jsonl")
    acts = acts or (_DATA / "acts_labelled.jsonl")
    for path in (facts, acts):
        if not path.is_file():
            fail(f"no labelled file at {path}")
    loaded = load_catalogue_or_fail(catalogue)
    reader = _reader(loaded)
    try:
        fact_rows, act_rows = load_jsonl(facts), load_jsonl(acts)
    except ValueError as exc:
        fail(str(exc))
    facts_report = evaluate_facts(reader, fact_rows)
    if not show_misses:
        facts_report.failures = []
    reports = [
        evaluate_acts("reader", reader_predict(reader), act_rows),
        evaluate_acts(
            "old rules",
            lambda row: [
                old_rules_act(row["text"], row.get("role", "learner"), row.get("context") == "courses_shown")
            ],
            act_rows,
        ),
    ]
    if as_json:
        typer.echo(
            json.dumps({"facts": facts_report.to_json(), "acts": [r.to_json() for r in reports]}, indent=2)
        )
    else:
        typer.echo(format_report(facts_report, reports))


def _reader(catalogue: Catalogue) -> MessageReader:
    from advisor.cli.retrieval_cmd import _embedder
    from advisor.understanding.reader import MessageReader

    embedder = _embedder()
    return MessageReader.for_catalogue(catalogue, embedder.name, embedder.encode)
