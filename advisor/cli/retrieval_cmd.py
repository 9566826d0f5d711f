"""`advisor index build`, `advisor match` and `advisor eval`: the retrieval commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from advisor.cli.common import CatalogueOption, fail, load_catalogue_or_fail
from advisor.cli.progress import index_progress

if TYPE_CHECKING:
    from advisor.domain.catalogue import Catalogue
    from advisor.retrieval.embedder import SentenceTransformerEmbedder
    from advisor.retrieval.search import Matcher


def _embedder() -> SentenceTransformerEmbedder:
    from advisor.config import get_settings
    from advisor.retrieval.embedder import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder(get_settings().embedding_model_path or None)
    try:
        embedder.warm_up()
    except (OSError, ValueError) as exc:
        fail(f"cannot load the embedding model: {exc}")
    return embedder


def _matcher(catalogue: Catalogue, *, show_progress: bool) -> Matcher:
    """The matcher for `catalogue`: the saved index, or a rebuilt one (with a progress bar) when needed."""
    from advisor.config import get_settings
    from advisor.retrieval.index import IndexProblem
    from advisor.retrieval.search import Matcher

    embedder = _embedder()
    with index_progress("building index", enabled=show_progress) as (progress, on_total):
        try:
            matcher, _ = Matcher.load(
                catalogue, embedder, get_settings().index_dir, progress=progress, on_total=on_total
            )
        except (IndexProblem, OSError) as exc:
            fail(f"index: {exc}")
    return matcher


def build_index(catalogue: CatalogueOption = None) -> None:
    """(Re)build the vector index for a catalogue, with a progress bar."""
    from advisor.config import get_settings
    from advisor.retrieval.index import IndexProblem, ensure_index

    loaded = load_catalogue_or_fail(catalogue)
    embedder = _embedder()
    with index_progress("embedding", transient=False) as (progress, on_total):
        try:
            ensured = ensure_index(
                loaded, embedder, get_settings().index_dir, force=True, progress=progress, on_total=on_total
            )
        except (IndexProblem, OSError) as exc:
            fail(f"cannot write the index: {exc}")
    manifest = ensured.index.manifest
    typer.echo(
        f"index: {manifest.count} vectors ({manifest.model}, {manifest.dimension}d) in {ensured.folder}"
    )


def match(
    text: Annotated[str, typer.Argument(help="what the person said about themselves")],
    catalogue: CatalogueOption = None,
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="how many courses at most")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Ranked courses for a free-text profile."""
    if not text.strip():
        fail('give a message to match, e.g. advisor match "sparky, 15 years, want to do EV chargers"')
    matcher = _matcher(load_catalogue_or_fail(catalogue), show_progress=not as_json)
    result = matcher.match(text, k=k)
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Courses for: {text}", show_lines=True)
    for column in ("#", "course", "score", "why"):
        table.add_column(column, overflow="fold")
    for i, m in enumerate(result.matches, start=1):
        table.add_row(str(i), f"{m.course.title}\n[dim]{m.course.id}[/dim]", f"{m.score:.3f}", m.why)
    console = Console()
    if result.matches:
        console.print(table)
    if result.message:
        console.print(result.message)


def evaluate(
    file: Annotated[Path, typer.Argument(help="labelled set, JSON Lines")],
    catalogue: CatalogueOption = None,
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="cut-off for Recall@k and nDCG@k")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Retrieval quality on a labelled set, beside BM25-only and dense-only baselines."""
    from advisor.retrieval.evaluate import EvalSetError, evaluate, load_cases

    if not file.is_file():
        fail(f"{file}: no such file")
    loaded = load_catalogue_or_fail(catalogue)
    try:
        cases = load_cases(file, set(loaded.courses))
    except EvalSetError as exc:
        fail(str(exc))
    matcher = _matcher(loaded, show_progress=not as_json)
    report = evaluate(matcher, cases, k)
    if as_json:
        typer.echo(json.dumps(report.to_json()))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{report.cases} cases, k = {k}")
    for column in ("system", f"Recall@{k}", f"nDCG@{k}", "MRR", "ms/query"):
        table.add_column(column, justify="right" if column != "system" else "left")
    for name, score in report.systems.items():
        table.add_row(
            name, f"{score.recall:.3f}", f"{score.ndcg:.3f}", f"{score.mrr:.3f}", f"{score.ms_per_query:.1f}"
        )
    Console().print(table)
