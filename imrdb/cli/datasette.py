"""``imrdb datasette``: open a SQLite database in Datasette with full-text search working.

Datasette finds an FTS table by its declaration; imrdb's are declared for speed instead:
``documents_fts`` reads ``documents`` through ``content_rowid``, and ``decisions_fts`` is
contentless with a keyed rowid (year, facet key number and decision id, docs/search.md). So
this command writes the two facts Datasette cannot guess into a metadata file, and makes
(outside the Alembic schema, like any view a user makes; anew each time, so it follows
the rowid's definition) ``decisions_search``: one readable row per decision with the keyed
rowid as ``fts_rowid``. ``?_search=`` on
``decisions_search`` and on ``documents`` then runs on imrdb's own indexes.
"""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import text

from imrdb.cli.context import App, pass_app
from imrdb.cli.output import Output, output_options
from imrdb.errors import ImrdbError
from imrdb.output import dumps
from imrdb.search.index.sqlite import keyed_rowid_sql

VIEW = "decisions_search"
# The keyed rowid exactly as the full-text triggers compute it.
_KEYED_ROWID = keyed_rowid_sql("f")
VIEW_SQL = f"""CREATE VIEW {VIEW} AS
SELECT {_KEYED_ROWID} AS fts_rowid, c.case_number, d.ordinal, d.treatment, d.outcome,
       d.category, c.letter_date, d.priority, c.final_determination, d.id AS decision_id
FROM decision_facets f
JOIN decisions d ON d.id = f.decision_id
JOIN cases c ON c.id = f.case_id"""


def metadata(database: str) -> dict:
    """Datasette metadata naming the FTS table and key of each searchable table."""
    return {
        "databases": {
            database: {
                "tables": {
                    VIEW: {
                        "fts_table": "decisions_fts",
                        "fts_pk": "fts_rowid",
                        "description": "One row per decision; ?_search= searches its "
                        "treatment, citation titles and rationale.",
                    },
                    "documents": {
                        "fts_table": "documents_fts",
                        "fts_pk": "id",
                        "description": "One row per stored letter; ?_search= searches its text.",
                    },
                }
            }
        }
    }


@click.command("datasette")
@output_options("json")
@pass_app
def datasette_command(app: App, out: Output) -> None:
    """Make a SQLite database searchable in Datasette: adds the decisions_search view and
    prints the metadata to run `datasette DB --metadata FILE` with."""
    engine = app.engine()
    if engine.dialect.name != "sqlite":
        raise ImrdbError("Datasette reads SQLite files; --db names a PostgreSQL database")
    with engine.connect() as conn, conn.begin():
        conn.execute(text(f"DROP VIEW IF EXISTS {VIEW}"))
        conn.execute(text(VIEW_SQL))
    name = Path(engine.url.database or "imrdb").stem
    with out.stream() as stream:
        stream.write(dumps(metadata(name), indent=2) + "\n")
