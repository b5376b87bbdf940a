"""The output options every command that prints rows shares: ``--format`` and ``-o FILE``.

Formats are declared once, here, with the same names everywhere; each command lists the
ones it can print. JSON rules, the same for every command: ``json`` is one document (an
object, or an array of rows), indented, dates as ISO strings; ``jsonl`` is one compact
object per line and nothing else; ``csv`` is a header row, then one row per line.
"""

from __future__ import annotations

import errno
import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

import click

from imrdb.output import STDOUT, open_output

if TYPE_CHECKING:
    from rich.console import Console

FORMATS = {
    "table": "aligned columns, for people",
    "text": "the case as a reporter prints it",
    "json": "one JSON document, indented",
    "jsonl": "one JSON object per line",
    "csv": "a header row, then one row per line",
    "markdown": "Markdown tables",
    "html": "one self-contained HTML page",
    "parquet": "a Parquet file (binary: -o FILE or a redirect)",
}
BINARY = frozenset({"parquet"})
# Rows printed for people are this wide when the output is not a terminal.
FILE_WIDTH = 120


@dataclass(frozen=True)
class Output:
    """What the user asked for: a format and a target (``-``: stdout)."""

    format: str
    target: str = STDOUT

    @property
    def to_terminal(self) -> bool:
        return self.target == STDOUT and sys.stdout.isatty()

    @contextmanager
    def stream(self) -> Iterator[IO]:
        with open_output(self.target, self.format in BINARY) as stream:
            yield stream

    def console(self, stream: IO, width: int = FILE_WIDTH) -> Console:
        """A rich console writing to ``stream``: colour and the terminal's width on a
        terminal, plain text ``width`` wide elsewhere."""
        from rich.console import Console

        class _Console(Console):
            def on_broken_pipe(self) -> None:  # rich would exit 1; the CLI's rule is one
                raise BrokenPipeError(errno.EPIPE, "Broken pipe")

        if self.to_terminal:
            return _Console(file=stream, highlight=False, soft_wrap=False)
        return _Console(file=stream, highlight=False, width=width, color_system=None)


def output_options(*formats: str, default: str | None = None) -> Callable:
    """``--format`` (one of ``formats``; the first is the default) and ``-o/--output FILE``;
    the command receives them as ``out``, an :class:`Output`."""
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"formats not declared in imrdb.cli.output.FORMATS: {unknown}")
    listed = "; ".join(f"{name}: {FORMATS[name]}" for name in formats)

    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def wrapper(*args, fmt: str, output: str, **kwargs):
            return command(*args, out=Output(fmt, output), **kwargs)

        wrapper = click.option(
            "-o",
            "--output",
            default=STDOUT,
            metavar="FILE",
            help="File to write, or - for stdout (default). A symlink or device is written "
            "into, not replaced.",
        )(wrapper)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(formats),
            default=default or formats[0],
            show_default=True,
            help=f"Output format ({listed}).",
        )(wrapper)

    return decorate
