"""``imrdb export``: selected decisions as JSON lines, CSV or Parquet, streamed."""

from __future__ import annotations

import click

from imrdb.cli.context import App, pass_app
from imrdb.cli.output import Output, output_options
from imrdb.cli.search import QueryCommand, print_sql, request_from, search_options, sql_option
from imrdb.errors import ImrdbError
from imrdb.export import FORMATS, TABLES, export
from imrdb.search import SearchRequest, Selection, matching


def selected(app: App, query: tuple[str, ...], options: dict) -> Selection:
    """The decisions ``imrdb search`` would find with the same QUERY and filters (checked
    before the database is opened, so a bad query is reported first)."""
    request: SearchRequest = request_from(query, options)
    request.plan()
    return matching(request, app.engine().dialect.name)


@click.command("export", cls=QueryCommand, context_settings={"ignore_unknown_options": True})
@search_options
@output_options(*FORMATS)
@sql_option
@click.option(
    "--table",
    type=click.Choice(list(TABLES)),
    help="For csv and parquet: decisions (default; one row per decision with its case's "
    "fields), cases or citations.",
)
@pass_app
def export_command(
    app: App,
    query: tuple[str, ...],
    out: Output,
    show_sql: bool,
    table: str | None,
    **options,
) -> None:
    """Export the decisions a search finds (all without QUERY or filters): jsonl prints the
    contract record of each case; csv and parquet write a tidy table. Rows carry case_number
    and ordinal, so `imrdb show` finds them again."""
    if out.format == "jsonl" and table:
        raise ImrdbError("--table applies to csv and parquet; jsonl prints whole case records")
    if show_sql:
        request = request_from(query, options)
        request.plan()
        print_sql(app, request)
        return
    selection = selected(app, query, options)
    engine = app.engine()
    with out.stream() as stream, engine.connect() as conn:
        export(conn, out.format, stream, selection, table or "decisions")
