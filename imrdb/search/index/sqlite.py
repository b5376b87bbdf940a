"""SQLite's full-text index: FTS5 tables (porter tokenizer), kept in step by triggers.

``documents_fts`` is external-content over ``documents`` (rowid: the document id).
``decisions_fts`` is contentless and its rowid is the *keyed rowid* (:func:`text_rowid`):
the decision's facet key above its id. Facets over a search are counted from the index
alone, grouped by ``rowid >> 32``, and a hit's decision is ``rowid & 0xFFFFFFFF``. Its rows
follow the projection (``decision_facets``, which holds the key): a trigger adds them with a
projection row and removes them before their decision is deleted.

Every query token is a double-quoted FTS5 string (FTS5 stems it as it stemmed the text);
the FTS5 table drives a join on its rowid when it can, since FTS5 yields a million rowids in
~60 ms but an ``IN (subquery)`` over them costs 5x that. Ranking tiers are column filters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    FromClause,
    Integer,
    Select,
    Table,
    and_,
    column,
    func,
    insert,
    literal_column,
    select,
    table,
    union_all,
)

from imrdb.search.index.base import (
    DECISION_FIELDS,
    Execute,
    KeyCondition,
    Match,
    TextIndex,
    bound,
)
from imrdb.search.index.tables import facets_t
from imrdb.search.query import And, Node, Not, Or, Phrase, Word, indexable

TOKENIZE = "porter unicode61 remove_diacritics 2"

# --- the keyed rowid: the one place it is defined --------------------------------------------
# A key too wide to fit is left out (the rowid is the id alone: key part 0), and those hits
# are counted through the projection instead.
ID_BITS = 32
ID_MASK = (1 << ID_BITS) - 1
KEY_LIMIT = 1 << (63 - ID_BITS)


def text_rowid(key: int, decision_id: int) -> int:
    """The full-text rowid of decision ``decision_id`` with facet key ``key``."""
    if not 0 < decision_id <= ID_MASK:
        raise ValueError(f"decision id {decision_id} does not fit {ID_BITS} bits")
    return (key << ID_BITS) | decision_id if 0 <= key < KEY_LIMIT else decision_id


def _rowid_sql(facets: str) -> str:
    """SQL: :func:`text_rowid` of the ``decision_facets`` row called ``facets``."""
    key, decision = f"{facets}.facet_key", f"{facets}.decision_id"
    return (
        f"CASE WHEN {key} >= 0 AND {key} < {KEY_LIMIT} "
        f"THEN ({key} << {ID_BITS}) | {decision} ELSE {decision} END"
    )


decisions_fts = table("decisions_fts", column("rowid", Integer))
documents_fts = table("documents_fts", column("rowid", Integer))


def _decision_id() -> ColumnElement[int]:
    """A ``decisions_fts`` hit's decision id: the low bits of its rowid."""
    return decisions_fts.c.rowid.op("&")(literal_column(str(ID_MASK)))


def _rowid_key() -> ColumnElement[int]:
    """A ``decisions_fts`` hit's facet key: the high bits of its rowid."""
    return decisions_fts.c.rowid.op(">>")(literal_column(str(ID_BITS)))


# --- DDL -------------------------------------------------------------------------------------


def _external_ddl(source: str, columns: Sequence[str]) -> list[str]:
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


