"""``imrdb db``: Alembic for operators."""

from __future__ import annotations

import click

from imrdb.cli.context import App, pass_app
from imrdb.cli.output import Output, output_options
from imrdb.db import engine as db_engine
from imrdb.errors import SchemaError
from imrdb.output import dumps


@click.group("db")
def db_group() -> None:
    """Schema migrations (Alembic)."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@pass_app
def upgrade(app: App, revision: str) -> None:
    """Migrate the database to REVISION (default: head), creating it if need be."""
    db_engine.known_revision(revision)  # before a missing database file is created
    engine = db_engine.connect(app.db, create=True)
    db_engine.upgrade(engine, revision)
    click.echo(f"{db_engine.describe(engine.url)} at {db_engine.current_revision(engine)}")


@db_group.command("current")
@output_options("text", "json")
@pass_app
def current(app: App, out: Output) -> None:
    """Print the database's schema revision (and whether it is the newest this imrdb knows)."""
    engine = db_engine.connect(app.db)
    revision = db_engine.current_revision(engine)
    head = db_engine.head_revision()
    if revision is None:
        problem = db_engine.schema_problem(engine, None) or ""
        if "no imrdb schema yet" not in problem:
            raise SchemaError(problem)
        state = "empty: no schema yet; `imrdb db upgrade` creates it"
    elif revision == head:
        state = "head"
    elif revision in db_engine.revisions():
        state = f"behind head {head}: run `imrdb db upgrade`"
    elif db_engine.newer_revision(revision):
        state = f"newer than this imrdb, which knows up to {head}: upgrade imrdb"
    else:
        raise SchemaError(db_engine.schema_problem(engine, [revision]) or revision)
    with out.stream() as stream:
        if out.format == "json":
            payload = {
                "database": db_engine.describe(engine.url),
                "revision": revision,
                "head": head,
                "state": state,
            }
            stream.write(dumps(payload, indent=2) + "\n")
        else:
            stream.write(f"{revision or '-'} ({state})\n")


@db_group.command("count-terms")
@click.option(
    "--min-decisions",
    type=click.IntRange(min=1),
    default=None,
    help="keep the terms in at least this many decisions (default 20,000)",
)
@click.option(
    "--most", type=click.IntRange(min=0), default=None, help="keep at most this many terms"
)
@pass_app
def count_terms_command(app: App, min_decisions: int | None, most: int | None) -> None:
    """Count the facets of the most frequent terms again (ingest does this when it ends):
    facets over those words then read kept counts instead of grouping every hit."""
    from imrdb.search import count_terms

    engine = app.engine()
    done = count_terms.refresh(
        engine,
        minimum=min_decisions or count_terms.KEEP_FROM,
        most=count_terms.KEEP_MOST if most is None else most,
        full=True,
    )
    click.echo(
        f"kept the facet counts of {done.kept} terms ({done.counted} counted) "
        f"in {done.seconds:.1f} s"
    )
