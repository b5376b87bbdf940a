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
from imrdb.errors import ImrdbError
from imrdb.export import BINARY_FORMATS, FORMATS, TABLES, export
from imrdb.export.selection import ALL


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


@click.command("export")
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
def export_command(app: App, fmt: str, table: str | None, output: str) -> None:
    """Export decisions: jsonl prints the contract record of each case; csv and parquet
    write a tidy table. Rows carry case_number and ordinal, so `imrdb show` finds them."""
    if fmt == "jsonl" and table:
        raise ImrdbError("--table applies to csv and parquet; jsonl prints whole case records")
    selection = ALL
    engine = app.engine()
    try:
        with output_stream(output, fmt in BINARY_FORMATS) as stream, engine.connect() as conn:
            export(conn, fmt, stream, selection, table or "decisions")
    except BrokenPipeError:
        # The reader stopped early (`| head`): not an error. Point stdout at nothing so the
        # interpreter's final flush does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


COMMANDS = [export_command]
