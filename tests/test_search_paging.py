"""Pages read year by year (SQLite's rowids put the letter's year on top) are exactly the
pages of one full sort: every order, offsets inside and across years and tiers, with
undated letters and years a facet key cannot hold (they may rank anywhere), on both
engines, against the ranks sorted in Python."""

from __future__ import annotations

import datetime as dt

import pytest

from imrdb.db.engine import write_transaction
from imrdb.db.store import SourceDocument
from imrdb.ingest import save
from imrdb.search import SearchRequest, codes, search, searcher
from tests.support.samples import FACET_BLOCK, variant

# (case number, letter date): several a year, none, and years outside the key's 1991-2117.
_LETTERS = [
    (f"CM{(year % 100):02d}-{n:07d}", dt.date(year, month, 1) if year else None)
    for n, (year, month) in enumerate(
        [
            (2013, 3),
            (2013, 9),
            (2014, 1),
            (2014, 1),
            (2014, 6),
            (2016, 2),
            (2019, 12),
            (2021, 5),
            (0, 1),
            (0, 1),
            (1985, 4),
            (2150, 7),
            (2014, 6),
            (2016, 8),
        ],
        start=1,
    )
]


def _store(engine) -> list[tuple[int, int, int]]:
    """Store the letters; returns (newest rank, oldest rank, ordinal) of each decision."""
    ranks = []
    with write_transaction(engine) as conn:
        for i, (number, date) in enumerate(_LETTERS):
            record = variant(FACET_BLOCK, case_number=number, letter_date=date)
            doc = SourceDocument(f"{i:064d}", f"{number}.pdf", "text")
            save.save_letter(conn, doc, record)
            for item in record.decisions:
                ranks.append((*codes.ranks(date, number, item.ordinal), item.ordinal))
    return ranks


@pytest.fixture(autouse=True)
def by_year_always(monkeypatch):
    """Pages of these few hits read year by year too."""
    monkeypatch.setattr(searcher, "BY_YEAR_FROM", 0)


@pytest.mark.parametrize("sort", ["relevance", "-date", "date"])
def test_pages_by_year_are_pages_of_one_sort(engine, sort):
    ranks = _store(engine)
    by = 1 if sort == "date" else 0
    ordered = sorted(ranks, key=lambda r: r[by])
    with engine.connect() as conn:
        everything = search(conn, SearchRequest("facet OR norco", sort=sort, limit=100))
        assert everything.total == len(ranks)
        if sort != "relevance":  # relevance puts the treatment tier first; checked below
            assert [(h.case_number, h.ordinal) for h in everything.hits] == [
                _name(r) for r in ordered
            ]
        whole = [(h.case_number, h.ordinal) for h in everything.hits]
        for offset, limit in [(0, 1), (0, 3), (2, 5), (7, 4), (12, 20), (27, 5), (40, 3)]:
            request = SearchRequest("facet OR norco", sort=sort, offset=offset, limit=limit)
            page = search(conn, request).hits
            assert [(h.case_number, h.ordinal) for h in page] == whole[offset : offset + limit]


def test_relevance_reads_tiers_then_years(engine):
    ranks = _store(engine)
    with engine.connect() as conn:
        hits = search(conn, SearchRequest("facet", limit=100)).hits
    facet_first = sorted((r for r in ranks if r[2] == 1), key=lambda r: r[0])
    assert [(h.case_number, h.ordinal) for h in hits] == [_name(r) for r in facet_first]


def _name(rank: tuple[int, int, int]) -> tuple[str, int]:
    """The (case number, ordinal) a newest-first rank was made of."""
    for number, date in _LETTERS:
        for ordinal in (1, 2):
            if codes.ranks(date, number, ordinal)[0] == rank[0]:
                return number, ordinal
    raise AssertionError(rank)


def test_a_new_year_is_paged_once_stored(engine):
    """The years a page reads are kept per generation of the projection: a letter of a
    year not stored before is paged in its place (after 2150's, before 2021's) at once."""
    _store(engine)
    with engine.connect() as conn:
        before = [h.case_number for h in search(conn, SearchRequest("facet", limit=2)).hits]
    assert before == ["CM50-0000012", "CM21-0000008"]
    with write_transaction(engine) as conn:
        record = variant(FACET_BLOCK, case_number="CM24-0000099", letter_date=dt.date(2024, 2, 1))
        save.save_letter(conn, SourceDocument("9" * 64, "new.pdf", "text"), record)
    with engine.connect() as conn:
        after = [h.case_number for h in search(conn, SearchRequest("facet", limit=2)).hits]
    assert after == ["CM50-0000012", "CM24-0000099"]
