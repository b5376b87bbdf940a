"""Facet counts on both engines: a decision counts once per value, however often it cites a
source; a reviewer with two certifications counts under each; sizes and truncation."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from imrdb.db.engine import write_transaction
from imrdb.db.store import SourceDocument
from imrdb.ingest import save
from imrdb.record import Citation, Decision
from imrdb.search import SearchRequest, facets_only
from imrdb.search import facets as facet_counts
from imrdb.search.index import key_parts
from tests.support.samples import FACET_BLOCK, variant


def _item(ordinal: int, category: str, *citations: Citation) -> Decision:
    return Decision(ordinal, f"Item {ordinal}", "upheld", category, citations, "Not supported.")


def _store(engine) -> None:
    many = tuple(
        _item(i, category, Citation("reviewer", "OTHER", f"Article {i}"))
        for i, category in enumerate(
            ["surgery", "dmepos", "programs", "home_health", "transportation", "other"], start=1
        )
    )
    letters = [
        FACET_BLOCK,  # item 1 cites MTUS and ODG, each by both parties
        variant(
            FACET_BLOCK,
            case_number="CM16-0000002",
            letter_date=dt.date(2016, 1, 4),
            priority=None,
            reviewer_specialty=None,
            decisions=many,
        ),
    ]
    with write_transaction(engine) as conn:
        for i, record in enumerate(letters):
            doc = SourceDocument(f"{i:064d}", f"{i}.pdf", "text")
            save.save_letter(conn, doc, record)


def _facets(engine, **request):
    with engine.connect() as conn:
        return facets_only(conn, SearchRequest(**request))


def test_each_decision_counts_once_per_value(engine):
    _store(engine)
    result = _facets(engine)
    assert result.total == 8
    facets = result.facets
    assert facets["guideline"].values == (("OTHER", 6), ("MTUS", 2), ("ODG", 1))
    assert facets["specialty"].values == (  # None: no certification stated
        (None, 6),
        ("Pain Management", 2),
        ("Physical Medicine and Rehabilitation", 2),
    )
    assert facets["year"].values == ((2016, 6), (2014, 2))  # newest first
    assert facets["priority"].values == ((None, 6), ("standard", 2))


def test_the_guideline_facet_follows_cited_by(engine):
    _store(engine)
    reviewer = _facets(engine, query="facet", filters={"cited_by": ["reviewer"]})
    assert reviewer.facets["guideline"].values == (("MTUS", 1), ("ODG", 1))
    claims = _facets(engine, filters={"cited_by": ["claims_administrator"]})
    assert claims.total == 1  # only the facet block has a claims administrator's citation
    assert claims.facets["guideline"].values == (("MTUS", 1), ("ODG", 1))


def test_size_and_truncation(engine):
    _store(engine)
    facets = _facets(engine, facet_size=3).facets
    assert len(facets["category"].values) == 3
    assert facets["category"].truncated
    assert not facets["outcome"].truncated


def test_facets_over_everything_read_the_key_part_indexes(engine):
    """Migration 0010's indexes are on the very expressions ``key_parts`` writes: SQLite
    groups each part in index order (no sort); PostgreSQL has them too."""
    _store(engine)
    names = {f"ix_facet_combos_{name}" for _, name, _ in key_parts.PARTS}
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            found = "SELECT indexname FROM pg_indexes WHERE tablename = 'facet_combos'"
        else:
            found = "SELECT name FROM sqlite_master WHERE tbl_name = 'facet_combos'"
        assert names <= set(conn.scalars(text(found)))
        if engine.dialect.name == "sqlite":
            statement = facet_counts.combo_counts(None).compile(engine)
            plan = conn.exec_driver_sql(
                f"EXPLAIN QUERY PLAN {statement}",
                tuple(statement.params[name] for name in statement.positiontup or ()),
            ).all()
            details = " ".join(row[-1] for row in plan)
            assert all(f"COVERING INDEX {name}" in details for name in names), details
            assert "TEMP B-TREE" not in details, details
    upheld = dict(_facets(engine).facets["outcome"].values)["upheld"]
    assert _facets(engine, filters={"outcome": ["upheld"]}).total == upheld > 0
