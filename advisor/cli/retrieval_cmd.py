"""`advisor index build`, `advisor match` and `advisor eval`: the retrieval commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from advisor.cli.common import CatalogueOption, catalogue_path, fail

if TYPE_CHECKING:
    from rich.console import Console

    from advisor.domain.catalogue import Catalogue
    from advisor.retrieval.search import Matcher


def _catalogue(option: Path | None) -> Catalogue:
    from advisor.catalogue import CatalogueInvalid, load_catalogue

    path = catalogue_path(option)
    if not path.is_dir():
        fail(f"no catalogue folder at {path}")
    try:
        return load_catalogue(path)
    except CatalogueInvalid as invalid:
        first = invalid.problems[0] if invalid.problems else "invalid"
        fail(
            f"catalogue {path} is invalid ({len(invalid.problems)} problems; first: {first}); "
            f"run `advisor catalogue validate {path}`"
        )


def _matcher(catalogue: Catalogue, *, show_progress: bool) -> Matcher:
    """The matcher for `catalogue`, loading its saved index or rebuilding it (with a progress bar)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from advisor.config import get_settings
    from advisor.retrieval.embedder import SentenceTransformerEmbedder
    from advisor.retrieval.index import IndexProblem
    from advisor.retrieval.search import Matcher

    settings = get_settings()
    embedder = SentenceTransformerEmbedder(settings.embedding_model_path or None)
    try:
        embedder.warm_up()
    except (OSError, ValueError) as exc:
        fail(f"cannot load the embedding model: {exc}")
    with Progress(
        TextColumn("building index"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
        disable=not show_progress,
        console=_stderr_console(),
    ) as bar:
        task = bar.add_task("index", total=None)
        try:
            matcher, _ = Matcher.load(
                catalogue,
                embedder,
                settings.index_dir,
                progress=lambda n: bar.advance(task, n),
                on_total=lambda total: bar.update(task, total=total),
            )
        except (IndexProblem, OSError) as exc:
            fail(f"index: {exc}")
    return matcher


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def build_index(catalogue: CatalogueOption = None) -> None:
    """(Re)build the vector index for a catalogue, with a progress bar."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from advisor.config import get_settings
    from advisor.retrieval.embedder import SentenceTransformerEmbedder
    from advisor.retrieval.index import IndexProblem, ensure_index

    loaded = _catalogue(catalogue)
    settings = get_settings()
    embedder = SentenceTransformerEmbedder(settings.embedding_model_path or None)
    try:
        embedder.warm_up()
    except (OSError, ValueError) as exc:
        fail(f"cannot load the embedding model: {exc}")
    with Progress(
        TextColumn("embedding"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=_stderr_console(),
    ) as bar:
        task = bar.add_task("embed", total=None)
        try:
            ensured = ensure_index(
                loaded,
                embedder,
                settings.index_dir,
                force=True,
                progress=lambda n: bar.advance(task, n),
                on_total=lambda total: bar.update(task, total=total),
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
    matcher = _matcher(_catalogue(catalogue), show_progress=not as_json)
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
    loaded = _catalogue(catalogue)
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
