"""How a stored case is projected for search, inside the store's own transaction.

The store (:mod:`imrdb.db.store`) knows nothing of search: it calls the hook it is handed
(:data:`PROJECTION`, a :class:`imrdb.db.store.Projection`) for the columns a new document
carries for the index and for each batch of decisions it writes. The caller that hands it
over (:mod:`imrdb.ingest.save`) sits above both layers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Column, Connection, Table, bindparam, inspect, select, update

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


def _set_ids(conn: Connection, column: Column, rows: list[dict]) -> dict[str, int]:
    """Ids of the sets ``rows`` (unique by ``column``, a dictionary table's key), adding
    the new ones."""
    if not rows:
        return {}
    insert_ignore(conn, column.table, rows)
    wanted = [row[column.name] for row in rows]
    query = select(column, column.table.c.id).where(column.in_(wanted))
    return {key: set_id for key, set_id in conn.execute(query)}


def specialty_set_ids(conn: Connection, keys: set[str]) -> dict[str, int]:
    """Ids of specialty sets (keys from :func:`codes.specialty_key`), adding new ones."""
    ordered = sorted(keys)
    ids = _set_ids(conn, sets_t.c.names, [{"names": k} for k in ordered])
    members = [{"set_id": ids[k], "specialty": name} for k in ordered for name in k.split("\n")]
    if members:
        insert_ignore(conn, members_t, members)
    return ids


def taxonomy_set_ids(conn: Connection, keys: set[str]) -> dict[str, int]:
    """Ids of taxonomy sets (keys from :func:`codes.taxonomy_key`), adding new ones."""
    rows = [{"key": k, **codes.taxonomy_values(k)} for k in sorted(keys)]
    return _set_ids(conn, taxonomy_t.c.key, rows)


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
            records[case_id].final_determination,
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


def _stored(conn: Connection, case_ids: Sequence[int], taxonomy: Sequence[str]) -> Written:
    """The stored decisions of ``case_ids`` as the store would have handed them over."""
    cases = conn.execute(select(_cases).where(_cases.c.id.in_(case_ids))).mappings().all()
    records = {
        c["id"]: CaseRecord(
            c["case_number"],
            reviewer_specialty=c["reviewer_specialty"],
            final_determination=c["final_determination"],
        )
        for c in cases
    }
    # The columns the projection reads, named: a migration calls this on a schema of its own
    # time, before later migrations add the model's other columns (``taxonomy``: those of
    # 0006's taxonomy columns the table has).
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
    schema = inspect(conn)  # migration 0003 runs this too, before 0006 and 0007
    numbered = schema.has_table(combos_t.name)
    present = {c["name"] for c in schema.get_columns(_decisions.name)}
    taxonomy = [name for name in codes.TAXONOMY_COLUMNS if name in present]
    for i in range(0, len(case_ids), chunk):
        project(conn, _stored(conn, case_ids[i : i + chunk], taxonomy), numbered)
    return len(case_ids)


def _rekey(conn: Connection, new_key: Callable[[dict], int], chunk: int = 10_000) -> int:
    """Every projection row's facet key replaced by ``new_key(row)`` (a row: the
    projection's columns, the decision's taxonomy columns and its case's
    ``final_determination``), a chunk at a time in id order; each new key is numbered
    first, so the triggers that count keys and key the full-text rowid find it. Returns
    how many keys changed."""
    taxonomy = [_decisions.c[name] for name in codes.TAXONOMY_COLUMNS]
    base = (
        select(facets_t, *taxonomy, _cases.c.final_determination)
        .join(_decisions, _decisions.c.id == facets_t.c.decision_id)
        .join(_cases, _cases.c.id == _decisions.c.case_id)
        .order_by(facets_t.c.decision_id)
        .limit(chunk)
    )
    changed, last = 0, 0
    while rows := conn.execute(base.where(facets_t.c.decision_id > last)).mappings().all():
        last = rows[-1]["decision_id"]
        moved = [
            {"id": r["decision_id"], "key": key}
            for r in rows
            if (key := new_key(dict(r))) != r["facet_key"]
        ]
        if moved:
            keys = sorted({m["key"] for m in moved})
            insert_ignore(conn, combos_t, [{"key": k} for k in keys])
            by_id = facets_t.c.decision_id == bindparam("id")
            conn.execute(update(facets_t).where(by_id).values(facet_key=bindparam("key")), moved)
        changed += len(moved)
    return changed


def _key_of(row: dict, taxonomy_set: int | None = None, case_outcome: str | None = None) -> int:
    """A projection row's key from its own columns (whatever layout it was stored in)."""
    return codes.facet_key(
        row["outcome"],
        row["category"],
        row["priority"],
        row["letter_year"],
        row["sources"],
        row["specialty_set"],
        taxonomy_set,
        case_outcome,
    )


def rekey_0009(conn: Connection) -> int:
    """Migration 0009's keys: the case outcome beside the other parts, the specialty set
    two bits higher, and the decision's taxonomy set (numbered here) on top."""
    taxonomy = select(*(_decisions.c[name] for name in codes.TAXONOMY_COLUMNS)).distinct()
    keys = {codes.taxonomy_key(r) for r in conn.execute(taxonomy).mappings()}
    ids = taxonomy_set_ids(conn, {k for k in keys if k})

    def new_key(row: dict) -> int:
        treatment = codes.taxonomy_key(row)
        set_id = ids[treatment] if treatment else None
        return _key_of(row, set_id, row["final_determination"])

    return _rekey(conn, new_key)


_SET_SHIFT_0007 = 20  # where migration 0007's keys kept the specialty set


def unkey_0009(conn: Connection) -> int:
    """Undo :func:`rekey_0009`: migration 0007's keys (no case outcome or taxonomy, the
    specialty set from bit 20)."""

    def old_key(row: dict) -> int:
        specialty = row["specialty_set"] or 0
        return _key_of({**row, "specialty_set": None}) | specialty << _SET_SHIFT_0007

    return _rekey(conn, old_key)
