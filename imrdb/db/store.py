"""CaseRecord <-> the normalized tables. One letter is written in one transaction.

Callers own the transaction (``engine.write_transaction``), so a batch of letters can be
all-or-nothing; nothing here commits. Reading assembles records in chunks, so exporting a
million cases streams.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from imrdb.db import fulltext
from imrdb.db.models import Case, CaseSpecialty, Citation, Decision, Document, Guideline
from imrdb.record import DATE_FIELDS, CaseRecord, Span
from imrdb.record import Citation as CitationRecord
from imrdb.record import Decision as DecisionRecord
from imrdb.vocab import guidelines, specialties

SaveOutcome = Literal["stored", "updated"]
_CHUNK = 500

documents, cases, decisions_t = Document.__table__, Case.__table__, Decision.__table__
citations_t, guidelines_t = Citation.__table__, Guideline.__table__
case_specialties = CaseSpecialty.__table__


@dataclass(frozen=True)
class SourceDocument:
    """A file as read: enough to find it again and to re-parse it without the PDF."""

    sha256: str
    path: str
    text: str
    member: str | None = None
    size: int | None = None
    pages: int | None = None
    extractor: str | None = None


def document_exists(conn: Connection, sha256: str) -> bool:
    return conn.scalar(select(documents.c.id).where(documents.c.sha256 == sha256)) is not None


def known_hashes(conn: Connection, hashes: Sequence[str]) -> set[str]:
    """The subset of ``hashes`` already stored as documents."""
    found: set[str] = set()
    for i in range(0, len(hashes), _CHUNK):
        chunk = list(hashes[i : i + _CHUNK])
        found.update(conn.scalars(select(documents.c.sha256).where(documents.c.sha256.in_(chunk))))
    return found


def _spans_json(spans: dict | None) -> dict | None:
    return {k: list(v) for k, v in spans.items()} if spans else None


def _spans_record(data: dict | None) -> dict[str, Span]:
    return {k: (v[0], v[1]) for k, v in (data or {}).items()}


def insert_document(
    conn: Connection, doc: SourceDocument, record: CaseRecord | None, parser_version: str | None
) -> int:
    dialect = conn.dialect.name
    row = {
        "sha256": doc.sha256,
        "path": doc.path,
        "member": doc.member,
        "size": doc.size,
        "pages": doc.pages,
        "text": doc.text,
        "extractor": doc.extractor,
        "layout": record.layout if record else None,
        "parser_version": parser_version,
        "case_number": record.case_number if record else None,
        "sections": _spans_json(dict(record.sections)) if record else None,
        "ingested_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
    }
    if dialect == "postgresql":
        row["search_vector"] = fulltext.document_vector(doc.text)
    table = fulltext.insert_table(documents, dialect)
    return conn.execute(insert(table).returning(table.c.id), row).scalar_one()


def _case_row(record: CaseRecord, document_id: int, parser_version: str | None) -> dict:
    row = {name: getattr(record, name) for name in DATE_FIELDS}
    row.update(
        case_number=record.case_number,
        document_id=document_id,
        letter_year=record.letter_date.year if record.letter_date else None,
        priority=record.priority,
        final_determination=record.final_determination,
        patient_age=record.patient_age,
        patient_sex=record.patient_sex,
        reviewer_specialty=record.reviewer_specialty,
        reviewer_license_state=record.reviewer_license_state,
        layout=record.layout,
        parser_version=parser_version,
        spans=_spans_json(dict(record.spans)),
        updated_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
    )
    return row


def _guideline_ids(conn: Connection, keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Catalog ids for (source, name) pairs, adding the ones not yet catalogued."""
    if not keys:
        return {}
    dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    rows = [{"source": s, "name": n} for s, n in sorted(keys)]
    conn.execute(dialect_insert(guidelines_t).on_conflict_do_nothing(), rows)
    ids: dict[tuple[str, str], int] = {}
    for source in {s for s, _ in keys}:
        names = [n for s, n in keys if s == source]
        query = select(guidelines_t.c.id, guidelines_t.c.name).where(
            guidelines_t.c.source == source, guidelines_t.c.name.in_(names)
        )
        ids.update({(source, name): gid for gid, name in conn.execute(query)})
    return ids