def _keyed_decisions_ddl() -> list[str]:
    cols = ", ".join(DECISION_FIELDS)
    values, old, new = (", ".join(f"{t}.{c}" for c in DECISION_FIELDS) for t in ("d", "old", "new"))
    delete = "INSERT INTO decisions_fts(decisions_fts, rowid, " + cols + ") SELECT 'delete', "
    insert_ = f"INSERT INTO decisions_fts(rowid, {cols}) SELECT "
    return [
        f"CREATE VIRTUAL TABLE decisions_fts USING fts5({cols}, content='', tokenize='{TOKENIZE}')",
        # A projection row brings its decision into the index ...
        "CREATE TRIGGER decisions_fts_ai AFTER INSERT ON decision_facets BEGIN "
        f"{insert_}{_rowid_sql('new')}, {values} FROM decisions d WHERE d.id = new.decision_id;"
        " END",
        # ... and is taken out before its decision goes (a cascade then finds no decision).
        "CREATE TRIGGER decisions_fts_bd BEFORE DELETE ON decisions BEGIN "
        f"{delete}{_rowid_sql('f')}, {old} FROM decision_facets f "
        "WHERE f.decision_id = old.id; END",
        "CREATE TRIGGER decisions_fts_fd BEFORE DELETE ON decision_facets BEGIN "
        f"{delete}{_rowid_sql('old')}, {values} FROM decisions d "
        "WHERE d.id = old.decision_id; END",
        f"CREATE TRIGGER decisions_fts_au AFTER UPDATE OF {cols} ON decisions BEGIN "
        f"{delete}{_rowid_sql('f')}, {old} FROM decision_facets f WHERE f.decision_id = old.id;"
        f" {insert_}{_rowid_sql('f')}, {new} FROM decision_facets f "
        "WHERE f.decision_id = new.id; END",
        "CREATE TRIGGER decisions_fts_fu AFTER UPDATE OF facet_key, decision_id "
        "ON decision_facets BEGIN "
        f"{delete}{_rowid_sql('old')}, {values} FROM decisions d "
        "WHERE d.id = old.decision_id; "
        f"{insert_}{_rowid_sql('new')}, {values} FROM decisions d "
        "WHERE d.id = new.decision_id; END",
        # The decisions stored so far, in rowid order (FTS5 writes one segment).
        f"{insert_}{_rowid_sql('f')}, {values} FROM decision_facets f "
        "JOIN decisions d ON d.id = f.decision_id ORDER BY 1",
    ]


_KEYED_TRIGGERS = (
    "decisions_fts_ai",
    "decisions_fts_bd",
    "decisions_fts_fd",
    "decisions_fts_au",
    "decisions_fts_fu",
)


def _drop_ddl(source: str) -> list[str]:
    triggers = _KEYED_TRIGGERS if source == "decisions" else ()
    names = {f"{source}_fts_{suffix}" for suffix in ("ai", "ad", "au")} | set(triggers)
    return [f"DROP TRIGGER IF EXISTS {name}" for name in sorted(names)] + [
        f"DROP TABLE IF EXISTS {source}_fts"
    ]


def _run(execute: Execute, statements: list[str]) -> None:
    for sql in statements:
        execute(sql)


# --- matching --------------------------------------------------------------------------------

_COLUMN_FILTERS = {"treatment": "{treatment}", "heading": "{treatment citation_text}"}


def _fts5_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts5(node: Node) -> str:
    """An FTS5 expression for an :func:`indexable` node."""
    if isinstance(node, Word):
        return _fts5_string(node.text) + ("*" if node.prefix else "")
    if isinstance(node, Phrase):
        star = "*" if node.words[-1].prefix else ""
        return _fts5_string(" ".join(w.text for w in node.words)) + star
    if isinstance(node, Or):
        return "(" + " OR ".join(fts5(i) for i in node.items) + ")"
    if isinstance(node, And):
        positives = [fts5(i) for i in node.items if not isinstance(i, Not)]
        out = "(" + " AND ".join(positives) + ")"
        for item in node.items:
            if isinstance(item, Not):
                out = f"({out} NOT {fts5(item.item)})"
        return out
    raise ValueError(f"not an FTS5 expression: {node!r}")


def _fts_match(fts, expression: str) -> ColumnElement[bool]:
    return literal_column(fts.name).op("MATCH")(bound(expression))


