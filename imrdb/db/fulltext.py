"""The only dialect-specific part of the schema: the full-text indexes.

SQLite: FTS5 tables (porter tokenizer) over ``decisions`` (treatment, citation titles,
rationale) and ``documents`` (the whole letter), kept in step by triggers. ``documents_fts``
is external-content (rowid: the document id). ``decisions_fts`` is contentless and its rowid
is the decision's facet key above its id (:func:`imrdb.search.codes.text_rowid`): facets over
a search are counted from the index alone, grouped by ``rowid >> 32``, and a hit's decision
is ``rowid & 0xFFFFFFFF``. Its rows follow the search projection (``decision_facets``, which
holds the key): added with a projection row, removed before their decision is deleted.
PostgreSQL: a ``search_vector tsvector`` column with a GIN index on ``documents``, and the
decisions' vectors on the search projection (``imrdb.db.search_index``; migration 0004
dropped the unread copy on ``decisions``), written by the store with the very terms FTS5
makes (``imrdb.search.analyzer``), weighted by field (A treatment, B citation titles,
C rationale). Migrations call the functions here; nothing else writes this DDL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import Column, MetaData, Table
from sqlalchemy.dialects.postgresql import TSVECTOR

from imrdb.db.models import Document
from imrdb.search import codes
from imrdb.search.analyzer import terms

TOKENIZE = "porter unicode61 remove_diacritics 2"
# Searchable fields of a decision, in FTS5 column order, with their PostgreSQL weights.
DECISION_FIELDS = (("treatment", "A"), ("citation_text", "B"), ("rationale", "C"))
# Gap between fields' positions in one tsvector, so a phrase never spans two fields.
_FIELD_GAP = 8
_MAX_POSITION = 16383  # PostgreSQL's limit; later positions are clamped to it


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """For Alembic's comparison: leave out the objects this module owns, not the models."""
    if type_ == "table":
        return not (name.startswith("decisions_fts") or name.startswith("documents_fts"))
    if type_ == "column":  # search_vector here, and the search projection's (search_index)
        return not name.endswith("_vector")
    return not (type_ == "index" and name and name.endswith("_vector"))


def _sqlite_ddl(table: str, columns: tuple[str, ...]) -> list[str]:
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    fts = f"{table}_fts"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', "
        f"content_rowid='id', tokenize='{TOKENIZE}')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {cols} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


_DECISION_COLUMNS = tuple(f for f, _ in DECISION_FIELDS)


def _text_rowid(facets: str) -> str:
    """SQL: :func:`codes.text_rowid` of the ``decision_facets`` row called ``facets``."""
    key, decision = f"{facets}.facet_key", f"{facets}.decision_id"
    return (
        f"CASE WHEN {key} >= 0 AND {key} < {codes.TEXT_KEY_LIMIT} "
        f"THEN ({key} << {codes.TEXT_ID_BITS}) | {decision} ELSE {decision} END"
    )


def _keyed_decisions_ddl() -> list[str]:
    cols = ", ".join(_DECISION_COLUMNS)
    values, old, new = (
        ", ".join(f"{t}.{c}" for c in _DECISION_COLUMNS) for t in ("d", "old", "new")
    )
    delete = "INSERT INTO decisions_fts(decisions_fts, rowid, " + cols + ") SELECT 'delete', "
    insert = f"INSERT INTO decisions_fts(rowid, {cols}) SELECT "
    return [
        f"CREATE VIRTUAL TABLE decisions_fts USING fts5({cols}, content='', tokenize='{TOKENIZE}')",
        # A projection row brings its decision into the index ...
        "CREATE TRIGGER decisions_fts_ai AFTER INSERT ON decision_facets BEGIN "
        f"{insert}{_text_rowid('new')}, {values} FROM decisions d WHERE d.id = new.decision_id;"
        " END",
        # ... and is taken out before its decision goes (a cascade then finds no decision).
        "CREATE TRIGGER decisions_fts_bd BEFORE DELETE ON decisions BEGIN "
        f"{delete}{_text_rowid('f')}, {old} FROM decision_facets f "
        "WHERE f.decision_id = old.id; END",
        "CREATE TRIGGER decisions_fts_fd BEFORE DELETE ON decision_facets BEGIN "
        f"{delete}{_text_rowid('old')}, {values} FROM decisions d "
        "WHERE d.id = old.decision_id; END",
        f"CREATE TRIGGER decisions_fts_au AFTER UPDATE OF {cols} ON decisions BEGIN "
        f"{delete}{_text_rowid('f')}, {old} FROM decision_facets f WHERE f.decision_id = old.id;"
        f" {insert}{_text_rowid('f')}, {new} FROM decision_facets f "
        "WHERE f.decision_id = new.id; END",
        "CREATE TRIGGER decisions_fts_fu AFTER UPDATE OF facet_key, decision_id "
        "ON decision_facets BEGIN "
        f"{delete}{_text_rowid('old')}, {values} FROM decisions d "
        "WHERE d.id = old.decision_id; "
        f"{insert}{_text_rowid('new')}, {values} FROM decisions d "
        "WHERE d.id = new.decision_id; END",
        # The decisions stored so far, in rowid order (FTS5 writes one segment).
        f"{insert}{_text_rowid('f')}, {values} FROM decision_facets f "
        "JOIN decisions d ON d.id = f.decision_id ORDER BY 1",
    ]


