"""Query trees as full-text SQL: FTS5 MATCH on SQLite, tsquery on PostgreSQL.

The only dialect-specific part of search. Everything returned is over the search
projection ``decision_facets``: a FROM clause and a WHERE condition, whose user text always
travels as a bound parameter. SQLite: every token is a double-quoted FTS5 string (FTS5 stems
it as it stemmed the text); the FTS5 table drives a join on its rowid when it can, since
FTS5 yields a million rowids in ~60 ms but an ``IN (subquery)`` over them costs 5x that.
A hit's decision id is the low 32 bits of its FTS5 rowid, whose high bits hold the
decision's facet key (:func:`imrdb.search.codes.text_rowid`): facets are counted from FTS5
alone (:meth:`Match.key_groups`).
PostgreSQL: index terms as quoted lexemes of a ``tsquery`` literal (stemmed prefix + ``:*``,
as FTS5 stems a prefix token), matched against the projection's vectors.

Ranking tiers (:data:`TIERS`): a hit whose positive words match within the treatment ranks
first, within treatment and citation titles next, elsewhere last. FTS5 says it with column
filters, PostgreSQL with the projection's ``treatment_vector`` and ``heading_vector``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    FromClause,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    column,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
    table,
    true,
    union_all,
)
from sqlalchemy.dialects.postgresql import TSQUERY

from imrdb.db.models import Document
from imrdb.db.search_index import facets_t
from imrdb.search import codes
from imrdb.search.filters import KeyCondition
from imrdb.search.query import And, Node, Not, Or, Phrase, Word, indexable

# Tiers of relevance: which fields the positive words must match within.
TIERS = ("treatment", "heading", "text")
_FTS5_COLUMNS = {"treatment": "{treatment}", "heading": "{treatment citation_text}"}
_PG_VECTORS = {"treatment": "treatment_vector", "heading": "heading_vector"}

decisions_fts = table("decisions_fts", column("rowid", Integer))
documents_fts = table("documents_fts", column("rowid", Integer))
_documents = Document.__table__


def _decision_id() -> ColumnElement[int]:
    """A ``decisions_fts`` hit's decision id: the low bits of its rowid."""
    return decisions_fts.c.rowid.op("&")(literal_column(str(codes.TEXT_ID_MASK)))


# --- rendering -----------------------------------------------------------------------------


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


def _lexeme(word: Word) -> str:
    quoted = "'" + word.term.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + (":*" if word.prefix else "")


def tsquery(node: Node) -> str:
    """A PostgreSQL ``tsquery`` literal for a node, with the index's terms."""
    if isinstance(node, Word):
        return _lexeme(node)
    if isinstance(node, Phrase):
        return "(" + " <-> ".join(_lexeme(w) for w in node.words) + ")"
    if isinstance(node, Not):
        return "!" + tsquery(node.item)
    joiner = " | " if isinstance(node, Or) else " & "
    return "(" + joiner.join(tsquery(i) for i in node.items) + ")"


# --- conditions ----------------------------------------------------------------------------


def _bind(value: str):
    return bindparam(None, value, type_=String)


def _fts_match(fts, expression: str) -> ColumnElement[bool]:
    return literal_column(fts.name).op("MATCH")(_bind(expression))


def _pg_match(vector: str, node: Node) -> ColumnElement[bool]:
    target = literal_column(f"decision_facets.{vector}")
    return target.op("@@")(cast(_bind(tsquery(node)), TSQUERY))


