"""The decisions' full-text index stays in step with the search projection on both engines.

On SQLite its rowids carry each decision's year and facet key number (``sqlite.text_rowid``),
so facets over a search are counted from the index alone and pages read year by year;
numbers too wide to fit fall back to the projection and must count the same.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, func, insert, select, text, update

from imrdb.db import engine as db_engine
from imrdb.db.engine import write_transaction
from imrdb.db.store import SourceDocument
from imrdb.ingest import save
from imrdb.search import SearchRequest, facets_only, search
from imrdb.search.index import for_dialect
from imrdb.search.index import sqlite_rowid as sqlite
from imrdb.search.index.project import backfill
from imrdb.search.index.tables import combos_t, facets_t
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


def test_sqlite_rowids_are_year_key_number_and_decision(sqlite_url):
    engine = db_engine.open_database(sqlite_url)
    _save(engine, FACET_BLOCK, "a.pdf")
    with engine.connect() as conn:
        numbered = _facets.join(combos_t, combos_t.c.key == _facets.c.facet_key)
        rows = conn.execute(
            select(_facets.c.facet_key, combos_t.c.id, _facets.c.decision_id).select_from(numbered)
        ).all()
        expected = sorted(sqlite.text_rowid(*row) for row in rows)
        assert _sqlite_rowids(conn, "facet OR norco") == expected
        assert all(rowid > sqlite.ID_MASK for rowid in expected)  # keyed, not bare ids
        year = FACET_BLOCK.letter_date.year
        assert {rowid >> sqlite.YEAR_SHIFT for rowid in expected} == {year - 1990}
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


def test_wide_numbers_count_through_the_projection(engine):
    """A facet key numbered past what a rowid holds: that decision's rowid is its id alone,
    and facets over a search count it all the same, on both engines."""
    _save(engine, FACET_BLOCK, "a.pdf")
    with write_transaction(engine) as conn:  # the next key's number is past 24 bits
        conn.execute(insert(combos_t), [{"id": sqlite.COMBO_MASK, "key": -1}])
    wide = variant(FACET_BLOCK, case_number="CM14-0000002", reviewer_specialty="Neurology")
    _save(engine, wide, "b.pdf")
    with engine.connect() as conn:
        numbered = _facets.join(combos_t, combos_t.c.key == _facets.c.facet_key)
        keys = conn.execute(
            select(combos_t.c.id, _facets.c.decision_id).select_from(numbered)
        ).all()
        if engine.dialect.name == "sqlite":
            bare = [d for number, d in keys if number > sqlite.COMBO_MASK]
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
    with engine.connect() as conn:  # the older index answers too (searched as it was)
        if engine.dialect.name == "sqlite":
            found = "SELECT count(*) FROM decisions_fts WHERE decisions_fts MATCH 'facet block'"
            assert conn.scalar(text(found)) == 1
        else:
            assert search(conn, SearchRequest("facet block")).total == 1
    db_engine.upgrade(engine)
    with engine.connect() as conn:
        assert search(conn, SearchRequest("facet block")).to_dict() == before
        assert _facet_values(engine, query="norco")["total"] == 1


def test_an_engine_without_an_index_is_refused():
    with pytest.raises(ValueError, match="no full-text index for the mysql dialect"):
        for_dialect("mysql")


def _kept_counts(conn) -> dict[int, int]:
    kept = conn.execute(select(combos_t.c.key, combos_t.c.decisions)).all()
    return {key: n for key, n in kept if n}


def _grouped_counts(conn) -> dict[int, int]:
    key = _facets.c.facet_key
    return dict(conn.execute(select(key, func.count()).group_by(key)).all())


def test_kept_counts_follow_inserts_republication_and_deletes(engine):
    """``facet_combos.decisions`` is what a GROUP BY over the projection says, after every
    kind of write, on both engines; facets over everything read it."""
    _save(engine, FACET_BLOCK, "a.pdf")
    _save(
        engine,
        variant(FACET_BLOCK, case_number="CM15-0000002", letter_date=dt.date(2015, 3, 1)),
        "b.pdf",
    )
    newer = variant(
        FACET_BLOCK, letter_date=dt.date(2014, 8, 1), decisions=FACET_BLOCK.decisions[1:]
    )
    _save(engine, newer, "c.pdf")  # a re-publication replaces the first case's decisions
    with engine.connect() as conn:
        assert _kept_counts(conn) == _grouped_counts(conn)
        assert sum(_kept_counts(conn).values()) == len(FACET_BLOCK.decisions) + 1
    with write_transaction(engine) as conn:
        conn.execute(
            delete(_facets).where(
                _facets.c.decision_id == conn.scalar(select(func.min(_facets.c.decision_id)))
            )
        )
        assert _kept_counts(conn) == _grouped_counts(conn)
        conn.execute(update(_facets).values(facet_key=_facets.c.facet_key))  # unchanged keys
        assert _kept_counts(conn) == _grouped_counts(conn)
    assert _facet_values(engine, query="")["total"] == sum(_grouped_counts_of(engine).values())


def _grouped_counts_of(engine) -> dict[int, int]:
    with engine.connect() as conn:
        return _grouped_counts(conn)