_KEYED_TRIGGERS = (
    "decisions_fts_ai",
    "decisions_fts_bd",
    "decisions_fts_fd",
    "decisions_fts_au",
    "decisions_fts_fu",
)


def key_decisions_index(execute: Callable[[str], object]) -> None:
    """SQLite: replace the external-content ``decisions_fts`` (rowid: the decision id) by
    the contentless one keyed by facet key, indexing the decisions stored so far."""
    for sql in _drop_sqlite("decisions") + _keyed_decisions_ddl():
        execute(sql)


def unkey_decisions_index(execute: Callable[[str], object]) -> None:
    """Undo :func:`key_decisions_index`."""
    for sql in _drop_sqlite("decisions") + _sqlite_ddl("decisions", _DECISION_COLUMNS):
        execute(sql)


def _drop_sqlite(table: str) -> list[str]:
    triggers = _KEYED_TRIGGERS if table == "decisions" else ()
    names = {f"{table}_fts_{suffix}" for suffix in ("ai", "ad", "au")} | set(triggers)
    return [f"DROP TRIGGER IF EXISTS {name}" for name in sorted(names)] + [
        f"DROP TABLE IF EXISTS {table}_fts"
    ]


def _pg_ddl(table: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ADD COLUMN search_vector tsvector",
        f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin (search_vector)",
    ]


def _drop_pg(table: str) -> list[str]:
    return [
        f"DROP INDEX IF EXISTS ix_{table}_search_vector",
        f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
    ]


def create(execute: Callable[[str], object], dialect: str) -> None:
    """Create the full-text index for ``dialect`` (``execute`` runs one SQL string)."""
    if dialect == "sqlite":
        statements = _sqlite_ddl("decisions", _DECISION_COLUMNS)
        statements += _sqlite_ddl("documents", ("text",))
    elif dialect == "postgresql":
        statements = _pg_ddl("decisions") + _pg_ddl("documents")
    else:
        raise ValueError(f"no full-text index for the {dialect} dialect")
    for sql in statements:
        execute(sql)


def drop(execute: Callable[[str], object], dialect: str) -> None:
    """Undo :func:`create`."""
    if dialect == "sqlite":
        for table in ("decisions", "documents"):
            for sql in _drop_sqlite(table):
                execute(sql)
    elif dialect == "postgresql":
        for table in ("decisions", "documents"):
            for sql in _drop_pg(table):
                execute(sql)


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector(fields: Iterable[tuple[str | None, str | None]]) -> str:
    """A ``tsvector`` literal of (text, weight) fields, positions as FTS5 counts tokens.

    Built for speed (the store makes one per letter, over the whole text): each position's
    label is made once, in C where possible, and a lexeme keeps its first 256 positions,
    PostgreSQL's limit."""
    positions: dict[str, list[str]] = {}
    start = 1
    for text, weight in fields:
        field_terms = terms(text) if text else []
        numbers = range(start, start + len(field_terms))
        if start + len(field_terms) > _MAX_POSITION:
            numbers = [min(n, _MAX_POSITION) for n in numbers]
        labels = (f"{n}{weight}" for n in numbers) if weight else map(str, numbers)
        for term, label in zip(field_terms, labels, strict=True):
            found = positions.get(term)
            if found is None:
                positions[term] = [label]
            elif len(found) < 256:
                found.append(label)
        start += len(field_terms) + _FIELD_GAP
    return " ".join(f"{_quote(t)}:{','.join(p)}" for t, p in positions.items())


def decision_vector(row: dict) -> str:
    return tsvector((row.get(name), weight) for name, weight in DECISION_FIELDS)


def document_vector(text: str) -> str:
    return tsvector([(text, None)])


def _with_vector(table: Table) -> Table:
    columns = [Column(c.name, c.type, primary_key=c.primary_key) for c in table.columns]
    return Table(table.name, MetaData(), *columns, Column("search_vector", TSVECTOR))


_PG_DOCUMENTS = _with_vector(Document.__table__)


def insert_table(table: Table, dialect: str) -> Table:
    """The table to insert documents into: on PostgreSQL, one that takes ``search_vector``."""
    return _PG_DOCUMENTS if dialect == "postgresql" and table.name == "documents" else table


def drop_pg_decision_vector(execute: Callable[[str], object]) -> None:
    """PostgreSQL: the decisions' own vector goes; search reads the projection's."""
    for sql in _drop_pg("decisions"):
        execute(sql)


def restore_pg_decision_vector(execute: Callable[[str], object]) -> None:
    """Undo :func:`drop_pg_decision_vector`, the vectors copied from the projection."""
    for sql in _pg_ddl("decisions"):
        execute(sql)
    execute(
        "UPDATE decisions SET search_vector = f.search_vector FROM decision_facets f "
        "WHERE f.decision_id = decisions.id"
    )
