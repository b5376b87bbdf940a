"""A progress bar on a terminal: letters, letters/s, failures so far, time left.

Quiet when the output is not a terminal (a log, a pipe, a test). The number of letters to
come is estimated in a background thread, so the run starts at once and the ETA appears
when the count is known.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from imrdb.ingest.pipeline import Counts

# Redraw at most this often: a bar update per letter would cost more than some letters.
_UPDATE_SECONDS = 0.2


class Bar:
    """``Progress`` for the pipeline, drawn with rich on ``console``."""

    def __init__(self, console: Console, description: str = "letters"):
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:>6.1f} letters/s"),
            TextColumn("[red]{task.fields[failed]} failed"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self._task = self._progress.add_task(description, total=None, rate=0.0, failed=0)
        self._started = time.monotonic()
        self._drawn = 0.0

    def __enter__(self) -> Bar:
        self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self._progress.stop()

    def set_total(self, total: int) -> None:
        self._progress.update(self._task, total=total)

    def estimate_total(self, count: Callable[[], int]) -> None:
        """Set the total from ``count()`` in the background."""

        def _count() -> None:
            try:
                self.set_total(count())
            except Exception:  # an estimate only: the bar works without a total
                return

        threading.Thread(target=_count, name="imrdb-count", daemon=True).start()

    def update(self, counts: Counts, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._drawn < _UPDATE_SECONDS:
            return
        self._drawn = now
        rate = counts.read / (now - self._started) if now > self._started else 0.0
        self._progress.update(self._task, completed=counts.read, rate=rate, failed=counts.failed)
