"""SQLite's full-text matching: FTS5 MATCH expressions, and the joins, counts and facet
keys a query FTS5 can say alone reads from the index (:mod:`imrdb.search.index.sqlite_ddl`
builds the tables; :mod:`imrdb.search.index.sqlite_rowid` defines the keyed rowid).

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
    Select,
    Table,
    and_,
    func,
    insert,
    literal_column,
    or_,
    select,
    true,
    union_all,
)

from imrdb.search.index import sqlite_ddl as ddl
from imrdb.search.index.base import (
    DECISION_FIELDS,
    Execute,
    KeyCondition,
    Match,
    TextIndex,
    bound,
    year_codes,
)
from imrdb.search.index.sqlite_rowid import (
    COMBO_MASK,
    ID_MASK,
    decision_id,
    decisions_fts,
    documents_fts,
    rowid_combo,
    rowid_sql_0004,
    text_rowid,
    year_rowids,
)
from imrdb.search.index.tables import combos_t, facets_t
from imrdb.search.query import And, Node, Not, Or, Phrase, Word, indexable


def _rowid_of(row: dict, numbers: dict[int, int]) -> int:
    return text_rowid(row["facet_key"], numbers[row["facet_key"]], row["decision_id"])


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
        hits = select(decision_id()).where(_fts_match(decisions_fts, expression))
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
        joined = decisions_fts.join(facets_t, facets_t.c.decision_id == decision_id())
        where = and_(_fts_match(decisions_fts, expression), *(self.condition(i) for i in rest))
        return joined, where

    def key_groups(self, on_key: KeyCondition | None) -> CompoundSelect | None:
        """A query FTS5 can say alone: counted by the numbers in the rowids (grouped
        already, no join), each group then given its key; hits whose rowid has no number
        are counted through the projection."""
        found = self._driving(None)
        if found is None or found[1]:
            return None
        matched = _fts_match(decisions_fts, found[0])
        rowid, number = decisions_fts.c.rowid, rowid_combo()
        combo = number.op("&")(literal_column(str(COMBO_MASK)))
        passing = true()
        if on_key is not None:  # rows dropped before the grouping sorts them
            passing = combo.in_(select(combos_t.c.id).where(on_key(combos_t.c.key)))
        grouped = (
            select(number.label("r"), func.count().label("n"))
            .where(matched, rowid > ID_MASK, passing)
            .group_by(number)
            .subquery()
        )
        in_combo = grouped.c.r.op("&")(literal_column(str(COMBO_MASK)))
        keyed = select(combos_t.c.key.label("k"), grouped.c.n.label("n")).select_from(
            grouped.join(combos_t, combos_t.c.id == in_combo)
        )
        joined = decisions_fts.join(facets_t, facets_t.c.decision_id == rowid)
        stored = facets_t.c.facet_key
        unkeyed = (
            select(stored.label("k"), func.count().label("n"))
            .select_from(joined)
            .where(matched, rowid <= ID_MASK, on_key(stored) if on_key else true())
            .group_by(stored)
        )
        return union_all(keyed, unkeyed)

    def keyed_source(
        self, on_key: KeyCondition, tier: str | None = None
    ) -> tuple[FromClause, ColumnElement[bool]] | None:
        """Each hit's number probed among the passing keys' numbers before the join (a
        condition on the index alone), the key itself tested after it for unnumbered hits."""
        found = self._driving(tier)
        if found is None or found[1]:
            return None
        rowid = decisions_fts.c.rowid
        combo = rowid_combo().op("&")(literal_column(str(COMBO_MASK)))
        passing = select(combos_t.c.id).where(on_key(combos_t.c.key))
        joined = decisions_fts.join(facets_t, facets_t.c.decision_id == decision_id())
        where = and_(
            _fts_match(decisions_fts, found[0]),
            or_(rowid <= ID_MASK, combo.in_(passing)),
            or_(rowid > ID_MASK, on_key(facets_t.c.facet_key)),
        )
        return joined, where

    def key_count(self, on_key: KeyCondition, tier: str | None = None) -> Select | None:
        """Filters said on the key counted without a join: each hit's number looked up
        among the numbers of the keys that pass (a few thousand, probed in memory)."""
        found = self._driving(tier)
        if found is None or found[1]:
            return None
        matched = _fts_match(decisions_fts, found[0])
        rowid = decisions_fts.c.rowid
        combo = rowid_combo().op("&")(literal_column(str(COMBO_MASK)))
        passing = select(combos_t.c.id).where(on_key(combos_t.c.key))
        numbered = select(func.count()).where(matched, rowid > ID_MASK, combo.in_(passing))
        joined = decisions_fts.join(facets_t, facets_t.c.decision_id == rowid)
        bare = (
            select(func.count())
            .select_from(joined)
            .where(matched, rowid <= ID_MASK, on_key(facets_t.c.facet_key))
        )
        return select(numbered.scalar_subquery() + bare.scalar_subquery())

    def year_buckets(
        self, conn: Connection, tier: str | None, newest_first: bool
    ) -> tuple[ColumnElement[bool] | None, list[ColumnElement[bool]]] | None:
        """Rowid ranges: a year's hits are one range of rowids, which FTS5 seeks to; the
        rest are the rowids without a year code (undated, a year the key cannot hold)."""
        if self._driving(tier) is None:
            return None
        years = year_codes(conn, newest_first)
        rowid = decisions_fts.c.rowid
        ranges = [year_rowids(c) for c in years]
        return rowid < year_rowids(1)[0], [and_(rowid >= lo, rowid <= hi) for lo, hi in ranges]

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
        ddl.run(execute, ddl.external_ddl("decisions", DECISION_FIELDS))
        ddl.run(execute, ddl.external_ddl("documents", ("text",)))

    def drop(self, execute: Execute) -> None:
        ddl.run(execute, ddl.drop_ddl("decisions") + ddl.drop_ddl("documents"))

    def add_projection_vectors(self, execute: Execute) -> None:
        """Nothing: FTS5 keeps its own tables."""

    def drop_projection_vectors(self, execute: Execute) -> None:
        """Nothing to undo."""

    def key(self, execute: Execute) -> None:
        """``decisions_fts`` becomes contentless, keyed by facet key, indexing the
        decisions stored so far."""
        ddl.run(execute, ddl.drop_ddl("decisions") + ddl.keyed_decisions_ddl(rowid_sql_0004))

    def unkey(self, execute: Execute) -> None:
        ddl.run(execute, ddl.drop_ddl("decisions") + ddl.external_ddl("decisions", DECISION_FIELDS))

    def number_keys(self, execute: Execute) -> None:
        """Counts kept by triggers; the rowids rebuilt as year, number and id."""
        ddl.run(execute, ddl.COUNT_TRIGGERS)
        ddl.run(execute, ddl.drop_ddl("decisions") + ddl.keyed_decisions_ddl())

    def unnumber_keys(self, execute: Execute) -> None:
        ddl.run(execute, [f"DROP TRIGGER IF EXISTS {name}" for name in ddl.COUNT_TRIGGER_NAMES])
        self.key(execute)

    def count_writes(self, execute: Execute) -> None:
        """A trigger per row written (SQLite has no statement triggers)."""
        ddl.run(execute, [f"CREATE TRIGGER {n} {t}" for n, t in ddl.WRITE_TRIGGERS.items()])

    def uncount_writes(self, execute: Execute) -> None:
        ddl.run(execute, [f"DROP TRIGGER IF EXISTS {name}" for name in ddl.WRITE_TRIGGERS])

    def suspend(self, execute: Execute) -> None:
        """``decisions_fts`` and its triggers go: one ordered pass after the load writes one
        segment, where a trigger per row costs 40% of a bulk load."""
        ddl.run(execute, ddl.drop_ddl("decisions"))

    def resume(self, execute: Execute) -> None:
        ddl.run(execute, ddl.drop_ddl("decisions") + ddl.keyed_decisions_ddl())

    def document_table(self, documents: Table) -> Table:
        return documents  # triggers index the text

    def document_values(self, text: str) -> dict[str, object]:
        return {}

    def insert_projection(
        self, conn: Connection, rows: list[dict], decisions: Sequence[dict], numbered: bool
    ) -> None:
        """In keyed rowid order: FTS5 writes a segment whenever a rowid goes down."""
        if numbered:
            keys = sorted({r["facet_key"] for r in rows})
            query = select(combos_t.c.key, combos_t.c.id).where(combos_t.c.key.in_(keys))
            numbers: dict[int, int] = {key: number for key, number in conn.execute(query)}
            rows.sort(key=lambda r: _rowid_of(r, numbers))
        conn.execute(insert(facets_t), rows)

    def match(self, expr: Node | None, positive: Node | None, scope: str) -> Match:
        return Fts5Match(expr, positive, scope)


INDEX = Fts5Index()
