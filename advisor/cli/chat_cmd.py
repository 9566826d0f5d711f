from __future__ import annotations

from advisor.cli.common import not_yet


def chat() -> None:
    """A conversation in the terminal."""
    not_yet("chat", 5)
