"""A progress bar for index builds, shown on stderr and only when there is something to build."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def index_progress(
    label: str = "building index", *, enabled: bool = True, transient: bool = True
) -> Iterator[tuple[Callable[[int], None], Callable[[int], None]]]:
    """Yields (advance, set_total) callbacks for `ensure_index`/`Matcher.load`."""
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=transient, disable=not enabled, console=Console(stderr=True)) as bar:
        task = bar.add_task(label, total=None)
        yield (lambda n: bar.advance(task, n)), (lambda total: bar.update(task, total=total))
