"""The ``imrdb`` command: thin commands that parse options, call one function and print.

Domain errors (``ImrdbError``) become one-line messages and exit status 1, never tracebacks.
"""

from __future__ import annotations

import importlib

import click

from imrdb.cli.context import pass_app
from imrdb.errors import ImrdbError

# Command name -> ("module:attribute", short help). Commands are imported when used, so
# `imrdb show` does not pay for the extractors, the report renderer or pyarrow, and
# `imrdb --help` for none of them.
COMMANDS = {
    "db": ("imrdb.cli.db:db_group", "Schema migrations (Alembic)."),
    "eval": ("imrdb.cli.evaluate:eval_command", "Score the parser on a folder with a truth.jsonl."),
    "export": ("imrdb.cli.export:export_command", "Export records or tidy tables."),
    "facets": ("imrdb.cli.search:facets_command", "Facet counts for a query and filters."),
    "failures": ("imrdb.cli.ingest:failures", "What could not be ingested, and why."),
    "ingest": ("imrdb.cli.ingest:ingest", "Store letters from files, folders and archives."),
    "reparse": ("imrdb.cli.ingest:reparse", "Re-derive stored letters with the current parser."),
    "report": ("imrdb.cli.report:report_command", "Counts and uphold/overturn rates, grouped."),
    "search": ("imrdb.cli.search:search_command", "Full-text and faceted search of decisions."),
    "serve": ("imrdb.cli.serve:serve", "The web pages and JSON API, read-only."),
    "show": ("imrdb.cli.records:show", "One case, as a reporter prints it."),
}


class ImrdbGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attribute = COMMANDS[name][0].split(":")
        return getattr(importlib.import_module(module), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][1]) for name in sorted(COMMANDS)])

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ImrdbError as exc:
            raise click.ClickException(str(exc)) from None


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
    cli()


__all__ = ["cli", "main", "pass_app"]
