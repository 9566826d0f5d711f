"""The architecture's boundaries, checked on the source: the domain stays pure, heavy libraries stay in
their adapters."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "advisor"

FRAMEWORKS = (
    "fastapi",
    "starlette",
    "sqlalchemy",
    "alembic",
    "torch",
    "sentence_transformers",
    "faiss",
    "langchain",
    "langchain_core",
    "typer",
    "rich",
    "jinja2",
    "yaml",
    "redis",
    "httpx",
    "uvicorn",
)
ONLY_IN = {
    "sqlalchemy": "store",
    "alembic": "store",
    "torch": "retrieval",
    "sentence_transformers": "retrieval",
    "faiss": "retrieval",
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
            if node.module.startswith("advisor."):
                names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted((PACKAGE / "domain").rglob("*.py")), ids=lambda p: p.name)
def test_domain_imports_no_framework_and_no_adapter(path: Path) -> None:
    imports = imported_modules(path)
    assert not imports & set(FRAMEWORKS), f"{path.name} imports {imports & set(FRAMEWORKS)}"
    outside = {m for m in imports if m.startswith("advisor.") and not m.startswith("advisor.domain")}
    assert not outside, f"{path.name} reaches outside the domain: {outside}"


@pytest.mark.parametrize("library,home", sorted(ONLY_IN.items()))
def test_heavy_libraries_stay_in_their_adapter(library: str, home: str) -> None:
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if library in imported_modules(p) and p.relative_to(PACKAGE).parts[0] != home
    ]
    assert offenders == []
