"""``imrdb ingest``, ``imrdb failures`` and ``imrdb reparse``: letters in, and what failed."""

from __future__ import annotations

import csv
import shlex
import sys
from contextlib import nullcontext

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from imrdb.cli.context import App, pass_app
from imrdb.cli.output import Output, output_options
from imrdb.db import ingest_log, parse_warnings
from imrdb.errors import ImrdbError
from imrdb.extract import EXTRACTORS, pdfium_backend
from imrdb.ingest import run, sources
from imrdb.ingest.pathnames import to_stored
from imrdb.ingest.pipeline import BATCH_SIZE
from imrdb.ingest.progress import Bar
from imrdb.ingest.worker import EXTRACT_TIMEOUT_S
from imrdb.output import dumps, write_json_array, write_jsonl

# Exit status of a run stopped with Ctrl-C, as shells report SIGINT.
INTERRUPTED = 130
FAILURE_COLUMNS = ("path", "member", "stage", "reason")
FAILURE_CSV_COLUMNS = (
    "path",
    "member",
    "sha256",
    "size",
    "stage",
    "reason",
    "run_id",
    "recorded_at",
)
WARNING_COLUMNS = ("path", "member", "case_number", "field", "reason")


def _jobs_option(f):
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=None,
        help="Worker processes (default: one per core).",
    )(f)


def _common_options(f):
    f = click.option(
        "--batch-size",
        type=click.IntRange(min=1),
        default=BATCH_SIZE,
        show_default=True,
        help="Letters stored per transaction.",
    )(f)
    f = click.option(
        "--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Summary."
    )(f)
    return _jobs_option(f)


def _bar(description: str):
    """A progress bar on stderr when it is a terminal, else nothing."""
    if not sys.stderr.isatty():
        return nullcontext(None)
    return Bar(Console(stderr=True), description)


def _finish(summary: run.Summary, fmt: str, bar: Bar | None, strict: bool) -> None:
    if bar is not None:
        bar.update(summary.counts, force=True)
    click.echo(dumps(summary.as_dict()) if fmt == "json" else summary.line())
    if summary.status != "completed":
        sys.exit(INTERRUPTED)
    if strict and summary.counts.failed:
        sys.exit(1)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=str))
@click.option(
    "--extractor",
    type=click.Choice(sorted(EXTRACTORS)),
    default="pdfminer",
    show_default=True,
    help="pdfminer (pdfminer.six, the reference) or pdfium (pypdfium2, much faster).",
)
@click.option("--strict", is_flag=True, help="Exit 1 if any file failed.")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=EXTRACT_TIMEOUT_S,
    show_default=True,
    help="Seconds one file may take to extract; past it the file is listed as failed.",
)
@_common_options
@pass_app
def ingest(
    app: App,
    paths: tuple[str, ...],
    extractor: str,
    strict: bool,
    time_limit: float,
    jobs: int | None,
    batch_size: int,
    fmt: str,
) -> None:
    """Store the letters in PATHS: PDF or .txt files, folders, .zip/.tar(.gz) archives.

    A file stored before is counted unchanged; a file that cannot be stored is listed by
    `imrdb failures`. Exit status 0 when the run completed, even if files failed.
    """
    if extractor == "pdfium" and not pdfium_backend.available():
        raise ImrdbError("the pdfium extractor needs pypdfium2: pip install 'imrdb[pdfium]'")
    engine = app.engine(migrate=True)
    with _bar("ingest") as bar:
        if bar is not None:
            bar.estimate_total(lambda: sources.estimate_count(paths))
        summary = run.ingest(
            engine,
            paths,
            jobs=jobs,
            extractor=extractor,
            batch_size=batch_size,
            progress=bar,
            arguments=to_stored(shlex.join(paths)),
            time_limit=time_limit,
        )
        _finish(summary, fmt, bar, strict)


@click.command()
@click.option("--all", "every", is_flag=True, help="Parse every stored letter again.")
@click.option("--strict", is_flag=True, help="Exit 1 if any letter failed to parse.")
@_common_options
@pass_app
def reparse(
    app: App, every: bool, strict: bool, jobs: int | None, batch_size: int, fmt: str
) -> None:
    """Parse stored text again with the current parser (no PDF extraction).

    Takes the letters an older parser version read and those listed as parse failures;
    the failures that now parse are cleared.
    """
    engine = app.engine()
    with _bar("reparse") as bar:
        summary = run.reparse(
            engine,
            every=every,
            jobs=jobs,
            batch_size=batch_size,
            progress=bar,
            arguments="--all" if every else None,
        )
        _finish(summary, fmt, bar, strict)


@click.command()
@output_options("table", "json", "jsonl", "csv")
@click.option("--stage", type=click.Choice(ingest_log.STAGES), help="Only failures at STAGE.")
@click.option(
    "--warnings",
    "show_warnings",
    is_flag=True,
    help="List the stored letters' parse warnings (facts left unread, and why) instead.",
)
@pass_app
def failures(app: App, out: Output, stage: str | None, show_warnings: bool) -> None:
    """List the files that could not be stored, and why."""
    with app.engine().connect() as conn, out.stream() as stream:
        if show_warnings:
            rows = parse_warnings.iter_warnings(conn)
            columns, noun = WARNING_COLUMNS, "warning"
        else:
            rows = ingest_log.iter_failures(conn, stage)
            columns, noun = FAILURE_CSV_COLUMNS, "failure"
        if out.format == "json":
            write_json_array(rows, stream)
        elif out.format == "jsonl":
            write_jsonl(rows, stream)
        elif out.format == "csv":
            writer = csv.DictWriter(stream, columns, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        else:
            _table(rows, out, stream, noun, WARNING_COLUMNS if show_warnings else FAILURE_COLUMNS)


def _table(rows, out: Output, stream, noun: str, columns: tuple[str, ...]) -> None:
    table = Table(*columns, box=None, pad_edge=False)
    count = 0
    for row in rows:
        # Text, not markup: a file named "[red]x.pdf" is shown as it is named.
        table.add_row(*(Text(str(row[c]) if row[c] is not None else "") for c in columns))
        count += 1
    if count:  # a pipe or file gets whole lines, however long the paths
        out.console(stream, width=10_000).print(table)
    stream.write(f"{count} {noun}{'s' if count != 1 else ''}\n")


@click.command()
@output_options("table", "json", "jsonl")
@pass_app
def runs(app: App, out: Output) -> None:
    """List ingest and reparse runs, newest first (a run whose process died: interrupted)."""
    with app.engine().connect() as conn, out.stream() as stream:
        rows = ingest_log.iter_runs(conn)
        if out.format == "json":
            write_json_array(rows, stream)
            return
        if out.format == "jsonl":
            write_jsonl(rows, stream)
            return
        table = Table("id", "command", "status", "started", "counts", box=None, pad_edge=False)
        for row in rows:
            counts = row["counts"] or {}
            summary = ", ".join(
                f"{k} {counts[k]}" for k in ("read", "stored", "failed") if k in counts
            )
            started = row["started_at"].isoformat(sep=" ", timespec="seconds")
            table.add_row(str(row["id"]), Text(row["command"]), row["status"], started, summary)
        out.console(stream, width=10_000).print(table)
