"""A stored corpus of generated cases for export and report tests."""

from __future__ import annotations

import hashlib

from imrdb.db.engine import open_database, write_transaction
from imrdb.db.store import SourceDocument
from imrdb.ingest import save
from imrdb.record import CaseRecord
from scripts.generate_letters import generate

CORPUS_SIZE = 40
SEED = 7


def corpus_records() -> list[CaseRecord]:
    """The generated corpus, one record per case number (a later letter replaces one)."""
    by_number = {g.record.case_number: g.record for g in generate(CORPUS_SIZE, SEED)}
    return sorted(by_number.values(), key=lambda r: r.case_number)


def store_corpus(db_url: str) -> list[CaseRecord]:
    """Store the corpus in ``db_url``; return its records in case-number order."""
    letters = [
        (
            SourceDocument(
                hashlib.sha256(f"{g.record.case_number}-{i}".encode()).hexdigest(),
                g.file_name,
                "letter text",
            ),
            g.record,
        )
        for i, g in enumerate(generate(CORPUS_SIZE, SEED))
    ]
    engine = open_database(db_url)
    with write_transaction(engine) as conn:
        save.save_letters(conn, letters, parser_version="test")
    engine.dispose()
    return corpus_records()
