"""PostgreSQL's full-text index: ``tsvector`` columns with GIN indexes, written by the store's
projection hook with the very terms FTS5 makes (:mod:`imrdb.search.analyzer`).

``documents.search_vector`` holds a whole letter's terms. The decisions' vectors live on the
projection, so a query reads one narrow table: ``search_vector`` (the fields weighted A
treatment, B citation titles, C rationale), and two small ones for ranking tiers,
``treatment_vector`` (the treatment) and ``heading_vector`` (treatment and citation titles).
PostgreSQL keeps rows under ~2 KB inline whatever ``toast_tuple_target`` says, so these rows
are ~1.3 KB and a bitmap scan over half a million hits reads ~1 GB of heap (see
docs/search.md, Performance). A query is a ``tsquery`` literal of quoted lexemes (a stemmed
prefix + ``:*``, as FTS5 stems a prefix token), a bound parameter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Select,
    Table,
    and_,
    cast,
    func,
    insert,
    literal,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import TSQUERY

from imrdb.db.models import documents as _documents
from imrdb.search import codes
from imrdb.search.analyzer import terms
from imrdb.search.index.base import (
    DECISION_FIELDS,
    Execute,
    Match,
    TextIndex,
    bound,
    year_codes,
)
from imrdb.search.index.tables import facets_t, with_vectors
from imrdb.search.query import Node, Not, Or, Phrase, Word

_WEIGHTS = dict(zip(DECISION_FIELDS, "ABC", strict=True))
# Gap between fields' positions in one tsvector, so a phrase never spans two fields.
_FIELD_GAP = 8
_MAX_POSITION = 16383  # PostgreSQL's limit; later positions are clamped to it
# The projection's vectors: (name, stored inline?), and the vector each tier matches.
PROJECTION_VECTORS = (
    ("search_vector", False),
    ("treatment_vector", True),
    ("heading_vector", True),
)
_TIER_VECTORS = {"treatment": "treatment_vector", "heading": "heading_vector"}

PG_FACETS = with_vectors(facets_t, tuple(name for name, _ in PROJECTION_VECTORS))


# --- vectors ---------------------------------------------------------------------------------


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
        numbers: Iterable[int] = range(start, start + len(field_terms))
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


def _vectors(decision: dict) -> dict[str, str]:
    treatment, titles = decision.get("treatment"), decision.get("citation_text")
    return {
        "search_vector": tsvector((decision.get(f), w) for f, w in _WEIGHTS.items()),
        "treatment_vector": tsvector([(treatment, None)]),
        "heading_vector": tsvector([(treatment, None), (titles, None)]),
    }


@cache
def _documents_with_vector(documents: Table) -> Table:
    return with_vectors(documents, ("search_vector",))


# --- DDL -------------------------------------------------------------------------------------


def _vector_ddl(table: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ADD COLUMN search_vector tsvector",
        f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin (search_vector)",
    ]


def _drop_vector_ddl(table: str) -> list[str]:
    return [
        f"DROP INDEX IF EXISTS ix_{table}_search_vector",
        f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
    ]


# Per statement: (operation, its transition tables, the change of each key's count).
_NEW_COUNT = "SELECT facet_key, count(*) AS n FROM new_rows GROUP BY facet_key"
_OLD_COUNT = "SELECT facet_key, -count(*) AS n FROM old_rows GROUP BY facet_key"
_COUNTED = {
    "insert": ("NEW TABLE AS new_rows", _NEW_COUNT),
    "delete": ("OLD TABLE AS old_rows", _OLD_COUNT),
    "update": (
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        f"SELECT facet_key, sum(n) AS n FROM ({_NEW_COUNT} UNION ALL {_OLD_COUNT}) c "
        "GROUP BY facet_key",
    ),
}
_COUNT_DDL = [
    statement
    for operation, (tables, change) in _COUNTED.items()
    for statement in (
        f"CREATE FUNCTION facet_combos_{operation}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN UPDATE facet_combos k SET decisions = k.decisions + c.n "
        f"FROM ({change}) c WHERE k.key = c.facet_key AND c.n <> 0; RETURN NULL; END $$",
        f"CREATE TRIGGER facet_combos_{operation} AFTER {operation.upper()} "
        f"ON decision_facets REFERENCING {tables} FOR EACH STATEMENT "
        f"EXECUTE FUNCTION facet_combos_{operation}()",
    )
]

_WRITES_DDL = [
    "CREATE FUNCTION projection_inserts() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN UPDATE projection_writes SET generation = generation + 1; "
    "INSERT INTO projection_inserts (decision_id, generation) SELECT n.decision_id, "
    "w.generation FROM new_rows n, projection_writes w ON CONFLICT (decision_id) "
    "DO UPDATE SET generation = excluded.generation; RETURN NULL; END $$",
    "CREATE TRIGGER projection_inserts AFTER INSERT ON decision_facets "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION projection_inserts()",
    "CREATE FUNCTION projection_rewrites() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN UPDATE projection_writes SET generation = generation + 1, "
    "rewrites = rewrites + 1; RETURN NULL; END $$",
    "CREATE TRIGGER projection_rewrites AFTER UPDATE OR DELETE OR TRUNCATE "
    "ON decision_facets FOR EACH STATEMENT EXECUTE FUNCTION projection_rewrites()",
]

# --- matching --------------------------------------------------------------------------------


def _lexeme(word: Word) -> str:
    return _quote(word.term) + (":*" if word.prefix else "")


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


def _matches(vector: str, node: Node) -> ColumnElement[bool]:
    return literal_column(vector).op("@@")(cast(bound(tsquery(node)), TSQUERY))


@dataclass(frozen=True)
class TsqueryMatch(Match):
    """``@@`` against the projection's vectors (the tiers' small ones for ranking)."""

    def leaf(self, node: Node, fields: str | None = None) -> ColumnElement[bool]:
        if self.scope == "letter":
            docs = select(_documents.c.id).where(_matches("documents.search_vector", node))
            return facets_t.c.document_id.in_(docs)
        vector = _TIER_VECTORS.get(fields or "", "search_vector")
        return _matches(f"decision_facets.{vector}", node)

    def year_buckets(
        self, conn: Connection, tier: str | None, newest_first: bool
    ) -> tuple[ColumnElement[bool] | None, list[ColumnElement[bool]]] | None:
        """Newest first only: ranges of ``newest_rank`` cut where each year's letters begin,
        the first open below and the last above (undated letters), so together they hold
        every hit once and in order; ``newest_rank`` has an index, which PostgreSQL ANDs
        with the text index's bitmap, so a range's heap rows only are read."""
        if self.expr is None or self.scope != "decision" or not newest_first:
            return None
        years = (codes.year_of_code(c) for c in year_codes(conn, newest_first))
        cuts = sorted({codes.year_ranks(year)[0] for year in years if year})
        if len(cuts) < 2:
            return None
        rank = facets_t.c.newest_rank
        ranges = []
        for i, low in enumerate(cuts):
            below = [rank < cuts[i + 1]] if i + 1 < len(cuts) else []
            ranges.append(and_(*([rank >= low] if i else []), *below))
        return None, ranges


class TsvectorIndex(TextIndex):
    def create(self, execute: Execute) -> None:
        for sql in _vector_ddl("decisions") + _vector_ddl("documents"):
            execute(sql)

    def drop(self, execute: Execute) -> None:
        for sql in _drop_vector_ddl("decisions") + _drop_vector_ddl("documents"):
            execute(sql)

    def add_projection_vectors(self, execute: Execute) -> None:
        """The vectors and their GIN indexes; the small ones stay inline."""
        for name, inline in PROJECTION_VECTORS:
            execute(f"ALTER TABLE decision_facets ADD COLUMN {name} tsvector")
            if inline:
                execute(f"ALTER TABLE decision_facets ALTER COLUMN {name} SET STORAGE MAIN")
            execute(f"CREATE INDEX ix_decision_facets_{name} ON decision_facets USING gin ({name})")

    def drop_projection_vectors(self, execute: Execute) -> None:
        for name, _ in PROJECTION_VECTORS:
            execute(f"DROP INDEX IF EXISTS ix_decision_facets_{name}")
            execute(f"ALTER TABLE decision_facets DROP COLUMN IF EXISTS {name}")

    def key(self, execute: Execute) -> None:
        """The decisions' own vector goes; search reads the projection's."""
        for sql in _drop_vector_ddl("decisions"):
            execute(sql)

    def unkey(self, execute: Execute) -> None:
        """The decisions' vector again, copied from the projection."""
        for sql in _vector_ddl("decisions"):
            execute(sql)
        execute(
            "UPDATE decisions SET search_vector = f.search_vector FROM decision_facets f "
            "WHERE f.decision_id = decisions.id"
        )

    def number_keys(self, execute: Execute) -> None:
        """Counts kept by statement triggers: one update per key a statement touches, not
        per row (a bulk insert would otherwise rewrite a key's row for every decision)."""
        for sql in _COUNT_DDL:
            execute(sql)

    def unnumber_keys(self, execute: Execute) -> None:
        for operation in _COUNTED:
            execute(f"DROP TRIGGER IF EXISTS facet_combos_{operation} ON decision_facets")
            execute(f"DROP FUNCTION IF EXISTS facet_combos_{operation}()")

    def count_writes(self, execute: Execute) -> None:
        """One bump per statement that writes the projection (its vectors included), its
        inserted rows logged from the statement's transition table."""
        for sql in _WRITES_DDL:
            execute(sql)

    def uncount_writes(self, execute: Execute) -> None:
        for name in ("projection_inserts", "projection_rewrites"):
            execute(f"DROP TRIGGER IF EXISTS {name} ON decision_facets")
            execute(f"DROP FUNCTION IF EXISTS {name}()")

    def suspend(self, execute: Execute) -> None:
        """The projection's GIN indexes go: built once after a load, they take a fraction
        of the time of row-by-row insertion."""
        for name, _ in PROJECTION_VECTORS:
            execute(f"DROP INDEX IF EXISTS ix_decision_facets_{name}")

    def resume(self, execute: Execute) -> None:
        for name, _ in PROJECTION_VECTORS:
            execute(
                f"CREATE INDEX IF NOT EXISTS ix_decision_facets_{name} "
                f"ON decision_facets USING gin ({name})"
            )

    def key_counts(self, conn: Connection, words: Sequence[Word]) -> Select | CompoundSelect:
        """One pass over the projection, a filtered count per word grouped by key, then a
        row per (word, key) counted: every row is read once for all the words, not once a
        word (the heap of 1.3 KB rows is what costs: 2.2 s for 32 terms at 1 million
        decisions, 0.8 s for one alone)."""
        conn.exec_driver_sql("SET LOCAL work_mem = '256MB'")  # hash the keys, not sort rows
        key = facets_t.c.facet_key
        counts = [
            func.count().filter(_matches("decision_facets.search_vector", word)).label(f"c{i}")
            for i, word in enumerate(words)
        ]
        grouped = (
            select(key.label("k"), *counts)
            .select_from(facets_t)
            .group_by(key)
            .cte("term_groups")
            .prefix_with("MATERIALIZED")
        )
        rows = [
            select(literal(word.term), grouped.c.k, grouped.c[f"c{i}"]).where(
                grouped.c[f"c{i}"] > 0
            )
            for i, word in enumerate(words)
        ]
        return union_all(*rows) if len(rows) > 1 else rows[0]

    def document_table(self, documents: Table) -> Table:
        return _documents_with_vector(documents)

    def document_values(self, text: str) -> dict[str, object]:
        return {"search_vector": tsvector([(text, None)])}

    def insert_projection(
        self, conn: Connection, rows: list[dict], decisions: Sequence[dict], numbered: bool
    ) -> None:
        for row, decision in zip(rows, decisions, strict=True):
            row.update(_vectors(decision))
        conn.execute(insert(PG_FACETS), rows)

    def match(self, expr: Node | None, positive: Node | None, scope: str) -> Match:
        return TsqueryMatch(expr, positive, scope)


INDEX = TsvectorIndex()
