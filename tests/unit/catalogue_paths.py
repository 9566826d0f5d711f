"""Where the second test catalogue is: a fictional Scottish college (the bundled one is in advisor.config)."""

from __future__ import annotations

from advisor.config import PROJECT_ROOT

SECOND_CATALOGUE = PROJECT_ROOT / "tests" / "data" / "catalogues" / "glen-ardair"
