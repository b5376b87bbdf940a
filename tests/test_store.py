"""Record -> store -> read gives the same record, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import func, select, text

from imrdb.db import read
from imrdb.db.engine import write_transaction
from imrdb.db.models import case_specialties, cases, citations, decisions, documents, guidelines
from imrdb.db.store import SourceDocument
from imrdb.ingest import save
from imrdb.record import CaseRecord
from imrdb.search.index import sqlite_rowid as sqlite
from tests.support.samples import FACET_BLOCK, variant


def _doc(name: str, body: str = "letter text") -> SourceDocument:
    return SourceDocument(
        sha256=hashlib.sha256(name.encode()).hexdigest(), path=name, text=body, pages=2
    )


def _save(engine, record: CaseRecord, name: str = "a.pdf") -> str:
    with write_transaction(engine) as conn:
        return save.save_letter(conn, _doc(name), record, parser_version="test")


def _count(engine, model) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(model))


def test_round_trip_gives_the_same_record(engine):
    assert _save(engine, FACET_BLOCK) == "stored"
    with engine.connect() as conn:
        loaded = read.load_case(conn, "CM14-0087654")
    assert loaded == FACET_BLOCK
    assert loaded.to_dict() == FACET_BLOCK.to_dict()


def test_round_trip_through_contract_json(engine):
    record = CaseRecord.from_dict(FACET_BLOCK.to_dict())
    _save(engine, record)
    with engine.connect() as conn:
        assert read.load_case(conn, record.case_number).to_dict() == FACET_BLOCK.to_dict()


def test_republication_updates_the_case_and_keeps_both_documents(engine):
    _save(engine, FACET_BLOCK, "first.pdf")
    newer = variant(
        FACET_BLOCK, letter_date=dt.date(2014, 8, 1), decisions=FACET_BLOCK.decisions[:1]
    )
    assert _save(engine, newer, "second.pdf") == "updated"
    assert _count(engine, documents) == 2
    assert _count(engine, cases) == 1
    assert _count(engine, decisions) == 1
    assert _count(engine, citations) == 4
    with engine.connect() as conn:
        assert read.load_case(conn, "CM14-0087654") == newer


def test_letter_without_case_number_is_keyed_by_its_document(engine):
    anonymous = variant(FACET_BLOCK, case_number=None)
    _save(engine, anonymous, "p2-3.pdf")
    _save(engine, anonymous, "other-pages.pdf")
    assert _count(engine, cases) == 2
    with engine.connect() as conn:
        records = list(read.iter_records(conn))
    assert [r.case_number for r in records] == [None, None]


def test_specialties_and_guideline_catalog_are_normalized(engine):
    _save(engine, FACET_BLOCK)
    with engine.connect() as conn:
        names = set(conn.scalars(select(case_specialties.c.specialty)))
        catalog = set(conn.execute(select(guidelines.c.source, guidelines.c.name)).all())
    assert names == {"Physical Medicine and Rehabilitation", "Pain Management"}
    assert catalog == {  # the catalog's names; two parties citing one guideline share it
        ("MTUS", "MTUS Neck and Upper Back Complaints (ACOEM Ch. 8)"),
        ("MTUS", "MTUS Chronic Pain Medical Treatment Guidelines"),
        ("ODG", "ODG Neck and Upper Back"),
    }


def _fulltext_hits(conn, words: str) -> list[int]:
    """Ids of the decisions the engine's own full-text index finds for ``words``."""
    if conn.dialect.name == "sqlite":
        sql = "SELECT rowid & :mask FROM decisions_fts WHERE decisions_fts MATCH :q ORDER BY 1"
        return list(conn.scalars(text(sql), {"q": words, "mask": sqlite.ID_MASK}))
    from imrdb.search.analyzer import terms

    query = " & ".join(terms(words))
    sql = (
        "SELECT decision_id FROM decision_facets WHERE search_vector @@ CAST(:q AS tsquery) "
        "ORDER BY decision_id"
    )
    return list(conn.scalars(text(sql), {"q": query}))


def test_fulltext_index_follows_inserts_updates_and_deletes(engine):
    _save(engine, FACET_BLOCK, "first.pdf")
    with engine.connect() as conn:
        first_ids = _fulltext_hits(conn, "facet blocks")
        assert len(first_ids) == 1
        assert _fulltext_hits(conn, "Facet joint diagnostic") == first_ids  # citation titles
        assert len(_fulltext_hits(conn, "functional improvement")) == 1  # rationale
    # A later letter: one of the same date with fewer decisions is a letter cut short ("kept").
    later = dt.date(2014, 8, 1)
    replaced = variant(FACET_BLOCK, letter_date=later, decisions=FACET_BLOCK.decisions[1:])
    assert _save(engine, replaced, "second.pdf") == "updated"
    with engine.connect() as conn:
        assert _fulltext_hits(conn, "facet") == []
        assert len(_fulltext_hits(conn, "Norco")) == 1
