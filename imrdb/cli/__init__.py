"""The ``imrdb`` command: thin commands that parse options, call one function and print.

Domain errors (``ImrdbError``), database errors and failed writes (a full disk) become
one-line messages and exit status 1, never tracebacks; a reader that stops early (``| head``)
is not an error.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import importlib
import os
import re
import sys

import click

from imrdb.cli.context import pass_app
from imrdb.errors import ImrdbError

# Command name -> ("module:attribute", short help). Commands are imported when used, so
# `imrdb show` does not pay for the extractors, the report renderer or pyarrow, and
# `imrdb --help` for none of them.
COMMANDS = {
    "datasette": (
        "imrdb.cli.datasette:datasette_command",
        "Make a SQLite database searchable in Datasette.",
    ),
    "db": ("imrdb.cli.db:db_group", "Schema migrations (Alembic)."),
    "eval": ("imrdb.cli.evaluate:eval_command", "Score the parser on a folder with a truth.jsonl."),
    "export": ("imrdb.cli.export:export_command", "Export records or tidy tables."),
    "facets": ("imrdb.cli.search:facets_command", "Facet counts for a query and filters."),
    "failures": ("imrdb.cli.ingest:failures", "What could not be ingested, and why."),
    "ingest": ("imrdb.cli.ingest:ingest", "Store letters from files, folders and archives."),
    "reparse": ("imrdb.cli.ingest:reparse", "Re-derive stored letters with the current parser."),
    "runs": ("imrdb.cli.ingest:runs", "Ingest and reparse runs, and how each ended."),
    "report": ("imrdb.cli.report:report_command", "Counts and uphold/overturn rates, grouped."),
    "search": ("imrdb.cli.search:search_command", "Full-text and faceted search of decisions."),
    "serve": ("imrdb.cli.serve:serve", "The web pages and JSON API, read-only."),
    "show": ("imrdb.cli.records:show", "One case, as a reporter prints it."),
}


# Longer than any path, case number or query a person types: past it, a message, not work.
MAX_ARGUMENT = 4096
_MISSING = re.compile(r'no such table: (\w+)|relation "(\w+)" does not exist')


def _quiet_stdout() -> None:
    """Point stdout at nothing, so the interpreter's final flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError):  # no real stdout (click's test runner)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def one_line(exc: Exception) -> str | None:
    """The message for a database error or a failed write; None for anything else."""
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, DBAPIError):
        reason = str(exc.orig or exc).strip().splitlines()[0]
        missing = _MISSING.search(reason)
        if missing:
            name = missing[1] or missing[2]
            return (
                f"the database lacks {name} (changed outside imrdb, or damaged): restore it "
                "from a backup, or ingest the letters again into a new database"
            )
        return f"database error: {reason}"
    if isinstance(exc, OSError):  # a file names itself; a stream write names nothing
        where = exc.filename if exc.filename else "cannot write the output"
        return f"{where}: {exc.strerror or exc}"
    return None


class ImrdbGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attribute = COMMANDS[name][0].split(":")
        command = getattr(importlib.import_module(module), attribute)
        if not gc.isenabled():  # main() turned the collector off while the modules load
            gc.freeze()
            gc.enable()
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][1]) for name in sorted(COMMANDS)])

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        for arg in args:
            if len(arg) > MAX_ARGUMENT:
                raise click.ClickException(
                    f"an argument of {len(arg):,} characters ({arg[:20]}...): "
                    f"imrdb takes at most {MAX_ARGUMENT:,}"
                )
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context):
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full device fails here, not at the interpreter's exit
            return result
        except ImrdbError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            if exc.filename is None:  # a write to stdout: what is still buffered cannot go
                _quiet_stdout()
            if exc.errno == errno.EPIPE:
                ctx.exit(0)
            raise click.ClickException(one_line(exc) or str(exc)) from None
        except Exception as exc:
            message = one_line(exc)
            if message is None:
                raise
            raise click.ClickException(message) from None


@click.group(cls=ImrdbGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    metavar="PATH|URL",
    help="SQLite file or SQLAlchemy URL (default: $IMRDB_DATABASE_URL, else ./imrdb.sqlite).",
)
@click.version_option(package_name="imrdb")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """A searchable database of California workers' compensation IMR decisions."""
    from imrdb.cli.context import App

    ctx.obj = App(db)


def main() -> None:
    """The ``imrdb`` program: one command per process.

    What the command's modules build when imported (SQLAlchemy's and imrdb's ~50,000
    objects) lives until exit, so the collector is off while they load and they are then
    frozen out of its sight (``gc.freeze``): full collections walked them while a search
    printed and again at exit, a sixth of its start-up. ``cli`` called in-process (tests,
    library use) leaves the collector alone.
    """
    gc.disable()
    cli()


__all__ = ["cli", "main", "pass_app"]
