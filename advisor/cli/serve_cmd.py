from __future__ import annotations

from advisor.cli.common import not_yet


def serve() -> None:
    """Start the web service (page + API)."""
    not_yet("serve", 5)
