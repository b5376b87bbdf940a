"""The normalized tables -> CaseRecords and stored documents, read in chunks, so exporting a
million cases streams."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from sqlalchemy import Connection, or_, select

from imrdb.db.models import case_diagnoses, cases, documents, ingest_failures
from imrdb.db.models import citations as citations_t
from imrdb.db.models import decisions as decisions_t
from imrdb.record import DATE_FIELDS, CaseRecord, Diagnosis, Span
from imrdb.record import Citation as CitationRecord
from imrdb.record import Decision as DecisionRecord

_CHUNK = 500


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
        failed = select(ingest_failures.c.sha256).where(ingest_failures.c.stage == "parse")
        # Decisions stored before the taxonomy (migration 0006) have no subcategory yet.
        unplaced = (
            select(cases.c.document_id)
            .join(decisions_t, decisions_t.c.case_id == cases.c.id)
            .where(decisions_t.c.subcategory.is_(None))
        )
        query = query.where(
            or_(
                documents.c.parser_version.is_(None),
                documents.c.parser_version != parser_version,
                documents.c.sha256.in_(failed),
                documents.c.id.in_(unplaced),
            )
        )
    return list(conn.scalars(query))


def _spans_record(data: dict | None) -> dict[str, Span]:
    return {k: (v[0], v[1]) for k, v in (data or {}).items()}


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
    diagnoses: dict[int, list[Diagnosis]] = defaultdict(list)
    dx = case_diagnoses
    query = select(dx).where(dx.c.case_id.in_(case_ids)).order_by(dx.c.case_id, dx.c.ordinal)
    for row in conn.execute(query).mappings():
        diagnoses[row["case_id"]].append(Diagnosis(row["text"], row["body_region"]))
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
            diagnoses=tuple(diagnoses.get(c["id"], ())),
            **{name: c[name] for name in DATE_FIELDS},
        )
        for c in case_rows
    ]


def load_case(conn: Connection, case_number: str) -> CaseRecord | None:
    row = conn.execute(select(cases).where(cases.c.case_number == case_number)).mappings().first()
    return _records(conn, [row])[0] if row else None


def case_source(conn: Connection, case_number: str) -> tuple[str, str | None] | None:
    """The path and member (with a bundle's ``#pages=`` range) the case was read from."""
    query = (
        select(documents.c.path, documents.c.member)
        .join(cases, cases.c.document_id == documents.c.id)
        .where(cases.c.case_number == case_number)
    )
    row = conn.execute(query).first()
    return (row[0], row[1]) if row else None


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
