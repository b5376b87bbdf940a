"""The decisions' full-text index stays in step with the search projection on both engines.

On SQLite its rowids carry each decision's facet key (``sqlite.text_rowid``), so facets over a
search are counted from the index alone; keys too wide to fit fall back to the projection and
must count the same.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, insert, select, text

from imrdb.db import engine as db_engine
from imrdb.db.engine import write_transaction
from imrdb.db.store import SourceDocument
from imrdb.ingest import save
from imrdb.search import SearchRequest, codes, facets_only, search
from imrdb.search.index import backfill, for_dialect, sqlite
from imrdb.search.index.tables import facets_t, sets_t
from tests.support.samples import FACET_BLOCK, variant

_facets = facets_t


def _save(engine, record, name: str) -> None:
    with write_transaction(engine) as conn:
        save.save_letter(conn, SourceDocument(name.ljust(64, "0"), name, "text"), record)


def _sqlite_rowids(conn, words: str) -> list[int]:
    sql = "SELECT rowid FROM decisions_fts WHERE decisions_fts MATCH :q ORDER BY rowid"
    return list(conn.scalars(text(sql), {"q": words}))


def _integrity_check(conn) -> None:
    """FTS5's own check of its index (raises on a corrupt one)."""
    conn.execute(text("INSERT INTO decisions_fts(decisions_fts) VALUES ('integrity-check')"))


def _facet_values(engine, **request) -> dict:
    with engine.connect() as conn:
        result = facets_only(conn, SearchRequest(**request))
    return {"total": result.total} | {n: f.values for n, f in result.facets.items()}


def test_sqlite_rowids_are_facet_key_and_decision(sqlite_url):
    engine = db_engine.open_database(sqlite_url)
    _save(engine, FACET_BLOCK, "a.pdf")
    with engine.connect() as conn:
        expected = sorted(
            sqlite.text_rowid(key, decision_id)
            for key, decision_id in conn.execute(select(_facets.c.facet_key, _facets.c.decision_id))
        )
        assert _sqlite_rowids(conn, "facet OR norco") == expected
        assert all(rowid > sqlite.ID_MASK for rowid in expected)  # keyed, not bare ids
    engine.dispose()


def test_sqlite_index_follows_deletes_republication_and_rebuilds(sqlite_url):
    engine = db_engine.open_database(sqlite_url)
    _save(engine, FACET_BLOCK, "first.pdf")
    with write_transaction(engine) as conn:  # the projection rebuilt: rows out, rows in
        conn.execute(delete(_facets))
        assert _sqlite_rowids(conn, "facet") == []
        backfill(conn)
    with engine.connect() as conn:
        assert len(_sqlite_rowids(conn, "facet")) == 1
    newer = variant(
        FACET_BLOCK, letter_date=dt.date(2014, 8, 1), decisions=FACET_BLOCK.decisions[1:]
    )
    _save(engine, newer, "second.pdf")  # a re-publication replaces the decisions
    with write_transaction(engine) as conn:
        assert _sqlite_rowids(conn, "facet") == []
        assert len(_sqlite_rowids(conn, "norco")) == 1
        _integrity_check(conn)
    engine.dispose()


def test_wide_keys_count_through_the_projection(engine):
    """A specialty set id past what a rowid holds: that decision's rowid is its id alone,
    and facets over a search count it all the same, on both engines."""
    _save(engine, FACET_BLOCK, "a.pdf")
    wide_set = sqlite.KEY_LIMIT >> codes.SET_SHIFT
    with write_transaction(engine) as conn:
        conn.execute(insert(sets_t), [{"id": wide_set, "names": "Placeholder"}])
    wide = variant(FACET_BLOCK, case_number="CM14-0000002", reviewer_specialty="Neurology")
    _save(engine, wide, "b.pdf")
    with engine.connect() as conn:
        keys = conn.execute(select(_facets.c.facet_key, _facets.c.decision_id)).all()
        if engine.dialect.name == "sqlite":
            bare = [d for k, d in keys if k >= sqlite.KEY_LIMIT]
            assert len(bare) == 2 and set(bare) <= set(_sqlite_rowids(conn, "facet OR norco"))
    counted = _facet_values(engine, query="facet")
    assert counted["total"] == 2
    assert counted["specialty"] == (
        ("Neurology", 1),
        ("Pain Management", 1),
        ("Physical Medicine and Rehabilitation", 1),
    )
    # The same counts through the projection (a filter that keeps everything forces it).
    everything = {"outcome": ["upheld", "overturned"]}
    assert _facet_values(engine, query="facet", filters=everything) == counted


def test_the_migration_reindexes_stored_decisions(engine):
    _save(engine, FACET_BLOCK, "a.pdf")
    with engine.connect() as conn:
        before = search(conn, SearchRequest("facet block")).to_dict()
    db_engine.downgrade(engine, "0003")
    with engine.connect() as conn:  # the older index answers too
        assert search(conn, SearchRequest("facet block")).total == 1
    db_engine.upgrade(engine)
    with engine.connect() as conn:
        assert search(conn, SearchRequest("facet block")).to_dict() == before
        assert _facet_values(engine, query="norco")["total"] == 1


def test_an_engine_without_an_index_is_refused():
    with pytest.raises(ValueError, match="no full-text index for the mysql dialect"):
        for_dialect("mysql")
