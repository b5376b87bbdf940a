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

from collections.abc import Callable, Sequence
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
    or_,
    select,
    table,
    true,
    union_all,
)

from imrdb.search import codes
from imrdb.search.index.base import (
    DECISION_FIELDS,
    Execute,
    KeyCondition,
    Match,
    TextIndex,
    bound,
    year_codes,
)
from imrdb.search.index.tables import combos_t, facets_t
from imrdb.search.query import And, Node, Not, Or, Phrase, Word, indexable

TOKENIZE = "porter unicode61 remove_diacritics 2"

# --- the keyed rowid: the one place it is defined --------------------------------------------
# rowid = year code << 56 | combination number << 32 | decision id: the letter's year (the
# facet key's year code) on top, so hits come year by year and a first page reads only the
# newest years; then the number of the decision's facet key (``facet_combos``: the key
# itself may be as wide as facets need); then the id. A number past 24 bits (never seen:
# one per distinct combination of facet values) is left out (the rowid is the id alone),
# and those hits are counted through the projection instead.
ID_BITS = 32
ID_MASK = (1 << ID_BITS) - 1
COMBO_BITS = 24
COMBO_MASK = (1 << COMBO_BITS) - 1
YEAR_SHIFT = ID_BITS + COMBO_BITS
_YEAR_PART = codes.key_part("year")  # (shift, mask) of the year code in a facet key


def year_code(key: int) -> int:
    """The year code in facet key ``key`` (0: no year, or one the key cannot hold)."""
    shift, mask = _YEAR_PART
    return (key >> shift) & mask


def text_rowid(key: int, combo: int, decision_id: int) -> int:
    """The full-text rowid of decision ``decision_id`` with facet key ``key`` numbered
    ``combo`` in ``facet_combos``."""
    if not 0 < decision_id <= ID_MASK:
        raise ValueError(f"decision id {decision_id} does not fit {ID_BITS} bits")
    if not 0 < combo <= COMBO_MASK:
        return decision_id
    return (year_code(key) << YEAR_SHIFT) | (combo << ID_BITS) | decision_id


def year_rowids(code: int) -> tuple[int, int]:
    """The first and last rowid of year code ``code`` (code 0 also holds unnumbered hits)."""
    return code << YEAR_SHIFT, ((code + 1) << YEAR_SHIFT) - 1


def keyed_rowid_sql(facets: str) -> str:
    """SQL: :func:`text_rowid` of the ``decision_facets`` row called ``facets`` (what the
    triggers compute, and ``imrdb datasette``'s view)."""
    key, decision = f"{facets}.facet_key", f"{facets}.decision_id"
    shift, mask = _YEAR_PART
    numbered = (
        f"CASE WHEN fc.id <= {COMBO_MASK} THEN ((({key} >> {shift}) & {mask}) << {YEAR_SHIFT}) "
        f"| (fc.id << {ID_BITS}) | {decision} END"
    )
    return f"coalesce((SELECT {numbered} FROM facet_combos fc WHERE fc.key = {key}), {decision})"


# Migration 0004's rowid (the facet key itself above the id, when it fits 31 bits), kept so
# that revision builds and undoes what it always did.
_KEY_LIMIT_0004 = 1 << (63 - ID_BITS)


def _rowid_sql_0004(facets: str) -> str:
    key, decision = f"{facets}.facet_key", f"{facets}.decision_id"
    return (
        f"CASE WHEN {key} >= 0 AND {key} < {_KEY_LIMIT_0004} "
        f"THEN ({key} << {ID_BITS}) | {decision} ELSE {decision} END"
    )


decisions_fts = table("decisions_fts", column("rowid", Integer))
documents_fts = table("documents_fts", column("rowid", Integer))


def _decision_id() -> ColumnElement[int]:
    """A ``decisions_fts`` hit's decision id: the low bits of its rowid."""
    return decisions_fts.c.rowid.op("&")(literal_column(str(ID_MASK)))


def _rowid_combo() -> ColumnElement[int]:
    """A ``decisions_fts`` hit's year code and combination number: its rowid's high bits."""
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


def _keyed_decisions_ddl(rowid: Callable[[str], str] = keyed_rowid_sql) -> list[str]:
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


_KEYED_TRIGGERS = (
    "decisions_fts_ai",
    "decisions_fts_bd",
    "decisions_fts_fd",
    "decisions_fts_au",
    "decisions_fts_fu",
)


_COUNT_TRIGGER_NAMES = ("facet_combos_ai", "facet_combos_ad", "facet_combos_au")
_MORE, _LESS = (
    f"UPDATE facet_combos SET decisions = decisions {sign} 1 WHERE key = {row}.facet_key;"
    for sign, row in (("+", "new"), ("-", "old"))
)
_COUNT_TRIGGERS = [
    f"CREATE TRIGGER facet_combos_ai AFTER INSERT ON decision_facets BEGIN {_MORE} END",
    f"CREATE TRIGGER facet_combos_ad AFTER DELETE ON decision_facets BEGIN {_LESS} END",
    "CREATE TRIGGER facet_combos_au AFTER UPDATE OF facet_key ON decision_facets "
    f"BEGIN {_LESS} {_MORE} END",
]


def _rowid_of(row: dict, numbers: dict[int, int]) -> int:
    return text_rowid(row["facet_key"], numbers[row["facet_key"]], row["decision_id"])


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

    def key_groups(self, on_key: KeyCondition | None) -> CompoundSelect | None:
        """A query FTS5 can say alone: counted by the numbers in the rowids (grouped
        already, no join), each group then given its key; hits whose rowid has no number
        are counted through the projection."""
        found = self._driving(None)
        if found is None or found[1]:
            return None
        matched = _fts_match(decisions_fts, found[0])
        rowid, number = decisions_fts.c.rowid, _rowid_combo()
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

    def keyed_source(self, on_key: KeyCondition) -> tuple[FromClause, ColumnElement[bool]] | None:
        """Each hit's number probed among the passing keys' numbers before the join (a
        condition on the index alone), the key itself tested after it for unnumbered hits."""
        found = self._driving(None)
        if found is None or found[1]:
            return None
        rowid = decisions_fts.c.rowid
        combo = _rowid_combo().op("&")(literal_column(str(COMBO_MASK)))
        passing = select(combos_t.c.id).where(on_key(combos_t.c.key))
        joined = decisions_fts.join(facets_t, facets_t.c.decision_id == _decision_id())
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
        combo = _rowid_combo().op("&")(literal_column(str(COMBO_MASK)))
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
        _run(execute, _drop_ddl("decisions") + _keyed_decisions_ddl(_rowid_sql_0004))

    def unkey(self, execute: Execute) -> None:
        _run(execute, _drop_ddl("decisions") + _external_ddl("decisions", DECISION_FIELDS))

    def number_keys(self, execute: Execute) -> None:
        """Counts kept by triggers; the rowids rebuilt as year, number and id."""
        _run(execute, _COUNT_TRIGGERS)
        _run(execute, _drop_ddl("decisions") + _keyed_decisions_ddl())

    def unnumber_keys(self, execute: Execute) -> None:
        _run(execute, [f"DROP TRIGGER IF EXISTS {name}" for name in _COUNT_TRIGGER_NAMES])
        self.key(execute)

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
