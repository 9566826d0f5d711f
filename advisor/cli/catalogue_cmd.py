from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.common import not_yet


def validate(path: Annotated[Path, typer.Argument(help="catalogue folder")]) -> None:
    """Check a catalogue folder; print every problem as FILE:LINE: FIELD: message."""
    not_yet("catalogue validate", 2)
