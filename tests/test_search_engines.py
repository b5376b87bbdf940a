"""One corpus of generated letters, searched on SQLite and on PostgreSQL: every query of the
table gives the same hits, in the same order, with the same totals and facet counts on both
engines, and the same as the Python oracle (tests/search_corpus.py) finds without SQL."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import and_, select

from imrdb.db.engine import open_database
from imrdb.search import SearchRequest, filters, search
from imrdb.search import facets as facet_counts
from imrdb.search.index.tables import facets_t
from imrdb.search.searcher import match_of
from tests.support import search_corpus
from tests.support.agreement import QUERIES

LETTERS, SEED = 800, 11


@pytest.fixture(scope="module")
def letters():
    return search_corpus.corpus(LETTERS, SEED)


@pytest.fixture(scope="module")
def oracle_items(letters):
    return search_corpus.items(letters)


def _loaded(url: str, letters):
    engine = open_database(url)
    search_corpus.load(engine, letters)
    return engine


@pytest.fixture(scope="module")
def sqlite_engine(tmp_path_factory, letters):
    engine = _loaded(f"sqlite:///{tmp_path_factory.mktemp('search') / 'corpus.sqlite'}", letters)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def pg_engine(letters):
    with search_corpus.pg_database() as url:
        engine = _loaded(url, letters)
        yield engine
        engine.dispose()


def _request(row, letters) -> SearchRequest:
    query, filters, options = row
    if "{case" in query:
        number = letters[7][1].case_number
        typed = number.lower().replace("-", " ")  # "cm14 0087654"
        query = query.format(case=number, case_typed=typed)
    return SearchRequest(query, filters, **options)


def _summary(result) -> dict:
    return {
        "total": result.total,
        "hits": [(h.case_number, h.ordinal, h.matched_in, h.snippet) for h in result.hits],
        "facets": {n: f.values for n, f in result.facets.items()},
    }


@pytest.mark.parametrize("row", QUERIES, ids=[f"{q!r}-{f}-{o}" for q, f, o in QUERIES])
def test_engines_agree_with_each_other_and_the_oracle(
    row, letters, oracle_items, sqlite_engine, pg_engine
):
    request = _request(row, letters)
    plan = request.plan()
    expected = search_corpus.hits(oracle_items, plan)
    assert expected, "every row of the table must find something in the corpus"
    results = {}
    for name, engine in (("sqlite", sqlite_engine), ("postgresql", pg_engine)):
        with engine.connect() as conn:
            results[name] = search(conn, request, facets=True)
    assert _summary(results["sqlite"]) == _summary(results["postgresql"])
    result = results["sqlite"]
    assert result.total == len(expected)
    page = expected[request.offset : request.offset + request.limit]
    assert [(h.case_number, h.ordinal) for h in result.hits] == [i.key for i in page]
    counts = search_corpus.facets(expected, plan)
    for name, facet in result.facets.items():
        wanted = search_corpus.ordered(name, counts[name], request.facet_size)
        assert (facet.values, facet.truncated) == wanted, name


def test_the_table_covers_every_filter_and_operator():
    from imrdb.search.filters import FILTERS

    text = " ".join(q + " " + " ".join(f) for q, f, _ in QUERIES)
    for spec in FILTERS:
        assert spec.name in text or f"{spec.name}:" in text, spec.name
    for operator in ('"', " OR ", " -", "NOT ", "*", "("):
        assert operator in " ".join(q for q, _, _ in QUERIES), operator
    assert len(QUERIES) >= 25


# Filters said on the facet key (imrdb.search.filters.key_condition) select exactly what they
# select on the projection's columns: includes, excludes, several at once, with and without
# text, on both engines.
KEY_FILTERS = [
    ("pain", {"outcome": ["upheld"]}),
    ("pain", {"outcome": ["overturned"], "category": ["injections", "pharmaceuticals"]}),
    ("therapy", {"guideline": ["ODG", "ACOEM"]}),
    ("pain", {"specialty": ["pain medicine"]}),
    ("", {"year": ["2014", "2016"], "priority": ["expedited"]}),
    ("", {"guideline": ["MTUS"]}),
    ('pain -outcome:upheld -year:2015 -specialty:"pain medicine" -guideline:MTUS', {}),
    ("-priority:standard -category:surgery", {}),
]


def _key_groups(conn, request: SearchRequest, by_key: bool) -> Counter:
    plan = request.plan()
    match = match_of(plan, conn.dialect.name)
    if by_key:
        on_key = filters.key_condition(plan.selected)
        assert on_key is not None
        groups = match.key_groups(on_key)
        if groups is None:  # PostgreSQL, or no text
            source, where = match.source()
            groups = facet_counts.key_groups(source, and_(where, on_key(facets_t.c.facet_key)))
    else:
        source, where = match.source()
        groups = facet_counts.key_groups(source, and_(where, plan.filter_condition()))
    return Counter({k: n for k, n in conn.execute(select(groups.subquery())).all()})


@pytest.mark.parametrize("row", KEY_FILTERS, ids=[f"{q!r}-{f}" for q, f in KEY_FILTERS])
def test_filters_on_the_key_select_what_the_columns_do(row, sqlite_engine, pg_engine):
    query, chosen = row
    for engine in (sqlite_engine, pg_engine):
        with engine.connect() as conn:
            by_columns = _key_groups(conn, SearchRequest(query, chosen), by_key=False)
            assert sum(by_columns.values()) > 0, "the corpus has no such decision"
            assert _key_groups(conn, SearchRequest(query, chosen), by_key=True) == by_columns


@pytest.mark.parametrize(
    "chosen",
    [
        {"year": ["1990"]},
        {"since": ["2015"]},
        {"case": ["CM14-0087654"]},
        {"cited_by": ["reviewer"]},
    ],
)
def test_filters_the_key_cannot_say_fall_back_to_the_columns(chosen):
    assert filters.key_condition(SearchRequest("", chosen).plan().selected) is None