def _insert_decisions(conn: Connection, case_id: int, record: CaseRecord) -> None:
    if not record.decisions:
        return
    dialect = conn.dialect.name
    rows = []
    for d in record.decisions:
        row = {
            "case_id": case_id,
            "ordinal": d.ordinal,
            "treatment": d.treatment,
            "outcome": d.outcome,
            "category": d.category,
            "original_request": d.original_request,
            "authorized": d.authorized,
            "rationale": d.rationale,
            "citation_text": "\n".join(c.title for c in d.citations) or None,
            "letter_date": record.letter_date,
            "letter_year": record.letter_date.year if record.letter_date else None,
            "priority": record.priority,
            "spans": _spans_json(dict(d.spans)),
        }
        if dialect == "postgresql":
            row["search_vector"] = fulltext.decision_vector(row)
        rows.append(row)
    table = fulltext.insert_table(decisions_t, dialect)
    result = conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
    decision_ids = list(result.scalars())
    catalog = {
        (c.source, guidelines.lookup(c.source, c.title)[0])
        for d in record.decisions
        for c in d.citations
    }
    guideline_ids = _guideline_ids(conn, catalog)
    citation_rows = [
        {
            "decision_id": decision_id,
            "ordinal": n,
            "cited_by": c.cited_by,
            "source": c.source,
            "title": c.title,
            "pages": c.pages,
            "guideline_id": guideline_ids.get((c.source, guidelines.lookup(c.source, c.title)[0])),
        }
        for decision_id, d in zip(decision_ids, record.decisions, strict=True)
        for n, c in enumerate(d.citations, start=1)
    ]
    if citation_rows:
        conn.execute(insert(citations_t), citation_rows)


def _write_case(conn: Connection, case_id: int | None, row: dict, record: CaseRecord) -> int:
    if case_id is None:
        case_id = conn.execute(insert(cases).returning(cases.c.id), row).scalar_one()
    else:
        conn.execute(update(cases).where(cases.c.id == case_id).values(row))
        conn.execute(delete(decisions_t).where(decisions_t.c.case_id == case_id))
        conn.execute(delete(case_specialties).where(case_specialties.c.case_id == case_id))
    names = specialties.normalize(record.reviewer_specialty)
    if names:
        rows = [{"case_id": case_id, "specialty": n} for n in names]
        conn.execute(insert(case_specialties), rows)
    _insert_decisions(conn, case_id, record)
    return case_id


def save_letter(
    conn: Connection, doc: SourceDocument, record: CaseRecord, parser_version: str | None = None
) -> SaveOutcome:
    """Store a parsed letter: its document, and its case (new, or replacing the stored one
    when the same case number arrives from a different file, a re-publication)."""
    document_id = insert_document(conn, doc, record, parser_version)
    existing = None
    if record.case_number:
        existing = conn.scalar(select(cases.c.id).where(cases.c.case_number == record.case_number))
    _write_case(conn, existing, _case_row(record, document_id, parser_version), record)
    return "updated" if existing else "stored"


def replace_record(
    conn: Connection, document_id: int, record: CaseRecord, parser_version: str | None
) -> None:
    """Re-derive the case of a stored document from a new parse (``imrdb reparse``)."""
    existing = conn.scalar(select(cases.c.id).where(cases.c.document_id == document_id))
    if existing is None and record.case_number:
        existing = conn.scalar(select(cases.c.id).where(cases.c.case_number == record.case_number))
    conn.execute(
        update(documents)
        .where(documents.c.id == document_id)
        .values(
            layout=record.layout,
            parser_version=parser_version,
            case_number=record.case_number,
            sections=_spans_json(dict(record.sections)),
        )
    )
    _write_case(conn, existing, _case_row(record, document_id, parser_version), record)


# --- reading ---------------------------------------------------------------------------


