"""The search projection (decision_facets) follows the stored decisions on both engines:
written with them, replaced with them, and rebuilt by the migration from what is stored."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, func, select

from imrdb.db import engine as db_engine
from imrdb.db import store
from imrdb.db.engine import write_transaction
from imrdb.db.store import SourceDocument
from imrdb.ingest import save
from imrdb.search import SearchRequest, codes, facets_only
from imrdb.search.index import postgresql
from imrdb.search.index.project import Projector, backfill, specialty_set_ids
from imrdb.search.index.tables import facets_t, sets_t, taxonomy_t
from tests.support.samples import FACET_BLOCK, variant

_facets = facets_t


def _save(engine, record, name="a.pdf"):
    with write_transaction(engine) as conn:
        save.save_letter(conn, SourceDocument(name.ljust(64, "0"), name, "text"), record)


def _rows(engine) -> list[dict]:
    table = postgresql.PG_FACETS if engine.dialect.name == "postgresql" else _facets
    with engine.connect() as conn:
        rows = conn.execute(select(table).order_by(table.c.newest_rank)).mappings().all()
    return [dict(r) for r in rows]


def test_rows_carry_what_search_needs(engine):
    _save(engine, FACET_BLOCK)
    rows = _rows(engine)
    assert [(r["outcome"], r["category"]) for r in rows] == [
        ("upheld", "injections"),
        ("overturned", "pharmaceuticals"),
    ]
    both = codes.source_mask(["MTUS", "ODG"])
    assert rows[0]["sources"] == both  # cited by both parties
    assert rows[1]["sources"] == codes.source_mask(["MTUS"], ["reviewer"])
    assert rows[0]["letter_year"] == 2014 and rows[0]["priority"] == "standard"
    assert rows[0]["newest_rank"] < rows[1]["newest_rank"]  # same day: item 1 first
    with engine.connect() as conn:
        names = specialty_set_ids(conn, set())
        assert names == {}
        stored = conn.scalars(select(sets_t.c.names)).all()
    assert stored == ["Pain Management\nPhysical Medicine and Rehabilitation"]


def test_a_republished_case_replaces_its_rows(engine):
    _save(engine, FACET_BLOCK, "first.pdf")
    newer = variant(
        FACET_BLOCK, letter_date=dt.date(2014, 8, 1), decisions=FACET_BLOCK.decisions[1:]
    )
    _save(engine, newer, "second.pdf")
    rows = _rows(engine)
    assert [r["category"] for r in rows] == ["pharmaceuticals"]
    assert rows[0]["letter_date"] == dt.date(2014, 8, 1)


def test_backfill_rebuilds_the_same_rows(engine):
    _save(engine, FACET_BLOCK)
    _save(engine, variant(FACET_BLOCK, case_number="CM13-0000001", priority=None), "b.pdf")
    before = _rows(engine)
    with write_transaction(engine) as conn:
        conn.execute(delete(_facets))
        assert backfill(conn) == 2
    assert _rows(engine) == before


def _without_taxonomy(rows: list[dict]) -> list[dict]:
    kept = (1 << codes.TAXONOMY_SHIFT) - 1
    return [{**r, "facet_key": r["facet_key"] & kept} for r in rows]


def test_the_migration_projects_existing_decisions(engine):
    _save(engine, FACET_BLOCK)
    before = _rows(engine)
    assert all(r["facet_key"] >> codes.TAXONOMY_SHIFT for r in before)
    db_engine.downgrade(engine, "0001")
    db_engine.upgrade(engine)
    # Below 0006 there is no taxonomy (``imrdb reparse`` derives it again): the rest stays.
    assert _rows(engine) == _without_taxonomy(before)


def _opioid_facets(engine, query: str) -> dict:
    with engine.connect() as conn:
        result = facets_only(conn, SearchRequest(query, {"subcategory": ["opioids"]}))
    return {name: facet.values for name, facet in result.facets.items()}


def test_migration_0009_numbers_the_stored_taxonomies(engine):
    _save(engine, FACET_BLOCK)
    before = _rows(engine)
    facets_before = [_opioid_facets(engine, q) for q in ("", "norco")]
    assert facets_before[1]["subcategory"] == (("opioids", 1),)
    db_engine.downgrade(engine, "0008")
    # Migration 0007's keys: no taxonomy or case outcome, the specialty set from bit 20.
    assert [r["facet_key"] for r in _rows(engine)] == [
        codes.facet_key(
            r["outcome"], r["category"], r["priority"], r["letter_year"], r["sources"], None
        )
        | r["specialty_set"] << 20
        for r in before
    ]
    db_engine.upgrade(engine)
    assert _rows(engine) == before
    # The full-text index and the kept counts followed the keys: the same facets.
    assert [_opioid_facets(engine, q) for q in ("", "norco")] == facets_before
    with engine.connect() as conn:
        stored = conn.execute(select(taxonomy_t.c.id, taxonomy_t.c.subcategory)).all()
    assert {r["facet_key"] >> codes.TAXONOMY_SHIFT for r in before} == {i for i, _ in stored}


def test_ranks_order_by_date_then_case_then_item():
    day = dt.date(2014, 7, 25)
    newest = [
        codes.ranks(dt.date(2015, 1, 1), "CM15-0000009", 1),
        codes.ranks(day, "CM14-0000001", 1),
        codes.ranks(day, "CM14-0000001", 2),
        codes.ranks(day, "CM14-0000002", 1),
        codes.ranks(day, None, 1),
        codes.ranks(None, "CM13-0000001", 1),
    ]
    assert [n for n, _ in newest] == sorted(n for n, _ in newest)
    oldest = [o for _, o in newest[1:5]] + [newest[0][1], newest[5][1]]
    assert oldest == sorted(oldest)


def test_facet_keys_hold_every_value_and_cover_the_vocabulary():
    from imrdb.record import CATEGORIES, FINAL_DETERMINATIONS, OUTCOMES, PRIORITIES

    assert set(codes.FACET_CATEGORIES) == set(CATEGORIES)  # a new category needs a code
    assert set(codes.FACET_OUTCOMES) == set(OUTCOMES)
    assert set(codes.FACET_PRIORITIES) == set(PRIORITIES)
    assert set(codes.FACET_CASE_OUTCOMES) == set(FINAL_DETERMINATIONS)
    bits = codes.source_mask(["ODG"], ["reviewer"]) | codes.source_mask(["MTUS"])
    key = codes.facet_key("overturned", "other", None, 2024, bits, 4321)
    assert codes.facet_values(key) == {
        "outcome": "overturned",
        "priority": None,
        "category": "other",
        "year": 2024,
        "cited": 0b0011,  # MTUS and ODG, whoever cited them
        "specialty_set": 4321,
        "taxonomy_set": None,
        "case_outcome": None,
    }
    partly = codes.facet_key("upheld", "other", None, 2024, 0, 7, 9, "partially_overturned")
    assert codes.facet_values(partly)["case_outcome"] == "partially_overturned"
    assert codes.facet_values(partly)["specialty_set"] == 7
    assert codes.facet_values(partly)["taxonomy_set"] == 9
    widest = codes.facet_key("upheld", "other", None, 2024, bits, codes.SET_MASK, 2**23 - 1)
    assert widest < 2**63  # a signed BIGINT on both engines
    assert codes.facet_values(widest)["specialty_set"] == codes.SET_MASK
    assert codes.facet_values(widest)["taxonomy_set"] == 2**23 - 1
    for too_many in ({"specialty_set": codes.SET_MASK + 1}, {"taxonomy_set": 2**23}):
        with pytest.raises(ValueError, match="does not fit"):
            codes.facet_key("upheld", "other", None, 2024, bits, **{"specialty_set": 1, **too_many})
    assert (
        codes.facet_values(codes.facet_key("upheld", "surgery", "standard", None, 0, None))["year"]
        is None
    )


class _Failing(Projector):
    """Search's projection, failing once it has written its rows."""

    def decisions_written(self, conn, written) -> None:
        super().decisions_written(conn, written)
        raise RuntimeError("the projection failed")


def test_the_projection_is_written_in_the_stores_transaction(engine):
    """The store calls its hook inside the caller's transaction: a failing projection takes
    the letter's own rows down with it, and a good one is there when the letter is."""
    doc = SourceDocument("f" * 64, "f.pdf", "text")
    with pytest.raises(RuntimeError), write_transaction(engine) as conn:
        store.save_letter(conn, doc, FACET_BLOCK, projection=_Failing())
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(store.documents)) == 0
    assert _rows(engine) == []
    with write_transaction(engine) as conn:
        store.save_letter(conn, doc, FACET_BLOCK, projection=Projector())
        stored = conn.scalars(select(store.decisions_t.c.id).order_by("id")).all()
    assert sorted(r["decision_id"] for r in _rows(engine)) == stored and len(stored) == 2
