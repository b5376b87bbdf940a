"""How a stored case is projected for search, inside the store's own transaction.

The store (:mod:`imrdb.db.store`) knows nothing of search: it calls the hook it is handed
(:data:`PROJECTION`, a :class:`imrdb.db.store.Projection`) for the columns a new document
carries for the index and for each batch of decisions it writes. The caller that hands it
over (:mod:`imrdb.ingest.save`) sits above both layers.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import BigInteger, Connection, Table, insert, inspect, literal, select, update

from imrdb.db.dialect import insert_ignore
from imrdb.db.models import cases as _cases
from imrdb.db.models import citations as _citations
from imrdb.db.models import decisions as _decisions
from imrdb.db.store import Written
from imrdb.record import CaseRecord
from imrdb.record import Citation as CitationRecord
from imrdb.record import Decision as DecisionRecord
from imrdb.search import codes
from imrdb.search.index.dialects import for_dialect
from imrdb.search.index.tables import combos_t, facets_t, members_t, sets_t, taxonomy_t
from imrdb.vocab import specialties


def specialty_set_ids(conn: Connection, keys: set[str]) -> dict[str, int]:
    """Ids of specialty sets (keys from :func:`codes.specialty_key`), adding new ones."""
    if not keys:
        return {}
    ordered = sorted(keys)
    insert_ignore(conn, sets_t, [{"names": k} for k in ordered])
    query = select(sets_t.c.names, sets_t.c.id).where(sets_t.c.names.in_(ordered))
    ids: dict[str, int] = {names: set_id for names, set_id in conn.execute(query)}
    members = [{"set_id": ids[k], "specialty": name} for k in ordered for name in k.split("\n")]
    insert_ignore(conn, members_t, members)
    return ids


def taxonomy_set_ids(conn: Connection, keys: set[str]) -> dict[str, int]:
    """Ids of taxonomy sets (keys from :func:`codes.taxonomy_key`), adding new ones."""
    if not keys:
        return {}
    ordered = sorted(keys)
    insert_ignore(conn, taxonomy_t, [{"key": k, **codes.taxonomy_values(k)} for k in ordered])
    query = select(taxonomy_t.c.key, taxonomy_t.c.id).where(taxonomy_t.c.key.in_(ordered))
    return {key: set_id for key, set_id in conn.execute(query)}


def project(conn: Connection, written: Written, numbered: bool = True) -> None:
    """Projection rows (and the index's entries) for newly written decisions; ``numbered``:
    the keys are numbered in ``facet_combos`` (false only before migration 0007)."""
    if not written.ids:
        return
    records = written.records
    owners = select(_cases.c.id, _cases.c.document_id).where(_cases.c.id.in_(list(records)))
    document_ids = dict(conn.execute(owners).all())
    keys = {
        case_id: codes.specialty_key(specialties.normalize(record.reviewer_specialty))
        for case_id, record in records.items()
    }
    set_ids = specialty_set_ids(conn, {k for k in keys.values() if k})
    treatments = [codes.taxonomy_key(row) for row in written.rows]
    taxonomy_ids = taxonomy_set_ids(conn, {k for k in treatments if k})
    rows = []
    written_rows = zip(written.rows, written.items, written.ids, treatments, strict=True)
    for row, item, decision_id, treatment in written_rows:
        case_id = row["case_id"]
        newest, oldest = codes.ranks(row["letter_date"], records[case_id].case_number, item.ordinal)
        key = keys[case_id]
        set_id = set_ids[key] if key else None
        sources = codes.citation_bits(item.citations)
        facet_key = codes.facet_key(
            item.outcome,
            item.category,
            row["priority"],
            row["letter_year"],
            sources,
            set_id,
            taxonomy_ids[treatment] if treatment else None,
        )
        rows.append(
            {
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
        )
    if numbered:  # before the rows go in: the index's triggers read the numbers
        keys = sorted({r["facet_key"] for r in rows})
        insert_ignore(conn, combos_t, [{"key": k} for k in keys])
    for_dialect(conn.dialect.name).insert_projection(conn, rows, written.rows, numbered)


class Projector:
    """The store's hook: what the index adds to a document, and the decisions' projection."""

    def document_table(self, dialect: str, documents: Table) -> Table:
        return for_dialect(dialect).document_table(documents)

    def document_values(self, dialect: str, text: str) -> dict[str, object]:
        return for_dialect(dialect).document_values(text)

    def decisions_written(self, conn: Connection, written: Written) -> None:
        project(conn, written)


PROJECTION = Projector()


_PROJECTED = (
    "id",
    "case_id",
    "ordinal",
    "treatment",
    "outcome",
    "category",
    "rationale",
    "citation_text",
    "letter_date",
    "letter_year",
    "priority",
)


def _stored(conn: Connection, case_ids: Sequence[int]) -> Written:
    """The stored decisions of ``case_ids`` as the store would have handed them over."""
    cases = conn.execute(select(_cases).where(_cases.c.id.in_(case_ids))).mappings().all()
    records = {
        c["id"]: CaseRecord(c["case_number"], reviewer_specialty=c["reviewer_specialty"])
        for c in cases
    }
    # The columns the projection reads, named: a migration calls this on a schema of its own
    # time, before later migrations add the model's other columns (0006's taxonomy).
    present = {c["name"] for c in inspect(conn).get_columns(_decisions.name)}
    taxonomy = [name for name in codes.TAXONOMY_COLUMNS if name in present]
    columns = [_decisions.c[name] for name in (*_PROJECTED, *taxonomy)]
    query = select(*columns).where(_decisions.c.case_id.in_(case_ids))
    rows = [dict(r) for r in conn.execute(query.order_by(_decisions.c.id)).mappings()]
    cited: dict[int, list[CitationRecord]] = {r["id"]: [] for r in rows}
    query = select(_citations.c.decision_id, _citations.c.cited_by, _citations.c.source)
    for decision_id, cited_by, source in conn.execute(
        query.where(_citations.c.decision_id.in_(list(cited)))
    ):
        cited[decision_id].append(CitationRecord(cited_by, source, ""))
    items = [
        DecisionRecord(
            r["ordinal"], r["treatment"], r["outcome"], r["category"], tuple(cited[r["id"]])
        )
        for r in rows
    ]
    return Written(rows, items, [r["id"] for r in rows], records)


def backfill(conn: Connection, chunk: int = 2000) -> int:
    """Project decisions stored before the projection existed (migration 0003 calls this);
    returns how many cases were projected."""
    done = select(facets_t.c.decision_id).where(facets_t.c.decision_id == _decisions.c.id)
    missing = select(_decisions.c.case_id).where(~done.exists()).distinct()
    case_ids = sorted(conn.scalars(missing))
    numbered = inspect(conn).has_table(combos_t.name)  # migration 0003 runs this too
    for i in range(0, len(case_ids), chunk):
        project(conn, _stored(conn, case_ids[i : i + chunk]), numbered)
    return len(case_ids)


def number_taxonomies(conn: Connection) -> int:
    """Put each stored decision's taxonomy set into its facet key (migration 0009), one
    distinct taxonomy at a time: its new keys numbered first, so the triggers that count
    keys and key the full-text rowid find them. Returns how many decisions changed."""
    d = _decisions.c
    columns = [d[name] for name in codes.TAXONOMY_COLUMNS]
    distinct = [
        dict(zip(codes.TAXONOMY_COLUMNS, row, strict=True))
        for row in conn.execute(select(*columns).distinct())
    ]
    keys = {key: values for values in distinct if (key := codes.taxonomy_key(values))}
    ids = taxonomy_set_ids(conn, set(keys))
    changed = 0
    for key, values in sorted(keys.items()):
        bits = literal(ids[key] << codes.TAXONOMY_SHIFT, BigInteger)
        same = select(d.id).where(*(c.is_not_distinct_from(values[c.name]) for c in columns))
        rows = facets_t.c.decision_id.in_(same)
        new_key = facets_t.c.facet_key.op("|")(bits)
        known = select(combos_t.c.id).where(combos_t.c.key == new_key).exists()
        keys_needed = select(new_key).where(rows, ~known).distinct()
        conn.execute(insert(combos_t).from_select(["key"], keys_needed))
        changed += conn.execute(update(facets_t).where(rows).values(facet_key=new_key)).rowcount
    return changed


def unnumber_taxonomies(conn: Connection) -> None:
    """Undo :func:`number_taxonomies`: every key without its taxonomy set."""
    kept = literal((1 << codes.TAXONOMY_SHIFT) - 1, BigInteger)
    taxed = facets_t.c.facet_key >= literal(1 << codes.TAXONOMY_SHIFT, BigInteger)
    conn.execute(update(facets_t).where(taxed).values(facet_key=facets_t.c.facet_key.op("&")(kept)))
