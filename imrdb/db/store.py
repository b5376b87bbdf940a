"""CaseRecords -> the normalized tables. One letter is written in one transaction.

Callers own the transaction (``engine.write_transaction``), so a batch of letters can be
all-or-nothing; nothing here commits. What search makes of a write (its projection) is not
known here: the caller hands a :class:`Projection` in, called inside the same transaction
(``imrdb.ingest.save`` passes search's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple, Protocol

from sqlalchemy import Connection, Table, delete, insert, select, update

from imrdb.db.completeness import CHUNK, completeness_of, note_kept, stored_completeness
from imrdb.db.dialect import insert_returning_ids
from imrdb.db.models import case_diagnoses, case_specialties, cases, documents
from imrdb.db.models import citations as citations_t
from imrdb.db.models import decisions as decisions_t
from imrdb.db.vocabulary import (
    catalog_name,
    diagnosis_rows,
    guideline_ids,
    specialty_rows,
    taxonomy_columns,
)
from imrdb.record import DATE_FIELDS, CaseRecord
from imrdb.record import Decision as DecisionRecord

# What happened to a letter: the store says stored, updated, unchanged (a re-parse of an
# older publication of a case that a newer file updated) or kept (a less complete letter of a
# stored case: its document is stored, the case's record stays); ingest adds failed.
Fate = Literal["stored", "updated", "unchanged", "kept", "failed"]


# Columns that tell inserted rows apart (see :func:`insert_returning_ids`).
_ROW_KEYS = {
    "documents": ("sha256",),
    "cases": ("document_id",),
    "decisions": ("case_id", "ordinal"),
}


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


class Written(NamedTuple):
    """Decisions a write just added: their rows as stored (with ``case_id``,
    ``letter_date``, ``letter_year``, ``priority`` and the text fields), their records,
    their ids, and their cases' records by case id."""

    rows: Sequence[dict]
    items: Sequence[DecisionRecord]
    ids: Sequence[int]
    records: dict[int, CaseRecord]


class Projection(Protocol):
    """What a write tells the search projection, in the writer's transaction."""

    def document_table(self, dialect: str, documents: Table) -> Table:
        """The table new documents go into (it may take the index's columns)."""
        ...

    def document_values(self, dialect: str, text: str) -> dict[str, object]:
        """The index's columns of a new document with ``text``."""
        ...

    def decisions_written(self, conn: Connection, written: Written) -> None:
        """Project decisions just written."""
        ...


def _spans_json(spans: dict | None) -> dict | None:
    return {k: list(v) for k, v in spans.items()} if spans else None


def _insert(conn: Connection, table: Table, rows: list[dict]) -> list[int]:
    return insert_returning_ids(conn, table, rows, _ROW_KEYS[table.name])


def _warnings_json(record: CaseRecord | None) -> list[dict] | None:
    return [w.to_dict() for w in record.warnings] if record and record.warnings else None


def _document_row(
    doc: SourceDocument, record: CaseRecord | None, parser_version: str | None
) -> dict:
    return {
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
        "parse_warnings": _warnings_json(record),
        "ingested_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
    }


def _insert_documents(
    conn: Connection,
    letters: Sequence[tuple[SourceDocument, CaseRecord | None]],
    parser_version: str | None,
    projection: Projection,
) -> list[int]:
    """Documents of the letters, with the columns the projection adds to each."""
    dialect = conn.dialect.name
    rows = [
        {
            **_document_row(doc, record, parser_version),
            **projection.document_values(dialect, doc.text),
        }
        for doc, record in letters
    ]
    return _insert(conn, projection.document_table(dialect, documents), rows)


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


def _insert_details(
    conn: Connection, stored: Sequence[tuple[int, CaseRecord]], projection: Projection
) -> None:
    """Specialties, decisions and citations of newly written cases, a statement per table,
    then their projection."""
    specialties = specialty_rows(stored)
    if specialties:
        conn.execute(insert(case_specialties), specialties)
    diagnoses = diagnosis_rows(stored)
    if diagnoses:
        conn.execute(insert(case_diagnoses), diagnoses)
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
                **taxonomy_columns(d.treatment, d.category),
            }
            rows.append(row)
            items.append(d)
    decision_ids = _insert(conn, decisions_t, rows)
    catalog = {(c.source, catalog_name(c.source, c.title)) for d in items for c in d.citations}
    ids = guideline_ids(conn, catalog)
    citation_rows = [
        {
            "decision_id": decision_id,
            "ordinal": n,
            "cited_by": c.cited_by,
            "source": c.source,
            "title": c.title,
            "pages": c.pages,
            "guideline_id": ids.get((c.source, catalog_name(c.source, c.title))),
        }
        for decision_id, d in zip(decision_ids, items, strict=True)
        for n, c in enumerate(d.citations, start=1)
    ]
    if citation_rows:
        conn.execute(insert(citations_t), citation_rows)
    if decision_ids:
        projection.decisions_written(conn, Written(rows, items, decision_ids, dict(stored)))


