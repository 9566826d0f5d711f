"""`advisor catalogue validate PATH`: check a catalogue folder and print every problem."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advisor.catalogue import CatalogueInvalid, load_catalogue
from advisor.cli.common import fail


def validate(path: Annotated[Path, typer.Argument(help="catalogue folder")]) -> None:
    """Check a catalogue folder; print every problem as FILE:LINE: FIELD: message."""
    if not path.exists():
        fail(f"no catalogue folder at {path}")
    if not path.is_dir():
        fail(f"{path} is not a folder (a catalogue is a folder with catalogue.yaml, courses.csv, ...)")
    try:
        catalogue = load_catalogue(path)
    except CatalogueInvalid as invalid:
        for problem in invalid.problems:
            typer.echo(str(problem))
        count = len(invalid.problems)
        typer.echo(f"{count} problem{'' if count == 1 else 's'}", err=True)
        raise typer.Exit(1) from None
    info = catalogue.info
    typer.echo(f"ok: {catalogue.summary_line()} ({info.name}, version {info.version})")
