"""Helpers shared by the CLI commands: one-line failures and the catalogue option."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from advisor.config import BUNDLED_CATALOGUE

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
