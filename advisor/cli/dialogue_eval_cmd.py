"""`advisor eval-dialogue FILE`: a labelled dialogue set played through the real conversation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.common import CatalogueOption, catalogue_path, fail, load_catalogue_or_fail


def evaluate_dialogue(
    file: Annotated[Path, typer.Argument(help="labelled dialogue set, JSON Lines (one conversation a line)")],
    catalogue: CatalogueOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Play each conversation in a new session and check its answers: cases passed per role, failed checks."""
    from advisor.cli.retrieval_cmd import _matcher
    from advisor.config import get_settings
    from advisor.dialogue.evaluate import DialogueSetError, KnownIds, evaluate, format_report, load_cases
    from advisor.dialogue.wiring import build_conversation

    if not file.is_file():
        fail(f"{file}: no such file")
    loaded = load_catalogue_or_fail(catalogue)
    try:
        cases = load_cases(file, KnownIds.of(loaded))
    except DialogueSetError as exc:
        fail(str(exc))
    # The index folder is named by the catalogue's content hash, so another catalogue gets its own folder
    # under the same index_dir and never replaces the bundled catalogue's index.
    matcher = _matcher(loaded, show_progress=not as_json)
    conversation = build_conversation(loaded, get_settings(), retrieval=matcher)
    report = evaluate(conversation, cases, catalogue=f"{loaded.info.name} ({catalogue_path(catalogue)})")
    if as_json:
        typer.echo(json.dumps({"file": str(file), **report.to_json()}, ensure_ascii=False))
    else:
        typer.echo(format_report(report))
