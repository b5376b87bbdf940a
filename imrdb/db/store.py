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
from functools import lru_cache
from typing import Literal, NamedTuple

from sqlalchemy import Connection, delete, insert, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from imrdb.db import fulltext, search_index
from imrdb.db.models import (
    Case,
    CaseSpecialty,
    Citation,
    Decision,
    Document,
    Guideline,
    IngestFailure,
)
from imrdb.record import DATE_FIELDS, CaseRecord, Span
from imrdb.record import Citation as CitationRecord
from imrdb.record import Decision as DecisionRecord
from imrdb.vocab import guidelines, specialties

SaveOutcome = Literal["stored", "updated"]
ReparseOutcome = Literal["stored", "updated", "kept"]
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


def known_hashes(conn: Connection, hashes: Sequence[str]) -> set[str]:
    """The subset of ``hashes`` already stored as documents."""
    return set(stored_documents(conn, hashes))


def stored_documents(conn: Connection, hashes: Sequence[str]) -> dict[str, int]:
    """Document ids of the ``hashes`` already stored."""
    found: dict[str, int] = {}
    for i in range(0, len(hashes), _CHUNK):
        chunk = list(hashes[i : i + _CHUNK])
        query = select(documents.c.sha256, documents.c.id).where(documents.c.sha256.in_(chunk))
        found.update((sha256, id_) for sha256, id_ in conn.execute(query))
    return found


class StoredText(NamedTuple):
    sha256: str
    path: str
    member: str | None
    text: str


def stored_texts(conn: Connection, document_ids: Sequence[int]) -> dict[int, StoredText]:
    """Stored documents' text and origin, to parse again without the PDF."""
    columns = (documents.c.sha256, documents.c.path, documents.c.member, documents.c.text)
    found: dict[int, StoredText] = {}
    for i in range(0, len(document_ids), _CHUNK):
        chunk = list(document_ids[i : i + _CHUNK])
        query = select(documents.c.id, *columns).where(documents.c.id.in_(chunk))
        found.update((row[0], StoredText(*row[1:])) for row in conn.execute(query))
    return found


def documents_to_reparse(conn: Connection, parser_version: str, every: bool = False) -> list[int]:
    """Ids of the documents an older parser read, or whose text did not parse (``every``:
    all documents), in id order."""
    query = select(documents.c.id).order_by(documents.c.id)
    if not every:
        failed = select(IngestFailure.sha256).where(IngestFailure.stage == "parse")
        query = query.where(
            or_(
                documents.c.parser_version.is_(None),
                documents.c.parser_version != parser_version,
                documents.c.sha256.in_(failed),
            )
        )
    return list(conn.scalars(query))


def _spans_json(spans: dict | None) -> dict | None:
    return {k: list(v) for k, v in spans.items()} if spans else None


def _spans_record(data: dict | None) -> dict[str, Span]:
    return {k: (v[0], v[1]) for k, v in (data or {}).items()}


def _document_row(
    doc: SourceDocument, record: CaseRecord | None, parser_version: str | None, dialect: str
) -> dict:
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
    return row


# Columns that tell inserted rows apart, so ids can be matched to rows without asking the
# database to keep the rows' order (which makes SQLAlchemy insert SQLite rows one by one).
_ROW_KEYS = {
    "documents": ("sha256",),
    "cases": ("document_id",),
    "decisions": ("case_id", "ordinal"),
}
# PostgreSQL hands out a batch's ids in one query, so the rows go in as one prepared
# statement executed many times (a multi-row INSERT ... RETURNING costs psycopg more time
# to build than the server takes to run it).
_PG_NEXT_IDS = text(
    "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
)


