"""Kept term counts (migration 0010) on both engines: facets read from them are the facets
the hits give, with and without filters said on the key; any write makes them unused until
they are counted again; a refresh keeps the most frequent terms and drops the rest."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest
from sqlalchemy import delete, func, select, update

from imrdb.db.engine import open_database, write_transaction
from imrdb.db.models import decisions
from imrdb.db.store import SourceDocument
from imrdb.ingest import save
from imrdb.search import SearchRequest, count_terms, facets_only, kept_terms
from imrdb.search.index.tables import facets_t, inserts_t, kept_terms_t, term_combos_t
from imrdb.search.searcher import count, match_of
from tests.support import cli, ingest_corpus, search_corpus

LETTERS, SEED = 160, 31
MINIMUM = 60  # decisions a term is in to be kept, at this corpus' size


@pytest.fixture(scope="module")
def letters():
    return search_corpus.corpus(LETTERS, SEED)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loaded(request, tmp_path_factory, letters):
    if request.param == "sqlite":
        engine = open_database(f"sqlite:///{tmp_path_factory.mktemp('kept') / 'kept.sqlite'}")
        search_corpus.load(engine, letters)
        yield engine
    else:
        with search_corpus.pg_database() as url:
            engine = open_database(url)
            search_corpus.load(engine, letters)
            yield engine
    engine.dispose()


def _facets(engine, request: SearchRequest):
    with engine.connect() as conn:
        result = facets_only(conn, request)
    return result.total, {name: facet.values for name, facet in result.facets.items()}


def _kept(engine, request: SearchRequest) -> bool:
    """Whether facets over ``request`` read kept counts."""
    with engine.connect() as conn:
        match = match_of(request.plan(), conn.dialect.name)
        return kept_terms.groups(conn, match, None) is not None


def _totals(engine, requests: list[SearchRequest]) -> list[int]:
    """What ``imrdb search`` says each request finds (kept counts, where they are read)."""
    with engine.connect() as conn:
        return [count(conn, r.plan()) for r in requests]


def _requests(engine, minimum: int = MINIMUM) -> list[SearchRequest]:
    with engine.connect() as conn:
        words = list(count_terms.candidates(conn, minimum).values())[:4]
    assert len(words) == 4, words
    out = []
    for word in words:
        out += [
            SearchRequest(word),
            SearchRequest(word, {"outcome": ["upheld"]}),
            SearchRequest(word, {"outcome": ["overturned"], "category": ["pharmaceuticals"]}),
            SearchRequest(word, {"subcategory": ["opioids"]}),
            SearchRequest(word, {"year": ["2015"]}),
            SearchRequest(word.upper()),  # stems to the same term
        ]
    return out


def test_kept_counts_give_the_facets_the_hits_give(loaded):
    requests = _requests(loaded)
    count_terms.refresh(loaded, minimum=10**9, full=True)  # nothing that frequent: none kept
    assert not any(_kept(loaded, r) for r in requests)
    grouped = [_facets(loaded, r) for r in requests]
    totals = _totals(loaded, requests)
    refreshed = count_terms.refresh(loaded, minimum=MINIMUM, full=True)
    assert refreshed.kept >= 4 and refreshed.counted >= refreshed.kept
    assert all(_kept(loaded, r) for r in requests)
    assert [_facets(loaded, r) for r in requests] == grouped
    assert _totals(loaded, requests) == totals == [total for total, _ in grouped]
    assert all(total > 0 for total, _ in grouped[::6])


def _log(engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(inserts_t)) or 0


def test_inserts_are_added_and_any_other_write_counts_again(loaded):
    requests = _requests(loaded)
    word = requests[0].query
    count_terms.refresh(loaded, minimum=MINIMUM, full=True)
    assert _log(loaded) == 0
    before_total, _ = _facets(loaded, requests[0])

    _, record = search_corpus.corpus(1, SEED + 1)[0]
    extra = dataclasses.replace(
        record,
        case_number="CM19-0999999",
        decisions=tuple(
            dataclasses.replace(d, rationale=f"{d.rationale} {word}") for d in record.decisions
        ),
    )
    with write_transaction(loaded) as conn:
        save.save_letter(conn, SourceDocument("f" * 64, "extra.pdf", "text"), extra)
    assert not any(_kept(loaded, r) for r in requests)  # an insert: every term is stale
    assert _log(loaded) == len(extra.decisions)
    grouped = [_facets(loaded, r) for r in requests]
    assert grouped[0][0] == before_total + len(extra.decisions)
    added = count_terms.refresh(loaded, minimum=MINIMUM)
    assert (added.added, added.counted) == (len(extra.decisions), 0)  # no term counted again
    assert all(_kept(loaded, r) for r in requests)
    assert [_facets(loaded, r) for r in requests] == grouped
    assert _totals(loaded, requests) == [total for total, _ in grouped]
    assert _log(loaded) == 0

    with write_transaction(loaded) as conn:
        newest = conn.scalar(select(decisions.c.id).order_by(decisions.c.id.desc()).limit(1))
        conn.execute(update(decisions).where(decisions.c.id == newest).values(rationale="x"))
    if loaded.dialect.name == "sqlite":  # text an update changes is what FTS5 indexes
        assert not _kept(loaded, requests[0])
        assert count_terms.refresh(loaded, minimum=MINIMUM).counted > 0
    with write_transaction(loaded) as conn:
        conn.execute(delete(facets_t).where(facets_t.c.decision_id == newest))
    assert not _kept(loaded, requests[0])  # a delete
    live = [_facets(loaded, r) for r in requests]
    again = count_terms.refresh(loaded, minimum=MINIMUM)
    assert again.counted > 0 and again.added == 0  # counted again, not added to
    assert all(_kept(loaded, r) for r in requests)
    assert [_facets(loaded, r) for r in requests] == live


def test_a_refresh_keeps_the_most_frequent_and_drops_the_rest(loaded):
    count_terms.refresh(loaded, minimum=MINIMUM)
    with loaded.connect() as conn:
        everything = dict(conn.execute(select(kept_terms_t.c.term, kept_terms_t.c.decisions)).all())
    assert len(everything) >= 4 and min(everything.values()) >= MINIMUM
    count_terms.refresh(loaded, minimum=MINIMUM, most=3, full=True)
    with loaded.connect() as conn:
        top = dict(conn.execute(select(kept_terms_t.c.term, kept_terms_t.c.decisions)).all())
        rows = set(conn.scalars(select(term_combos_t.c.term).distinct()))
    assert len(top) == 3 and rows == set(top)
    assert all(everything[t] == n for t, n in top.items())  # the same exact counts
    count_terms.refresh(loaded, minimum=10**9, full=True)
    with loaded.connect() as conn:
        assert conn.scalar(select(kept_terms_t.c.term).limit(1)) is None
        assert conn.scalar(select(term_combos_t.c.term).limit(1)) is None


def test_the_command_counts_them_and_facets_read_them(loaded):
    url = loaded.url.render_as_string(hide_password=False)
    with loaded.connect() as conn:
        word = next(iter(count_terms.candidates(conn, MINIMUM).values()))
    count_terms.refresh(loaded, minimum=10**9, full=True)
    grouped = json.loads(cli.imrdb(url, "facets", word, "--format", "json"))
    said = cli.imrdb(url, "db", "count-terms", "--min-decisions", str(MINIMUM), "--most", "5")
    assert said.startswith("kept the facet counts of 5 terms (")
    assert _kept(loaded, SearchRequest(word))
    assert json.loads(cli.imrdb(url, "facets", word, "--format", "json")) == grouped
    cli.imrdb(url, "db", "count-terms", "--min-decisions", "0", code=2)  # a usage error


def test_an_ingest_adds_its_letters_to_the_kept_counts(db_url, real_letters, tmp_path):
    """The real CLI: the letters an ingest stores are added when it ends (no term is
    counted again), giving the counts a full count gives."""
    files = ingest_corpus.real_letter_files(real_letters, 18)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for i, path in enumerate(files):
        shutil.copy(path, (first if i < 12 else second) / path.name)
    cli.imrdb(db_url, "ingest", str(first), "--extractor", "pdfium")
    said = cli.imrdb(db_url, "db", "count-terms", "--min-decisions", "10")
    assert not said.startswith("kept the facet counts of 0 ")
    engine = open_database(db_url, migrate=False)
    try:
        with engine.connect() as conn:
            word = next(iter(count_terms.candidates(conn, 10).values()))
        cli.imrdb(db_url, "ingest", str(second), "--extractor", "pdfium")
        assert _kept(engine, SearchRequest(word)) and _log(engine) == 0
        added = [_facets(engine, r) for r in _requests(engine, minimum=10)]
        cli.imrdb(db_url, "db", "count-terms", "--min-decisions", "10")
        assert [_facets(engine, r) for r in _requests(engine, minimum=10)] == added
    finally:
        engine.dispose()
