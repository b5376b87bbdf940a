"""Storing a letter and projecting it for search, in one transaction: the one place above
both layers that joins them (``imrdb.db`` writes the truth and knows nothing of search;
``imrdb.search.index`` projects what was written). Ingest's writer, ``reparse``, benchmarks
and tests store letters through here."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from imrdb.db import store
from imrdb.db.store import Fate, SourceDocument
from imrdb.record import CaseRecord
from imrdb.search.index.project import PROJECTION


def save_letters(
    conn: Connection,
    letters: Sequence[tuple[SourceDocument, CaseRecord | None]],
    parser_version: str | None = None,
) -> list[Fate | None]:
    """:func:`imrdb.db.store.save_letters`, projected."""
    return store.save_letters(conn, letters, parser_version, projection=PROJECTION)


def save_letter(
    conn: Connection, doc: SourceDocument, record: CaseRecord, parser_version: str | None = None
) -> Fate:
    """:func:`imrdb.db.store.save_letter`, projected."""
    return store.save_letter(conn, doc, record, parser_version, projection=PROJECTION)


def replace_record(
    conn: Connection, document_id: int, record: CaseRecord, parser_version: str | None
) -> Fate:
    """:func:`imrdb.db.store.replace_record`, projected."""
    return store.replace_record(conn, document_id, record, parser_version, projection=PROJECTION)
