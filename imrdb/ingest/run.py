"""``ingest`` and ``reparse`` as library calls: one ``ingest_runs`` row each, a summary out.

Ctrl-C stops a run cleanly: once the batch being written is stored (a second Ctrl-C: rolled
back; whole letters or none either way), the run is recorded as interrupted with counts that
say exactly what it stored, and running the same command again finishes the job.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from imrdb.db import ingest_log
from imrdb.db.engine import write_transaction
from imrdb.errors import DatabaseUnavailable
from imrdb.ingest import plan, sources
from imrdb.ingest.pipeline import BATCH_SIZE, Counts, Entry, Pipeline, Progress, cores
from imrdb.ingest.worker import EXTRACT_TIMEOUT_S
from imrdb.ingest.writer import Writer, first_line
from imrdb.parse import PARSER_VERSION
from imrdb.search import count_terms


@dataclass(frozen=True)
class Summary:
    run_id: int
    command: str
    status: str  # completed | interrupted
    counts: Counts
    elapsed: float
    startup: float  # until the first worker result: pool start-up and one letter

    @property
    def steady_letters_per_second(self) -> float:
        """The rate once the workers are up: what a million letters see."""
        busy = self.elapsed - self.startup
        return (self.counts.read - 1) / busy if busy > 0 and self.counts.read > 1 else 0.0

    @property
    def letters_per_second(self) -> float:
        return self.counts.read / self.elapsed if self.elapsed > 0 else 0.0

    def as_dict(self) -> dict:
        return {
            "run_id": self.run_id,
            "command": self.command,
            "status": self.status,
            **self.counts.as_dict(),
            "elapsed_seconds": round(self.elapsed, 3),
            "startup_seconds": round(self.startup, 3),
            "letters_per_second": round(self.letters_per_second, 2),
            "steady_letters_per_second": round(self.steady_letters_per_second, 2),
        }

    def line(self) -> str:
        c = self.counts
        text = (
            f"read {c.read}, stored {c.stored}, updated {c.updated}, unchanged {c.unchanged}, "
            f"failed {c.failed}"
        )
        if c.warned:
            text += f" ({c.warned} with parse warnings: imrdb failures --warnings)"
        if c.kept:
            text += (
                f", kept {c.kept} (less complete than the stored record, which stays: "
                "imrdb failures --warnings)"
            )
        if c.skipped:
            text += f", skipped {c.skipped} (not letters)"
        text += f" in {self.elapsed:.1f} s ({self.letters_per_second:.1f} letters/s)"
        return text if self.status == "completed" else f"{text}; interrupted"


def _execute(
    engine: Engine,
    command: str,
    arguments: str | None,
    extractor: str,
    jobs: int | None,
    batch_size: int,
    progress: Progress | None,
    entries,
    time_limit: float = EXTRACT_TIMEOUT_S,
) -> Summary:
    """Run ``entries(pipeline)`` through a pipeline, bracketed by an ``ingest_runs`` row."""
    started, cpu = time.monotonic(), time.process_time()
    try:
        with write_transaction(engine) as conn:
            run_id = ingest_log.start_run(conn, command, arguments, extractor, PARSER_VERSION)
    except DBAPIError as exc:  # a full disk, a read-only file: one line, not a traceback
        raise DatabaseUnavailable(f"cannot write to the database: {first_line(exc)}") from None
    writer = Writer(engine, run_id, PARSER_VERSION)
    pipeline = Pipeline(
        engine,
        writer,
        jobs or cores(),
        extractor,
        batch_size,
        progress=progress,
        time_limit=time_limit,
    )
    status = "failed"  # until the run ends on its own or with Ctrl-C
    try:
        pipeline.run(entries(pipeline))
        status = "completed"
    except KeyboardInterrupt:
        status = "interrupted"
        pipeline.kill()  # first, so a second Ctrl-C below leaves no worker behind
    except BaseException:
        pipeline.kill()
        raise
    finally:
        try:
            _finish(engine, run_id, pipeline, status, cpu)
        except KeyboardInterrupt:  # a second Ctrl-C: stop now (the run shows as interrupted)
            pipeline.kill()
            raise
        except DBAPIError as exc:
            if status != "failed":  # else the error that stopped the run says more: keep it
                raise DatabaseUnavailable(f"cannot record the run: {first_line(exc)}") from None
    if status == "completed" and pipeline.counts.stored + pipeline.counts.updated:
        _count_terms(engine)
    ended = time.monotonic()
    first = pipeline.first_result_at
    startup = (first - started) if first is not None else ended - started
    return Summary(run_id, command, status, pipeline.counts, ended - started, startup)


def _count_terms(engine: Engine) -> None:
    """The frequent terms' facet counts brought up to date (:mod:`imrdb.search.count_terms`):
    until then, searches group those terms' hits, exact but slower."""
    try:
        count_terms.refresh(engine)
    except DBAPIError as exc:
        raise DatabaseUnavailable(
            f"letters stored; counting the frequent terms' facets failed ({first_line(exc)}): "
            "`imrdb db count-terms` counts them"
        ) from None


def _finish(engine: Engine, run_id: int, pipeline: Pipeline, status: str, cpu: float) -> None:
    pipeline.close()
    parent = time.process_time() - cpu
    if pipeline.parse_in_parent:  # counted as parsing, not as the parent's own work
        parent -= pipeline.counts.parse_seconds
    pipeline.counts.parent_seconds = parent
    with write_transaction(engine) as conn:
        ingest_log.finish_run(conn, run_id, status, pipeline.counts.as_dict())


def ingest(
    engine: Engine,
    paths: Sequence[str | os.PathLike],
    *,
    jobs: int | None = None,
    extractor: str = "pdfminer",
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    arguments: str | None = None,
    time_limit: float = EXTRACT_TIMEOUT_S,
) -> Summary:
    """Store every letter under ``paths``; record every file that cannot be stored.
    ``time_limit``: seconds one file may take to extract."""

    def entries(pipeline: Pipeline) -> Iterable[Entry]:
        return plan.ingest_entries(engine, sources.iter_items(paths), pipeline.claim)

    return _execute(
        engine, "ingest", arguments, extractor, jobs, batch_size, progress, entries, time_limit
    )


def reparse(
    engine: Engine,
    *,
    every: bool = False,
    jobs: int | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    arguments: str | None = None,
) -> Summary:
    """Parse stored text again (no extraction): documents an older parser read, or whose
    text did not parse (``every``: all of them)."""
    targets = plan.reparse_targets(engine, PARSER_VERSION, every)
    if progress is not None and hasattr(progress, "set_total"):
        progress.set_total(len(targets))

    def entries(_pipeline: Pipeline) -> Iterable[Entry]:
        return plan.reparse_entries(engine, targets)

    return _execute(engine, "reparse", arguments, "stored", jobs, batch_size, progress, entries)
