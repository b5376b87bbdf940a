"""``imrdb report``: counts and uphold / overturn rates of selected decisions, grouped."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from urllib.parse import urlencode

import click

from imrdb.cli.context import App, pass_app
from imrdb.cli.export import selected
from imrdb.cli.output import Output, output_options
from imrdb.cli.search import QueryCommand, request_from, search_options
from imrdb.errors import ImrdbError
from imrdb.report import (
    DEFAULT_TOP,
    FORMATS,
    GROUPINGS,
    RENDERERS,
    TEMPLATES,
    build_report,
    build_template,
)
from imrdb.report.render import render_text


@click.command("report", cls=QueryCommand, context_settings={"ignore_unknown_options": True})
@search_options
@click.option(
    "--by",
    "by",
    multiple=True,
    type=click.Choice(list(GROUPINGS)),
    help="Group decisions by this field; twice for a cross table.",
)
@click.option(
    "--template",
    type=click.Choice(list(TEMPLATES)),
    help="A ready-made set of tables: dwc-annual = DWC's annual IMR report (by category and "
    "outcome, by reviewer specialty, by year); cwci = CWCI's IMR studies (letters and "
    "decisions per year and quarter, uphold rates by category, subcategory and drug class, "
    "opioid share, days from application to decision).",
)
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=DEFAULT_TOP,
    show_default=True,
    help="Rows kept for treatment, guideline and specialty; the rest are (other). 0: all.",
)
@output_options(*FORMATS)
@pass_app
def report_command(
    app: App,
    query: tuple[str, ...],
    by: tuple[str, ...],
    template: str | None,
    top: int,
    out: Output,
    **options,
) -> None:
    """Counts and uphold / overturn rates of the decisions a search finds (all without
    QUERY or filters), grouped by one or two fields, with totals: a table, Markdown, CSV,
    JSON or a self-contained HTML page headed by the search in words."""
    if template and by:
        raise ImrdbError("give --by or --template, not both")
    if not template and not by:
        raise ImrdbError(f"give --by FIELD ({', '.join(GROUPINGS)}) or --template")
    selection = selected(app, query, options)
    engine = app.engine()
    with engine.connect() as conn:
        if template:
            report = build_template(conn, selection, template, top or None)
        else:
            report = build_report(conn, selection, [by], top or None)
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    request = request_from(query, options)
    search = urlencode(
        [("q", request.query)] * bool(request.query)
        + [(name, value) for name, values in request.filters.items() for value in values]
    )
    made = {"when": when, "database": engine.url.render_as_string(), "search": search}
    report = replace(report, made=made)
    with out.stream() as stream:
        if out.format == "table" and out.target == "-":
            text = render_text(report, color=out.to_terminal)
        else:
            text = RENDERERS[out.format](report)
        stream.write(text)