def _insert_returning_ids(conn: Connection, table, rows: list[dict]) -> list[int]:
    """Insert ``rows`` (a few statements for the whole batch) and return their ids in order."""
    if not rows:
        return []
    name = table.name
    table = fulltext.insert_table(table, conn.dialect.name)  # documents' vector on PG
    if conn.dialect.name == "postgresql":
        ids = list(conn.scalars(_PG_NEXT_IDS, {"table": name, "n": len(rows)}))
        conn.execute(insert(table), [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
        return ids
    keys = _ROW_KEYS[name]
    returned = conn.execute(
        insert(table).returning(table.c.id, *(table.c[k] for k in keys)), rows
    ).all()
    ids_by_key = {tuple(row[1:]): row[0] for row in returned}
    return [ids_by_key[tuple(row[k] for k in keys)] for row in rows]


def insert_document(
    conn: Connection, doc: SourceDocument, record: CaseRecord | None, parser_version: str | None
) -> int:
    row = _document_row(doc, record, parser_version, conn.dialect.name)
    return _insert_returning_ids(conn, documents, [row])[0]


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


@lru_cache(maxsize=65536)
def _catalog_name(source: str, title: str) -> str:
    """The catalog name of a cited title (the vocabulary's patterns, tried once per title)."""
    return guidelines.lookup(source, title)[0]


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


def _insert_details(conn: Connection, stored: Sequence[tuple[int, CaseRecord]]) -> None:
    """Specialties, decisions and citations of newly written cases, a statement per table."""
    specialty_rows = [
        {"case_id": case_id, "specialty": name}
        for case_id, record in stored
        for name in specialties.normalize(record.reviewer_specialty)
    ]
    if specialty_rows:
        conn.execute(insert(case_specialties), specialty_rows)
    rows, items = [], []
    for case_id, record in stored:
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
            rows.append(row)
            items.append(d)
    decision_ids = _insert_returning_ids(conn, decisions_t, rows)
    catalog = {(c.source, _catalog_name(c.source, c.title)) for d in items for c in d.citations}
    guideline_ids = _guideline_ids(conn, catalog)
    citation_rows = [
        {
            "decision_id": decision_id,
            "ordinal": n,
            "cited_by": c.cited_by,
            "source": c.source,
            "title": c.title,
            "pages": c.pages,
            "guideline_id": guideline_ids.get((c.source, _catalog_name(c.source, c.title))),
        }
        for decision_id, d in zip(decision_ids, items, strict=True)
        for n, c in enumerate(d.citations, start=1)
    ]
    if citation_rows:
        conn.execute(insert(citations_t), citation_rows)
    if decision_ids:  # the search projection of the same decisions
        records = dict(stored)
        owners = select(cases.c.id, cases.c.document_id).where(cases.c.id.in_(list(records)))
        document_ids = dict(conn.execute(owners).all())
        search_index.insert_projection(conn, rows, items, decision_ids, records, document_ids)


def _write_case(conn: Connection, case_id: int | None, row: dict, record: CaseRecord) -> int:
    if case_id is None:
        case_id = _insert_returning_ids(conn, cases, [row])[0]
    else:
        conn.execute(update(cases).where(cases.c.id == case_id).values(row))
        conn.execute(delete(decisions_t).where(decisions_t.c.case_id == case_id))
        conn.execute(delete(case_specialties).where(case_specialties.c.case_id == case_id))
    _insert_details(conn, [(case_id, record)])
    return case_id


def _case_ids(conn: Connection, numbers: Iterable[str]) -> dict[str, int]:
    wanted = sorted(set(numbers))
    found: dict[str, int] = {}
    for i in range(0, len(wanted), _CHUNK):
        query = select(cases.c.case_number, cases.c.id).where(
            cases.c.case_number.in_(wanted[i : i + _CHUNK])
        )
        found.update((number, case_id) for number, case_id in conn.execute(query))
    return found


def save_letters(
    conn: Connection,
    letters: Sequence[tuple[SourceDocument, CaseRecord | None]],
    parser_version: str | None = None,
) -> list[SaveOutcome | None]:
    """Store letters as :func:`save_letter` does, one after the other, in a few statements
    per table for the whole batch (a round trip per letter would make the database the
    bottleneck of a bulk load). A ``None`` record keeps a text that did not parse, for
    ``reparse``; its outcome is ``None``."""
    dialect = conn.dialect.name
    document_ids = _insert_returning_ids(
        conn, documents, [_document_row(d, r, parser_version, dialect) for d, r in letters]
    )
    numbers = _case_ids(conn, (r.case_number for _, r in letters if r and r.case_number))
    outcomes: list[SaveOutcome | None] = [None] * len(letters)
    new: list[int] = []
    again: list[int] = []  # a case stored before, or earlier in this batch: updated in order
    for i, (_, record) in enumerate(letters):
        if record is None:
            continue
        number = record.case_number
        if number and number in numbers:
            again.append(i)
        else:
            new.append(i)
            if number:
                numbers[number] = -1  # later letters in the batch update this one
    rows = [_case_row(letters[i][1], document_ids[i], parser_version) for i in new]
    case_ids = _insert_returning_ids(conn, cases, rows)
    for i, case_id in zip(new, case_ids, strict=True):
        outcomes[i] = "stored"
        if letters[i][1].case_number:
            numbers[letters[i][1].case_number] = case_id
    _insert_details(conn, [(c, letters[i][1]) for i, c in zip(new, case_ids, strict=True)])
    for i in again:
        record = letters[i][1]
        row = _case_row(record, document_ids[i], parser_version)
        _write_case(conn, numbers[record.case_number], row, record)
        outcomes[i] = "updated"
    return outcomes


def save_letter(
    conn: Connection, doc: SourceDocument, record: CaseRecord, parser_version: str | None = None
) -> SaveOutcome:
    """Store a parsed letter: its document, and its case (new, or replacing the stored one
    when the same case number arrives from a different file, a re-publication)."""
    outcome = save_letters(conn, [(doc, record)], parser_version)[0]
    assert outcome is not None
    return outcome


def replace_record(
    conn: Connection, document_id: int, record: CaseRecord, parser_version: str | None
) -> ReparseOutcome:
    """Re-derive the case of a stored document from a new parse (``imrdb reparse``).

    A case keeps the document it was stored from: re-parsing an older publication of a case
    that a newer file updated changes only that document's own row ("kept")."""
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
    existing = conn.scalar(select(cases.c.id).where(cases.c.document_id == document_id))
    if existing is None and record.case_number:
        other = conn.scalar(select(cases.c.id).where(cases.c.case_number == record.case_number))
        if other is not None:
            return "kept"
    _write_case(conn, existing, _case_row(record, document_id, parser_version), record)
    return "updated" if existing else "stored"


def mark_unparsed(conn: Connection, document_id: int, parser_version: str | None) -> None:
    """Note which parser last failed on a stored document's text."""
    values = {"parser_version": parser_version}
    conn.execute(update(documents).where(documents.c.id == document_id).values(values))


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
