"""``imrdb show``: one case record out of the store (``imrdb export``: imrdb/cli/export.py)."""

from __future__ import annotations

import click

from imrdb.cli.context import App, pass_app
from imrdb.cli.output import Output, output_options
from imrdb.db import read
from imrdb.errors import CaseNotFound
from imrdb.output import dumps
from imrdb.present import case_view


@click.command()
@click.argument("case_number")
@output_options("text", "json", "jsonl")
@pass_app
def show(app: App, case_number: str, out: Output) -> None:
    """Show one case, as a reporter prints it, or as its JSON record."""
    number = case_view.case_number(case_number)
    with app.engine(mapped=True).connect() as conn:
        record = read.load_case(conn, number)
        if record is None:
            raise CaseNotFound(number, read.case_numbers_like(conn, number))
        source = read.case_source(conn, number)
    with out.stream() as stream:
        if out.format == "text":
            stream.write(case_view.render(record, color=out.to_terminal, source=source))
        else:
            indent = 2 if out.format == "json" else None
            stream.write(dumps(record.to_dict(diagnoses=True), indent=indent) + "\n")
