"""``imrdb datasette``: open a SQLite database in Datasette with full-text search working.

Datasette finds an FTS table by its declaration; imrdb's are declared for speed instead:
``documents_fts`` reads ``documents`` through ``content_rowid``, and ``decisions_fts`` is
contentless with a keyed rowid (year, facet key number and decision id, docs/search.md). So
this command writes the two facts Datasette cannot guess into a metadata file, and makes
(outside the Alembic schema, like any view a user makes; anew each time, so it follows
the rowid's definition) ``decisions_search``: one readable row per decision with the keyed
rowid as ``fts_rowid``. ``?_search=`` on
``decisions_search`` and on ``documents`` then runs on imrdb's own indexes.

sqlite-utils reads no metadata: its ``search`` finds a table's index only by a virtual
table declared ``content="TABLE"`` whose rowid is the table's, and it refuses views. So this
command also makes ``decisions_fts_by_id``, an external-content FTS5 index over
``decisions`` (rowid: the decision id, the same fields and tokenizer as the keyed index),
kept in step by triggers; ``sqlite-utils search DB decisions QUERY`` (and Datasette's
``?_search=`` on ``decisions``) use it. It indexes the decisions a second time (+7.7% on
the real letters' file, docs/cli.md): imrdb's only copy, which imrdb's own search never
reads.
"""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import text

from imrdb.cli.context import App, pass_app
from imrdb.cli.output import Output, output_options
from imrdb.errors import ImrdbError
from imrdb.output import dumps
from imrdb.search.index.base import DECISION_FIELDS
from imrdb.search.index.sqlite_ddl import TOKENIZE
from imrdb.search.index.sqlite_rowid import keyed_rowid_sql

VIEW = "decisions_search"
# The keyed rowid exactly as the full-text triggers compute it.
_KEYED_ROWID = keyed_rowid_sql("f")
VIEW_SQL = f"""CREATE VIEW {VIEW} AS
SELECT {_KEYED_ROWID} AS fts_rowid, c.case_number, d.ordinal, d.treatment, d.outcome,
       d.category, c.letter_date, d.priority, c.final_determination, d.id AS decision_id
FROM decision_facets f
JOIN decisions d ON d.id = f.decision_id
JOIN cases c ON c.id = f.case_id"""

BY_ID = "decisions_fts_by_id"
_COLS = ", ".join(DECISION_FIELDS)
_OLD, _NEW = (", ".join(f"{row}.{c}" for c in DECISION_FIELDS) for row in ("old", "new"))
_DELETE = f"INSERT INTO {BY_ID}({BY_ID}, rowid, {_COLS}) VALUES ('delete', old.id, {_OLD});"
_INSERT = f"INSERT INTO {BY_ID}(rowid, {_COLS}) VALUES (new.id, {_NEW});"
# Double quotes around the content table: sqlite-utils' detect_fts looks for that spelling.
BY_ID_DDL = (
    f'CREATE VIRTUAL TABLE {BY_ID} USING fts5({_COLS}, content="decisions", '
    f"content_rowid='id', tokenize='{TOKENIZE}')",
    f"CREATE TRIGGER {BY_ID}_ai AFTER INSERT ON decisions BEGIN {_INSERT} END",
    f"CREATE TRIGGER {BY_ID}_ad AFTER DELETE ON decisions BEGIN {_DELETE} END",
    f"CREATE TRIGGER {BY_ID}_au AFTER UPDATE OF {_COLS} ON decisions BEGIN {_DELETE} {_INSERT} END",
    f"INSERT INTO {BY_ID}({BY_ID}) VALUES ('rebuild')",
)
BY_ID_DROP = (
    *(f"DROP TRIGGER IF EXISTS {BY_ID}_{t}" for t in ("ai", "ad", "au")),
    f"DROP TABLE IF EXISTS {BY_ID}",
)


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
    """Make a SQLite database searchable in Datasette and sqlite-utils: adds the
    decisions_search view and an index sqlite-utils finds (decisions_fts_by_id), and prints
    the metadata to run `datasette DB --metadata FILE` with."""
    engine = app.engine()
    if engine.dialect.name != "sqlite":
        raise ImrdbError("Datasette reads SQLite files; --db names a PostgreSQL database")
    with engine.connect() as conn, conn.begin():
        conn.execute(text(f"DROP VIEW IF EXISTS {VIEW}"))
        conn.execute(text(VIEW_SQL))
        for sql in (*BY_ID_DROP, *BY_ID_DDL):  # anew, so it follows the definition here
            conn.execute(text(sql))
    name = Path(engine.url.database or "imrdb").stem
    with out.stream() as stream:
        stream.write(dumps(metadata(name), indent=2) + "\n")
