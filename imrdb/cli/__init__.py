"""The ``imrdb`` command: thin commands that parse options, call one function and print.

Domain errors (``ImrdbError``) become one-line messages and exit status 1, never tracebacks.
"""

from __future__ import annotations

import click

from imrdb.cli.context import pass_app
from imrdb.errors import ImrdbError


class ImrdbGroup(click.Group):
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


def _register() -> None:
    from imrdb.cli import db, evaluate, export, ingest, records, report, search

    for module in (db, evaluate, ingest, records, search, export, report):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    cli()


__all__ = ["cli", "main", "pass_app"]
