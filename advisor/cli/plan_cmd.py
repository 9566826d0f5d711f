from __future__ import annotations

from advisor.cli.common import not_yet


def plan() -> None:
    """Stacking route to an award."""
    not_yet("plan", 3)
