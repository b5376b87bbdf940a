"""A stored corpus of generated cases for export and report tests."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from imrdb.db.engine import open_database, write_transaction
from imrdb.db.store import SourceDocument
from imrdb.ingest import save
from imrdb.record import CaseRecord, Diagnosis
from scripts.generate_letters import generate

CORPUS_SIZE = 40
SEED = 7


def corpus_records() -> list[CaseRecord]:
    """The generated corpus, one record per case number (a later letter replaces one); some
    with the diagnoses a summary might state (the generator's records have none)."""
    by_number = {g.record.case_number: g.record for g in generate(CORPUS_SIZE, SEED)}
    return [with_diagnoses(r) for r in sorted(by_number.values(), key=lambda r: r.case_number)]


_STATED = (Diagnosis("lumbar strain", "lumbar"), Diagnosis("Right knee sprain", "knee"))


def with_diagnoses(record: CaseRecord) -> CaseRecord:
    """None, one or two diagnoses, by the case number's last digit."""
    return replace(record, diagnoses=_STATED[: int(record.case_number[-1]) % 3])


def store_corpus(db_url: str) -> list[CaseRecord]:
    """Store the corpus in ``db_url``; return its records in case-number order."""
    letters = [
        (
            SourceDocument(
                hashlib.sha256(f"{g.record.case_number}-{i}".encode()).hexdigest(),
                g.file_name,
                "letter text",
            ),
            with_diagnoses(g.record),
        )
        for i, g in enumerate(generate(CORPUS_SIZE, SEED))
    ]
    engine = open_database(db_url)
    with write_transaction(engine) as conn:
        save.save_letters(conn, letters, parser_version="test")
    engine.dispose()
    return corpus_records()
