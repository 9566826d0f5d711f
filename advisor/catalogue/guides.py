"""guides/*.md: optional plain-English articles. id = file stem; title = first `# ` heading, else the stem."""

from __future__ import annotations

from typing import Any

GUIDES_DIR = "guides"


def guide_fields(name: str, text: str) -> dict[str, Any]:
    stem = name.rsplit("/", 1)[-1].removesuffix(".md")
    title = stem
    for line in text.splitlines():
        if line.startswith("# ") and line[2:].strip():
            title = line[2:].strip()
            break
    return {"id": stem, "title": title, "body": text}