def _write_case(
    conn: Connection,
    case_id: int | None,
    row: dict,
    record: CaseRecord,
    projection: Projection,
) -> int:
    if case_id is None:
        case_id = _insert(conn, cases, [row])[0]
    else:
        conn.execute(update(cases).where(cases.c.id == case_id).values(row))
        conn.execute(delete(decisions_t).where(decisions_t.c.case_id == case_id))
        conn.execute(delete(case_specialties).where(case_specialties.c.case_id == case_id))
        conn.execute(delete(case_diagnoses).where(case_diagnoses.c.case_id == case_id))
    _insert_details(conn, [(case_id, record)], projection)
    return case_id


def _case_ids(conn: Connection, numbers: Iterable[str]) -> dict[str, int]:
    wanted = sorted(set(numbers))
    found: dict[str, int] = {}
    for i in range(0, len(wanted), CHUNK):
        query = select(cases.c.case_number, cases.c.id).where(
            cases.c.case_number.in_(wanted[i : i + CHUNK])
        )
        found.update((number, case_id) for number, case_id in conn.execute(query))
    return found


def save_letters(
    conn: Connection,
    letters: Sequence[tuple[SourceDocument, CaseRecord | None]],
    parser_version: str | None = None,
    *,
    projection: Projection,
) -> list[Fate | None]:
    """Store letters as :func:`save_letter` does, one after the other, in a few statements
    per table for the whole batch (a round trip per letter would make the database the
    bottleneck of a bulk load). A ``None`` record keeps a text that did not parse, for
    ``reparse``; its fate is ``None``."""
    document_ids = _insert_documents(conn, letters, parser_version, projection)
    numbers = _case_ids(conn, (r.case_number for _, r in letters if r and r.case_number))
    fates: list[Fate | None] = [None] * len(letters)
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
    case_ids = _insert(conn, cases, rows)
    for i, case_id in zip(new, case_ids, strict=True):
        fates[i] = "stored"
        if letters[i][1].case_number:
            numbers[letters[i][1].case_number] = case_id
    stored = [(c, letters[i][1]) for i, c in zip(new, case_ids, strict=True)]
    _insert_details(conn, stored, projection)
    # The most complete version of a case wins: a letter cut short never replaces it.
    ranks = stored_completeness(conn, (numbers[letters[i][1].case_number] for i in again))
    ranks.update((case_id, completeness_of(record)) for case_id, record in stored)
    for i in again:
        record = letters[i][1]
        case_id = numbers[record.case_number]
        if completeness_of(record).loses_to(ranks[case_id]):
            note_kept(conn, document_ids[i], record, ranks[case_id])
            fates[i] = "kept"
            continue
        row = _case_row(record, document_ids[i], parser_version)
        _write_case(conn, case_id, row, record, projection)
        ranks[case_id] = completeness_of(record)
        fates[i] = "updated"
    return fates


def save_letter(
    conn: Connection,
    doc: SourceDocument,
    record: CaseRecord,
    parser_version: str | None = None,
    *,
    projection: Projection,
) -> Fate:
    """Store a parsed letter: its document, and its case (new, or replacing the stored one
    when the same case number arrives from a different file, a re-publication, unless the
    letter is less complete than the stored record: then the record stays, "kept")."""
    fate = save_letters(conn, [(doc, record)], parser_version, projection=projection)[0]
    assert fate is not None
    return fate


def replace_record(
    conn: Connection,
    document_id: int,
    record: CaseRecord,
    parser_version: str | None,
    *,
    projection: Projection,
) -> Fate:
    """Re-derive the case of a stored document from a new parse (``imrdb reparse``).

    A case keeps the document it was stored from: re-parsing an older publication of a case
    that a newer file updated changes only that document's own row ("unchanged")."""
    conn.execute(
        update(documents)
        .where(documents.c.id == document_id)
        .values(
            layout=record.layout,
            parser_version=parser_version,
            case_number=record.case_number,
            sections=_spans_json(dict(record.sections)),
            parse_warnings=_warnings_json(record),
        )
    )
    existing = conn.scalar(select(cases.c.id).where(cases.c.document_id == document_id))
    if existing is None and record.case_number:
        other = conn.scalar(select(cases.c.id).where(cases.c.case_number == record.case_number))
        if other is not None:  # a later publication, or a more complete one, has the case
            stored = stored_completeness(conn, [other])[other]
            if completeness_of(record).loses_to(stored):
                note_kept(conn, document_id, record, stored)  # the conflict stays listed
            return "unchanged"
    row = _case_row(record, document_id, parser_version)
    _write_case(conn, existing, row, record, projection)
    return "updated" if existing else "stored"


def mark_unparsed(conn: Connection, document_id: int, parser_version: str | None) -> None:
    """Note which parser last failed on a stored document's text."""
    values = {"parser_version": parser_version, "parse_warnings": None}
    conn.execute(update(documents).where(documents.c.id == document_id).values(values))