def _citations_by_decision(conn: Connection, decision_ids: list[int]) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for i in range(0, len(decision_ids), _CHUNK):
        chunk = decision_ids[i : i + _CHUNK]
        query = (
            select(citations_t)
            .where(citations_t.c.decision_id.in_(chunk))
            .order_by(citations_t.c.decision_id, citations_t.c.ordinal)
        )
        for c in conn.execute(query).mappings():
            out[c["decision_id"]].append(
                CitationRecord(c["cited_by"], c["source"], c["title"], c["pages"])
            )
    return out


def _records(conn: Connection, case_rows: list) -> list[CaseRecord]:
    case_ids = [c["id"] for c in case_rows]
    decision_rows = list(
        conn.execute(
            select(decisions_t)
            .where(decisions_t.c.case_id.in_(case_ids))
            .order_by(decisions_t.c.case_id, decisions_t.c.ordinal)
        ).mappings()
    )
    cites = _citations_by_decision(conn, [d["id"] for d in decision_rows])
    by_case: dict[int, list[DecisionRecord]] = defaultdict(list)
    for d in decision_rows:
        by_case[d["case_id"]].append(
            DecisionRecord(
                ordinal=d["ordinal"],
                treatment=d["treatment"],
                outcome=d["outcome"],
                category=d["category"],
                citations=tuple(cites.get(d["id"], ())),
                rationale=d["rationale"],
                original_request=d["original_request"],
                authorized=d["authorized"],
                spans=_spans_record(d["spans"]),
            )
        )
    doc_ids = [c["document_id"] for c in case_rows]
    sections = dict(
        conn.execute(
            select(documents.c.id, documents.c.sections).where(documents.c.id.in_(doc_ids))
        ).all()
    )
    return [
        CaseRecord(
            case_number=c["case_number"],
            priority=c["priority"],
            final_determination=c["final_determination"],
            patient_age=c["patient_age"],
            patient_sex=c["patient_sex"],
            reviewer_specialty=c["reviewer_specialty"],
            reviewer_license_state=c["reviewer_license_state"],
            decisions=tuple(by_case.get(c["id"], ())),
            layout=c["layout"],
            spans=_spans_record(c["spans"]),
            sections=_spans_record(sections.get(c["document_id"])),
            **{name: c[name] for name in DATE_FIELDS},
        )
        for c in case_rows
    ]


def load_case(conn: Connection, case_number: str) -> CaseRecord | None:
    row = conn.execute(select(cases).where(cases.c.case_number == case_number)).mappings().first()
    return _records(conn, [row])[0] if row else None


def iter_records(conn: Connection, case_ids: Iterable[int] | None = None) -> Iterator[CaseRecord]:
    """Records in case-number order (all cases, or ``case_ids``), fetched in chunks."""
    if case_ids is None:
        query = select(cases.c.id).order_by(cases.c.case_number, cases.c.id)
        case_ids = conn.execution_options(yield_per=_CHUNK * 10).scalars(query)
    chunk: list[int] = []
    for case_id in case_ids:
        chunk.append(case_id)
        if len(chunk) == _CHUNK:
            yield from _load_chunk(conn, chunk)
            chunk = []
    if chunk:
        yield from _load_chunk(conn, chunk)


def _load_chunk(conn: Connection, case_ids: list[int]) -> list[CaseRecord]:
    rows = conn.execute(select(cases).where(cases.c.id.in_(case_ids))).mappings().all()
    order = {cid: i for i, cid in enumerate(case_ids)}
    return _records(conn, sorted(rows, key=lambda r: order[r["id"]]))


def case_numbers_like(conn: Connection, case_number: str, limit: int = 5) -> list[str]:
    """Stored case numbers closest to ``case_number`` (sharing the longest prefix)."""
    for size in range(len(case_number), 3, -1):
        prefix = case_number[:size]
        found = list(
            conn.scalars(
                select(cases.c.case_number)
                .where(cases.c.case_number.like(prefix.replace("%", "") + "%"))
                .order_by(cases.c.case_number)
                .limit(limit)
            )
        )
        if found:
            return found
    return []


def count_cases(conn: Connection) -> int:
    return conn.scalar(select(func.count()).select_from(cases)) or 0
