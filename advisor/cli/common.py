"""Helpers shared by the CLI commands: one-line failures and the catalogue option."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from advisor.config import BUNDLED_CATALOGUE

if TYPE_CHECKING:
    from advisor.domain.catalogue import Catalogue

CatalogueOption = Annotated[
    Path | None,
    typer.Option("--catalogue", help="catalogue folder (default: $ADVISOR_CATALOGUE or the bundled one)"),
]


def catalogue_path(option: Path | None) -> Path:
    if option is not None:
        return option
    from_env = os.environ.get("ADVISOR_CATALOGUE")
    return Path(from_env) if from_env else BUNDLED_CATALOGUE


def fail(message: str) -> NoReturn:
    """Print one line to stderr and exit 1: how every CLI failure ends."""
    typer.echo(f"advisor: {message}", err=True)
    raise typer.Exit(1)


def not_yet(command: str, issue: int) -> NoReturn:
    fail(f"`advisor {command}` is not available yet (planned in issue {issue})")


def load_catalogue_or_fail(option: Path | None) -> Catalogue:
    """The catalogue named by --catalogue / $ADVISOR_CATALOGUE / the bundled one, or a one-line failure."""
    from advisor.catalogue import CatalogueInvalid, load_catalogue

    path = catalogue_path(option)
    if not path.is_dir():
        fail(f"no catalogue folder at {path}")
    try:
        return load_catalogue(path)
    except CatalogueInvalid as invalid:
        count = len(invalid.problems)
        first = invalid.problems[0] if invalid.problems else "unknown problem"
        fail(
            f"catalogue {path} is invalid ({count} problem{'' if count == 1 else 's'}; first: {first}); "
            f"run `advisor catalogue validate {path}`"
        )
