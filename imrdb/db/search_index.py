"""The search projection: ``decision_facets`` rows written with each decision.

Both engines get the same narrow table (model ``DecisionFacet``). SQLite matches text with
the ``decisions_fts`` FTS5 table, whose rows a trigger adds with these rows (rowid: facet
key and decision id, :func:`imrdb.search.codes.text_rowid`). PostgreSQL keeps the
full-text vectors on the projection itself, so a query reads one narrow table: the
decision's ``search_vector`` (its fields weighted A, B, C), and two small ones for ranking,
``treatment_vector`` (the treatment) and ``heading_vector`` (treatment and citation titles).
PostgreSQL keeps rows under ~2 KB inline whatever ``toast_tuple_target`` says, so these
rows are ~1.3 KB and a bitmap scan over half a million hits reads ~1 GB of heap (see
docs/search.md, Performance). This module owns that DDL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Column, Connection, MetaData, Table, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import TSVECTOR

from imrdb.db import fulltext
from imrdb.db.models import DecisionFacet, SpecialtySet, SpecialtySetMember
from imrdb.record import CaseRecord
from imrdb.record import Decision as DecisionRecord
from imrdb.search import codes
from imrdb.vocab import specialties

facets_t = DecisionFacet.__table__
sets_t, members_t = SpecialtySet.__table__, SpecialtySetMember.__table__

# PostgreSQL-only columns of decision_facets: (name, stored inline?).
PG_VECTORS = (("search_vector", False), ("treatment_vector", True), ("heading_vector", True))


def _pg_table() -> Table:
    columns = [Column(c.name, c.type, primary_key=c.primary_key) for c in facets_t.columns]
    vectors = [Column(name, TSVECTOR) for name, _ in PG_VECTORS]
    return Table(facets_t.name, MetaData(), *columns, *vectors)


PG_FACETS = _pg_table()


def create_pg(execute: Callable[[str], object]) -> None:
    """Add the vectors and their GIN indexes (PostgreSQL); the small ones stay inline."""
    for name, inline in PG_VECTORS:
        execute(f"ALTER TABLE decision_facets ADD COLUMN {name} tsvector")
        if inline:
            execute(f"ALTER TABLE decision_facets ALTER COLUMN {name} SET STORAGE MAIN")
        execute(f"CREATE INDEX ix_decision_facets_{name} ON decision_facets USING gin ({name})")


def drop_pg(execute: Callable[[str], object]) -> None:
    for name, _ in PG_VECTORS:
        execute(f"DROP INDEX IF EXISTS ix_decision_facets_{name}")
        execute(f"ALTER TABLE decision_facets DROP COLUMN IF EXISTS {name}")


def _dialect_insert(conn: Connection):
    return postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert


def specialty_set_ids(conn: Connection, keys: set[str]) -> dict[str, int]:
    """Ids of specialty sets (keys from :func:`codes.specialty_key`), adding new ones."""
    if not keys:
        return {}
    ordered = sorted(keys)
    conn.execute(
        _dialect_insert(conn)(sets_t).on_conflict_do_nothing(), [{"names": k} for k in ordered]
    )
    query = select(sets_t.c.names, sets_t.c.id).where(sets_t.c.names.in_(ordered))
    ids: dict[str, int] = {names: set_id for names, set_id in conn.execute(query)}
    members = [{"set_id": ids[k], "specialty": name} for k in ordered for name in k.split("\n")]
    conn.execute(_dialect_insert(conn)(members_t).on_conflict_do_nothing(), members)
    return ids


def _vectors(row: dict) -> dict[str, str]:
    treatment, titles = row.get("treatment"), row.get("citation_text")
    return {
        "search_vector": fulltext.decision_vector(row),
        "treatment_vector": fulltext.tsvector([(treatment, None)]),
        "heading_vector": fulltext.tsvector([(treatment, None), (titles, None)]),
    }


def insert_projection(
    conn: Connection,
    decision_rows: Sequence[dict],
    items: Sequence[DecisionRecord],
    decision_ids: Sequence[int],
    records: dict[int, CaseRecord],
    document_ids: dict[int, int],
) -> None:
    """Projection rows for newly inserted decisions (``decision_rows`` as the store wrote
    them, ``items`` their records, ``records``/``document_ids`` by case id)."""
    if not decision_ids:
        return
    keys = {
        case_id: codes.specialty_key(specialties.normalize(record.reviewer_specialty))
        for case_id, record in records.items()
    }
    set_ids = specialty_set_ids(conn, {k for k in keys.values() if k})
    pg = conn.dialect.name == "postgresql"
    rows = []
    for row, item, decision_id in zip(decision_rows, items, decision_ids, strict=True):
        case_id = row["case_id"]
        record = records[case_id]
        newest, oldest = codes.ranks(row["letter_date"], record.case_number, item.ordinal)
        key = keys[case_id]
        set_id = set_ids[key] if key else None
        sources = codes.citation_bits(item.citations)
        facet_key = codes.facet_key(
            item.outcome, item.category, row["priority"], row["letter_year"], sources, set_id
        )
        projection = {
            "decision_id": decision_id,
            "case_id": case_id,
            "document_id": document_ids[case_id],
            "outcome": item.outcome,
            "category": item.category,
            "priority": row["priority"],
            "letter_year": row["letter_year"],
            "letter_date": row["letter_date"],
            "sources": sources,
            "specialty_set": set_id,
            "newest_rank": newest,
            "oldest_rank": oldest,
            "facet_key": facet_key,
        }
        if pg:
            projection.update(_vectors(row))
        rows.append(projection)
    if not pg:  # in full-text rowid order: FTS5 writes a segment whenever a rowid goes down
        rows.sort(key=lambda r: codes.text_rowid(r["facet_key"], r["decision_id"]))
    conn.execute(insert(PG_FACETS if pg else facets_t), rows)


def backfill(conn: Connection, chunk: int = 2000) -> int:
    """Project decisions stored before the projection existed (the migration calls this)."""
    from imrdb.db.models import Case, Citation, Decision
    from imrdb.record import Citation as CitationRecord

    cases_t, decisions_t, citations_t = Case.__table__, Decision.__table__, Citation.__table__
    done = select(facets_t.c.decision_id).where(facets_t.c.decision_id == decisions_t.c.id)
    missing = select(decisions_t.c.case_id).where(~done.exists()).distinct()
    case_ids = sorted(conn.scalars(missing))
    for i in range(0, len(case_ids), chunk):
        some = case_ids[i : i + chunk]
        cases = conn.execute(select(cases_t).where(cases_t.c.id.in_(some))).mappings().all()
        records = {
            c["id"]: CaseRecord(c["case_number"], reviewer_specialty=c["reviewer_specialty"])
            for c in cases
        }
        document_ids = {c["id"]: c["document_id"] for c in cases}
        rows = [
            dict(r)
            for r in conn.execute(
                select(decisions_t)
                .where(decisions_t.c.case_id.in_(some))
                .order_by(decisions_t.c.id)
            ).mappings()
        ]
        cited: dict[int, list[CitationRecord]] = {r["id"]: [] for r in rows}
        query = select(citations_t.c.decision_id, citations_t.c.cited_by, citations_t.c.source)
        for decision_id, cited_by, source in conn.execute(
            query.where(citations_t.c.decision_id.in_(list(cited)))
        ):
            cited[decision_id].append(CitationRecord(cited_by, source, ""))
        items = [
            DecisionRecord(
                r["ordinal"], r["treatment"], r["outcome"], r["category"], tuple(cited[r["id"]])
            )
            for r in rows
        ]
        insert_projection(conn, rows, items, [r["id"] for r in rows], records, document_ids)
    return len(case_ids)
