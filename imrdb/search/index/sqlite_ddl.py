"""SQLite's full-text DDL: the FTS5 tables, and the triggers that keep them (and the kept
counts of ``facet_combos``) in step with the tables they index.

``documents_fts`` is external-content over ``documents`` (rowid: the document id);
``decisions_fts`` is contentless, its rowid the keyed rowid
(:mod:`imrdb.search.index.sqlite_rowid`), and follows the projection: a trigger adds a
decision with its projection row and takes it out before the decision is deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from imrdb.search.index.base import DECISION_FIELDS, Execute
from imrdb.search.index.sqlite_rowid import keyed_rowid_sql

TOKENIZE = "porter unicode61 remove_diacritics 2"


def external_ddl(source: str, columns: Sequence[str]) -> list[str]:
    """An external-content FTS5 table over ``source`` (rowid: its id), with triggers."""
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    fts = f"{source}_fts"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{source}', "
        f"content_rowid='id', tokenize='{TOKENIZE}')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {source} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {source} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {cols} ON {source} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def keyed_decisions_ddl(rowid: Callable[[str], str] = keyed_rowid_sql) -> list[str]:
    """The keyed index, its triggers, and the stored decisions in it; ``rowid``: the SQL of
    a projection row's rowid."""
    cols = ", ".join(DECISION_FIELDS)
    values, old, new = (", ".join(f"{t}.{c}" for c in DECISION_FIELDS) for t in ("d", "old", "new"))
    delete = "INSERT INTO decisions_fts(decisions_fts, rowid, " + cols + ") SELECT 'delete', "
    insert_ = f"INSERT INTO decisions_fts(rowid, {cols}) SELECT "
    return [
        f"CREATE VIRTUAL TABLE decisions_fts USING fts5({cols}, content='', tokenize='{TOKENIZE}')",
        # A projection row brings its decision into the index ...
        "CREATE TRIGGER decisions_fts_ai AFTER INSERT ON decision_facets BEGIN "
        f"{insert_}{rowid('new')}, {values} FROM decisions d WHERE d.id = new.decision_id;"
        " END",
        # ... and is taken out before its decision goes (a cascade then finds no decision).
        "CREATE TRIGGER decisions_fts_bd BEFORE DELETE ON decisions BEGIN "
        f"{delete}{rowid('f')}, {old} FROM decision_facets f "
        "WHERE f.decision_id = old.id; END",
        "CREATE TRIGGER decisions_fts_fd BEFORE DELETE ON decision_facets BEGIN "
        f"{delete}{rowid('old')}, {values} FROM decisions d "
        "WHERE d.id = old.decision_id; END",
        f"CREATE TRIGGER decisions_fts_au AFTER UPDATE OF {cols} ON decisions BEGIN "
        f"{delete}{rowid('f')}, {old} FROM decision_facets f WHERE f.decision_id = old.id;"
        f" {insert_}{rowid('f')}, {new} FROM decision_facets f "
        "WHERE f.decision_id = new.id; END",
        "CREATE TRIGGER decisions_fts_fu AFTER UPDATE OF facet_key, decision_id "
        "ON decision_facets BEGIN "
        f"{delete}{rowid('old')}, {values} FROM decisions d "
        "WHERE d.id = old.decision_id; "
        f"{insert_}{rowid('new')}, {values} FROM decisions d "
        "WHERE d.id = new.decision_id; END",
        # The decisions stored so far, in rowid order (FTS5 writes one segment).
        f"{insert_}{rowid('f')}, {values} FROM decision_facets f "
        "JOIN decisions d ON d.id = f.decision_id ORDER BY 1",
    ]


KEYED_TRIGGERS = (
    "decisions_fts_ai",
    "decisions_fts_bd",
    "decisions_fts_fd",
    "decisions_fts_au",
    "decisions_fts_fu",
)


COUNT_TRIGGER_NAMES = ("facet_combos_ai", "facet_combos_ad", "facet_combos_au")
_MORE, _LESS = (
    f"UPDATE facet_combos SET decisions = decisions {sign} 1 WHERE key = {row}.facet_key;"
    for sign, row in (("+", "new"), ("-", "old"))
)
COUNT_TRIGGERS = [
    f"CREATE TRIGGER facet_combos_ai AFTER INSERT ON decision_facets BEGIN {_MORE} END",
    f"CREATE TRIGGER facet_combos_ad AFTER DELETE ON decision_facets BEGIN {_LESS} END",
    "CREATE TRIGGER facet_combos_au AFTER UPDATE OF facet_key ON decision_facets "
    f"BEGIN {_LESS} {_MORE} END",
]

# Every write that can change a term's hits or their keys (migration 0010): the kept term
# counts are read only while the generation they were counted at is current; an insert is
# logged, so they can be brought up to date from the inserted decisions alone.
_BUMP = "UPDATE projection_writes SET generation = generation + 1"
_REWRITE = f"BEGIN {_BUMP}, rewrites = rewrites + 1; END"
WRITE_TRIGGERS = {
    "projection_writes_ai": f"AFTER INSERT ON decision_facets BEGIN {_BUMP}; "
    "INSERT OR REPLACE INTO projection_inserts (decision_id, generation) "
    "SELECT new.decision_id, generation FROM projection_writes; END",
    "projection_writes_ad": f"AFTER DELETE ON decision_facets {_REWRITE}",
    "projection_writes_au": f"AFTER UPDATE OF facet_key, decision_id ON decision_facets {_REWRITE}",
    "projection_writes_tu": f"AFTER UPDATE OF {', '.join(DECISION_FIELDS)} ON decisions {_REWRITE}",
}


def drop_ddl(source: str) -> list[str]:
    triggers = KEYED_TRIGGERS if source == "decisions" else ()
    names = {f"{source}_fts_{suffix}" for suffix in ("ai", "ad", "au")} | set(triggers)
    return [f"DROP TRIGGER IF EXISTS {name}" for name in sorted(names)] + [
        f"DROP TABLE IF EXISTS {source}_fts"
    ]


def run(execute: Execute, statements: list[str]) -> None:
    for sql in statements:
        execute(sql)
