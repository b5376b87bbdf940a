"""``imrdb show``: one case record out of the store (``imrdb export``: imrdb/cli/export.py)."""

from __future__ import annotations

import sys

import click

from imrdb.cli.context import App, pass_app
from imrdb.db import read
from imrdb.errors import CaseNotFound
from imrdb.output import dumps
from imrdb.present import case_view


@click.command()
@click.argument("case_number")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_app
def show(app: App, case_number: str, fmt: str) -> None:
    """Show one case, as a reporter prints it, or as its JSON record."""
    number = case_view.case_number(case_number)
    with app.engine(mapped=True).connect() as conn:
        record = read.load_case(conn, number)
        if record is None:
            raise CaseNotFound(number, read.case_numbers_like(conn, number))
    if fmt == "json":
        click.echo(dumps(record.to_dict(), indent=2))
    else:
        click.echo(case_view.render(record, color=sys.stdout.isatty()), nl=False)
