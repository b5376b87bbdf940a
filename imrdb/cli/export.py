"""``imrdb export``: selected decisions as JSON lines, CSV or Parquet, streamed."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import click

from imrdb.cli.context import App, pass_app
from imrdb.cli.search import request_from, search_options
from imrdb.errors import ImrdbError
from imrdb.export import BINARY_FORMATS, FORMATS, TABLES, export
from imrdb.search import SearchRequest, Selection, matching


def selected(app: App, query: tuple[str, ...], options: dict) -> Selection:
    """The decisions ``imrdb search`` would find with the same QUERY and filters (checked
    before the database is opened, so a bad query is reported first)."""
    request: SearchRequest = request_from(query, options)
    request.plan()
    return matching(request, app.engine().dialect.name)


@contextmanager
def output_stream(target: str, binary: bool) -> Iterator[IO]:
    """stdout for ``-``; otherwise a file written beside its name and renamed into place
    when complete, so an interrupted export never leaves a truncated file behind."""
    if target == "-":
        if binary and sys.stdout.isatty():
            raise ImrdbError("Parquet is binary: give -o FILE or redirect the output")
        stream = sys.stdout.buffer if binary else sys.stdout
        yield stream
        stream.flush()
        return
    path = Path(target)
    partial = path.with_name(path.name + ".partial")
    try:
        with (
            open(partial, "wb") if binary else open(partial, "w", encoding="utf-8", newline="")
        ) as stream:
            yield stream
        os.replace(partial, path)
    except OSError as exc:
        raise ImrdbError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def reader_may_stop() -> Iterator[None]:
    """A reader that stops early (``| head``) is not an error. stdout is pointed at nothing
    so the interpreter's final flush does not complain either."""
    try:
        yield
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


@click.command("export", context_settings={"ignore_unknown_options": True})
@search_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option(
    "--table",
    type=click.Choice(list(TABLES)),
    help="For csv and parquet: decisions (default; one row per decision with its case's "
    "fields), cases or citations.",
)
@click.option(
    "-o", "--output", default="-", metavar="FILE", help="File to write, or - for stdout (default)."
)
@pass_app
def export_command(
    app: App, query: tuple[str, ...], fmt: str, table: str | None, output: str, **options
) -> None:
    """Export the decisions a search finds (all without QUERY or filters): jsonl prints the
    contract record of each case; csv and parquet write a tidy table. Rows carry case_number
    and ordinal, so `imrdb show` finds them again."""
    if fmt == "jsonl" and table:
        raise ImrdbError("--table applies to csv and parquet; jsonl prints whole case records")
    selection = selected(app, query, options)
    engine = app.engine()
    with (
        reader_may_stop(),
        output_stream(output, fmt in BINARY_FORMATS) as stream,
        engine.connect() as conn,
    ):
        export(conn, fmt, stream, selection, table or "decisions")