@dataclass(frozen=True)
class Fts5Match(Match):
    """FTS5 MATCH; a query FTS5 can say alone drives the join, counts and facet keys."""

    def leaf(self, node: Node, fields: str | None = None) -> ColumnElement[bool]:
        expression = fts5(node)
        if fields:
            expression = f"{_COLUMN_FILTERS[fields]} : {expression}"
        if self.scope == "letter":
            docs = select(documents_fts.c.rowid).where(_fts_match(documents_fts, expression))
            return facets_t.c.document_id.in_(docs)
        hits = select(_decision_id()).where(_fts_match(decisions_fts, expression))
        return facets_t.c.decision_id.in_(hits)

    def source(self, tier: str | None = None) -> tuple[FromClause, ColumnElement[bool]]:
        driven = self._driven(tier)
        return driven if driven is not None else super().source(tier)

    def _driving(self, tier: str | None) -> tuple[str, list[Node]] | None:
        """The FTS5 expression that can drive the query (the indexable part of the query,
        with the tier's column filters) and the parts left as SQL conditions."""
        expr = self.expr
        if expr is None or self.scope != "decision":
            return None
        items = expr.items if isinstance(expr, And) else (expr,)
        driving = [i for i in items if indexable(i) or (isinstance(i, Not) and indexable(i.item))]
        if not any(not isinstance(i, Not) for i in driving):
            return None
        rest = [i for i in items if i not in driving]
        core = driving[0] if len(driving) == 1 else And(tuple(driving))
        expression = fts5(core)
        if tier is not None and self.ranked:
            assert self.positive is not None
            treatment = f"{_COLUMN_FILTERS['treatment']} : {fts5(self.positive)}"
            heading = f"{_COLUMN_FILTERS['heading']} : {fts5(self.positive)}"
            expression = {
                "treatment": f"({expression} AND ({treatment}))",
                "heading": f"({expression} AND (({heading}) NOT ({treatment})))",
                "text": f"({expression} NOT ({heading}))",
            }[tier]
        return expression, rest

    def _driven(self, tier: str | None) -> tuple[FromClause, ColumnElement[bool]] | None:
        """The FTS5 table joined to the projection, its MATCH driving the loop."""
        found = self._driving(tier)
        if found is None:
            return None
        expression, rest = found
        joined = decisions_fts.join(facets_t, facets_t.c.decision_id == _decision_id())
        where = and_(_fts_match(decisions_fts, expression), *(self.condition(i) for i in rest))
        return joined, where

    def key_groups(self, on_key: KeyCondition) -> CompoundSelect | None:
        """A query FTS5 can say alone: counted by the key in the rowids (grouped already, no
        join); hits whose rowid has no key are counted through the projection."""
        found = self._driving(None)
        if found is None or found[1]:
            return None
        rowid, key = decisions_fts.c.rowid, _rowid_key()
        keyed = (
            select(key.label("k"), func.count().label("n"))
            .where(_fts_match(decisions_fts, found[0]), rowid > ID_MASK, on_key(key))
            .group_by(key)
        )
        joined = decisions_fts.join(facets_t, facets_t.c.decision_id == rowid)
        stored = facets_t.c.facet_key
        unkeyed = (
            select(stored.label("k"), func.count().label("n"))
            .select_from(joined)
            .where(_fts_match(decisions_fts, found[0]), rowid <= ID_MASK, on_key(stored))
            .group_by(stored)
        )
        return union_all(keyed, unkeyed)

    def count(self, tier: str | None = None) -> Select:
        """A query FTS5 can say alone is counted in FTS5 alone: a million rowids in ~60 ms,
        where joining each to its projection row costs four times that."""
        found = self._driving(tier)
        if found is not None and not found[1]:
            return (
                select(func.count())
                .select_from(decisions_fts)
                .where(_fts_match(decisions_fts, found[0]))
            )
        return super().count(tier)


class Fts5Index(TextIndex):
    def create(self, execute: Execute) -> None:
        _run(execute, _external_ddl("decisions", DECISION_FIELDS))
        _run(execute, _external_ddl("documents", ("text",)))

    def drop(self, execute: Execute) -> None:
        _run(execute, _drop_ddl("decisions") + _drop_ddl("documents"))

    def add_projection_vectors(self, execute: Execute) -> None:
        """Nothing: FTS5 keeps its own tables."""

    def drop_projection_vectors(self, execute: Execute) -> None:
        """Nothing to undo."""

    def key(self, execute: Execute) -> None:
        """``decisions_fts`` becomes contentless, keyed by facet key, indexing the
        decisions stored so far."""
        _run(execute, _drop_ddl("decisions") + _keyed_decisions_ddl())

    def unkey(self, execute: Execute) -> None:
        _run(execute, _drop_ddl("decisions") + _external_ddl("decisions", DECISION_FIELDS))

    def suspend(self, execute: Execute) -> None:
        """``decisions_fts`` and its triggers go: one ordered pass after the load writes one
        segment, where a trigger per row costs 40% of a bulk load."""
        _run(execute, _drop_ddl("decisions"))

    def resume(self, execute: Execute) -> None:
        _run(execute, _drop_ddl("decisions") + _keyed_decisions_ddl())

    def document_table(self, documents: Table) -> Table:
        return documents  # triggers index the text

    def document_values(self, text: str) -> dict[str, object]:
        return {}

    def insert_projection(
        self, conn: Connection, rows: list[dict], decisions: Sequence[dict]
    ) -> None:
        """In keyed rowid order: FTS5 writes a segment whenever a rowid goes down."""
        rows.sort(key=lambda r: text_rowid(r["facet_key"], r["decision_id"]))
        conn.execute(insert(facets_t), rows)

    def match(self, expr: Node | None, positive: Node | None, scope: str) -> Match:
        return Fts5Match(expr, positive, scope)


INDEX = Fts5Index()