@dataclass(frozen=True)
class Match:
    """What the query asks of the text, for one dialect: ``expr`` over decisions' fields
    (``scope`` "decision") or over whole letters (``scope`` "letter"); ``positive`` is
    ``expr`` without its exclusions, which the tiers look for."""

    dialect: str
    expr: Node | None
    positive: Node | None
    scope: str = "decision"

    @property
    def ranked(self) -> bool:
        """Are there tiers? Only for decision fields with words to look for."""
        return self.scope == "decision" and self.positive is not None

    def leaf(self, node: Node, fields: str | None = None) -> ColumnElement[bool]:
        """The condition "``node`` matches" (in ``fields``: a tier name), as a subquery."""
        if self.dialect == "postgresql":
            if self.scope == "letter":
                docs = select(_documents.c.id).where(
                    literal_column("documents.search_vector").op("@@")(
                        cast(_bind(tsquery(node)), TSQUERY)
                    )
                )
                return facets_t.c.document_id.in_(docs)
            return _pg_match(_PG_VECTORS.get(fields or "", "search_vector"), node)
        expression = fts5(node)
        if fields:
            expression = f"{_FTS5_COLUMNS[fields]} : {expression}"
        if self.scope == "letter":
            docs = select(documents_fts.c.rowid).where(_fts_match(documents_fts, expression))
            return facets_t.c.document_id.in_(docs)
        hits = select(_decision_id()).where(_fts_match(decisions_fts, expression))
        return facets_t.c.decision_id.in_(hits)

    def condition(self, node: Node) -> ColumnElement[bool]:
        """Any tree as SQL: indexable parts as one match each, joined by SQL's AND/OR/NOT."""
        if indexable(node):
            return self.leaf(node)
        if isinstance(node, Not):
            return not_(self.condition(node.item))
        parts = [self.condition(i) for i in node.items]
        return and_(*parts) if isinstance(node, And) else or_(*parts)

    def _tier_condition(self, tier: str) -> ColumnElement[bool] | None:
        if tier == "text":
            return not_(self.leaf(self.positive, "heading"))
        inside = self.leaf(self.positive, tier)
        if tier == "heading":
            return and_(inside, not_(self.leaf(self.positive, "treatment")))
        return inside

    def source(self, tier: str | None = None) -> tuple[FromClause, ColumnElement[bool]]:
        """FROM and WHERE selecting the matching ``decision_facets`` rows (of ``tier``)."""
        if self.expr is None:
            return facets_t, true()
        if self.dialect == "sqlite" and self.scope == "decision":
            driven = self._sqlite_driven(tier)
            if driven is not None:
                return driven
        where = self.condition(self.expr)
        if tier is not None and self.ranked:
            where = and_(where, self._tier_condition(tier))
        return facets_t, where

    def _sqlite_match(self, tier: str | None) -> tuple[str, list[Node]] | None:
        """The FTS5 expression that can drive the query (the indexable part of the query,
        with the tier's column filters) and the parts left as SQL conditions."""
        expr = self.expr
        if expr is None or self.dialect != "sqlite" or self.scope != "decision":
            return None
        items = expr.items if isinstance(expr, And) else (expr,)
        driving = [i for i in items if indexable(i) or (isinstance(i, Not) and indexable(i.item))]
        if not any(not isinstance(i, Not) for i in driving):
            return None
        rest = [i for i in items if i not in driving]
        core = driving[0] if len(driving) == 1 else And(tuple(driving))
        expression = fts5(core)
        if tier is not None and self.ranked:
            treatment = f"{_FTS5_COLUMNS['treatment']} : {fts5(self.positive)}"
            heading = f"{_FTS5_COLUMNS['heading']} : {fts5(self.positive)}"
            expression = {
                "treatment": f"({expression} AND ({treatment}))",
                "heading": f"({expression} AND (({heading}) NOT ({treatment})))",
                "text": f"({expression} NOT ({heading}))",
            }[tier]
        return expression, rest

    def _sqlite_driven(self, tier: str | None) -> tuple[FromClause, ColumnElement[bool]] | None:
        """The FTS5 table joined to the projection, its MATCH driving the loop."""
        found = self._sqlite_match(tier)
        if found is None:
            return None
        expression, rest = found
        joined = decisions_fts.join(facets_t, facets_t.c.decision_id == _decision_id())
        where = and_(_fts_match(decisions_fts, expression), *(self.condition(i) for i in rest))
        return joined, where

    def key_groups(self, on_key: KeyCondition) -> CompoundSelect | None:
        """SQLite, a query FTS5 can say alone: the matches whose facet key passes
        ``on_key`` counted by key (``k``, ``n``) from the index alone, whose rowids carry the
        key (grouped already, no join); hits whose rowid has no key are counted through the
        projection. None otherwise."""
        found = self._sqlite_match(None)
        if found is None or found[1]:
            return None
        rowid = decisions_fts.c.rowid
        key = rowid.op(">>")(literal_column(str(codes.TEXT_ID_BITS)))
        keyed = (
            select(key.label("k"), func.count().label("n"))
            .where(_fts_match(decisions_fts, found[0]), rowid > codes.TEXT_ID_MASK, on_key(key))
            .group_by(key)
        )
        joined = decisions_fts.join(facets_t, facets_t.c.decision_id == rowid)
        stored = facets_t.c.facet_key
        unkeyed = (
            select(stored.label("k"), func.count().label("n"))
            .select_from(joined)
            .where(
                _fts_match(decisions_fts, found[0]),
                rowid <= codes.TEXT_ID_MASK,
                on_key(stored),
            )
            .group_by(stored)
        )
        return union_all(keyed, unkeyed)

    def count(self, tier: str | None = None) -> Select:
        """``count(*)`` of the matches (of ``tier``), with no other filter. On SQLite a
        query FTS5 can say alone is counted in FTS5 alone: a million rowids in ~60 ms,
        where joining each to its projection row costs four times that."""
        found = self._sqlite_match(tier)
        if found is not None and not found[1]:
            return (
                select(func.count())
                .select_from(decisions_fts)
                .where(_fts_match(decisions_fts, found[0]))
            )
        source, where = self.source(tier)
        return select(func.count()).select_from(source).where(where)

    def tier_number(self) -> ColumnElement[int]:
        """1, 2 or 3 per matching row (its tier), for ranking groups of hits."""
        if not self.ranked:
            return literal(len(TIERS))
        return case(
            (self.leaf(self.positive, "treatment"), 1),
            (self.leaf(self.positive, "heading"), 2),
            else_=3,
        )
