"""docs/operations.md documents every setting, so an operator never has to read the code to find one."""

from __future__ import annotations

from advisor.config import PROJECT_ROOT, Settings


def test_every_setting_is_in_the_operations_guide() -> None:
    guide = (PROJECT_ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    missing = [name for name in Settings.model_fields if f"ADVISOR_{name.upper()}" not in guide]
    assert missing == []
