"""``imrdb search`` and ``imrdb facets``: full-text plus facets over the decisions.

``search_options`` declares the query and filter options once; ``export`` and ``report``
can take the same decorator and :func:`request_from` to select exactly what search finds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import click

from imrdb.cli.context import App, pass_app
from imrdb.cli.output import Output, output_options
from imrdb.present import search_view
from imrdb.search.filters import FILTERS
from imrdb.search.request import SCOPES, SORTS, SearchRequest
from imrdb.search.searcher import facets_only, search

FORMATS = ("table", "json", "jsonl", "csv")


# A query's excluded word (-norco) must not be read as short options (-n -o rco): only a
# whole "-o" or "-h" is an option; any other single-dash word is a query word.
_EXCLUDED_WORD = re.compile(r"^-[^-].")
_MARK = "\x00"


class QueryCommand(click.Command):
    """A command whose QUERY may hold ``-excluded`` words among its options."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value = {
            opt for p in self.params if isinstance(p, click.Option) and not p.is_flag
            for opt in p.opts
        }  # fmt: skip
        marked, previous = [], ""
        for i, arg in enumerate(args):
            if arg == "--":
                marked.extend(args[i:])
                break
            word = _EXCLUDED_WORD.match(arg) and previous not in takes_value
            marked.append(_MARK + arg if word else arg)
            previous = arg
        return super().parse_args(ctx, marked)


def _unmark(_ctx: click.Context, _param: click.Parameter, words: tuple[str, ...]):
    return tuple(word.removeprefix(_MARK) for word in words)


def _option_name(name: str) -> str:
    return "--" + name.replace("_", "-")


def search_options(command: Callable) -> Callable:
    """QUERY, one repeatable option per filter, ``--in`` and ``--expand``."""
    for spec in reversed(FILTERS):
        choices = f" ({', '.join(spec.choices)})" if spec.choices else ""
        command = click.option(
            _option_name(spec.name),
            spec.name,
            multiple=True,
            metavar=spec.metavar,
            help=f"{spec.help}{choices}; repeat for any of several.",
        )(command)
    command = click.option(
        "--expand", is_flag=True, help="Also find treatment synonyms (ESI: epidural ...)."
    )(command)
    command = click.option(
        "--in",
        "scope",
        type=click.Choice(SCOPES),
        default="decision",
        show_default=True,
        help="Search each decision's treatment, citation titles and rationale, "
        "or the whole letter.",
    )(command)
    return click.argument("query", nargs=-1, callback=_unmark)(command)


def request_from(query: Sequence[str], options: dict, **paging) -> SearchRequest:
    """A :class:`SearchRequest` from ``search_options``' values (and sort/limit/...)."""
    unknown = [part for part in query if part.startswith("--")]
    if unknown:  # a mistyped option would otherwise be searched for as words
        raise click.ClickException(f"no such option: {unknown[0].split()[0]}")
    filters = {spec.name: tuple(options.get(spec.name) or ()) for spec in FILTERS}
    return SearchRequest(
        query=" ".join(query),
        filters={name: values for name, values in filters.items() if values},
        scope=options.get("scope") or "decision",
        expand=bool(options.get("expand")),
        **paging,
    )


def sql_option(command: Callable) -> Callable:
    """``--sql``: print the statement selecting the decisions, with this database's dialect,
    instead of running it (the database need not exist)."""
    return click.option(
        "--sql",
        "show_sql",
        is_flag=True,
        help="Print the SQL statement that selects the matching decisions (in this "
        "database's dialect, values inlined) instead of running it.",
    )(command)


def print_sql(app: App, request: SearchRequest) -> None:
    from imrdb.cli.statement import render

    click.echo(render(app.db, request))


_QUERY_HELP = """

QUERY: words (all must match, by stem: "facet blocks" finds "facet block"), "exact
phrases", OR (binds tighter than the implied AND), -word or NOT word to exclude, prefix*,
( ), and filters inline: outcome:upheld guideline:ODG category:injections year:2014
specialty:"physical medicine".
"""


@click.command(cls=QueryCommand, context_settings={"ignore_unknown_options": True})
@search_options
@click.option(
    "--sort",
    type=click.Choice(SORTS),
    default="relevance",
    show_default=True,
    help="relevance (matched in the treatment, then in citation titles, then "
    "elsewhere; newest first within each), date (oldest first) or -date.",
)
@click.option("--limit", type=int, default=20, show_default=True, help="Hits per page.")
@click.option("--offset", type=int, default=0, show_default=True, help="Hits to skip.")
@click.option("--facets", "with_facets", is_flag=True, help="Also count the hits by facet.")
@click.option(
    "--facet-size", type=int, default=10, show_default=True, help="Values shown per facet."
)
@click.option(
    "--by",
    type=click.Choice(["decision", "case"]),
    default="decision",
    show_default=True,
    help="One row per matching decision, or per case.",
)
@output_options(*FORMATS)
@sql_option
@pass_app
def search_command(
    app: App,
    query,
    sort,
    limit,
    offset,
    with_facets,
    facet_size,
    by,
    out: Output,
    show_sql: bool,
    **options,
) -> None:
    """Search the decisions (disputed items) by text and filters."""
    request = request_from(
        query, options, sort=sort, limit=limit, offset=offset, facet_size=facet_size
    )
    request.plan()  # a bad query is reported before the database is opened
    if show_sql:
        print_sql(app, request)
        return
    with app.engine(mapped=True).connect() as conn:
        result = search(conn, request, facets=with_facets, by_case=by == "case")
    with out.stream() as stream:
        search_view.write(result, out.format, stream, out.console(stream))


search_command.help = (search_command.help or "") + _QUERY_HELP
search_command.name = "search"


@click.command("facets", cls=QueryCommand, context_settings={"ignore_unknown_options": True})
@search_options
@click.option(
    "--facet-size", type=int, default=10, show_default=True, help="Values shown per facet."
)
@output_options(*FORMATS)
@pass_app
def facets_command(app: App, query, facet_size, out: Output, **options) -> None:
    """Count the decisions a search finds by outcome, category, guideline, specialty, year
    and priority."""
    request = request_from(query, options, facet_size=facet_size, limit=0)
    request.plan()
    with app.engine(mapped=True).connect() as conn:
        result = facets_only(conn, request)
    with out.stream() as stream:
        search_view.write_facets(result, out.format, stream, out.console(stream))
