"""Whatever is typed, search answers with results or a one-line message, on both engines:
never a traceback, never an engine's syntax error."""

from __future__ import annotations

import random

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imrdb.cli import cli
from imrdb.db.engine import open_database
from imrdb.search import QueryError, SearchRequest, search
from imrdb.search.filters import FILTERS
from tests.support import search_corpus

_words = st.sampled_from(
    [
        "facet",
        "block",
        "pain",
        "norco",
        "OR",
        "NOT",
        "AND",
        "-",
        "*",
        '"',
        "(",
        ")",
        "|",
        "outcome:upheld",
        "year:2014",
        "guideline:odg",
        "category:inj",
        "specialty:",
        "x:y",
        "since:2014-13-01",
        "priority:exp",
        "case:cm14",
        "'",
        ";",
        "--",
        "\\",
        "é",
        "10/325mg",
    ]
)
_typed = st.lists(_words | st.text(max_size=12), max_size=12).map(" ".join) | st.text(max_size=60)
_filter_values = st.dictionaries(
    st.sampled_from([f.name for f in FILTERS]),
    st.lists(
        st.sampled_from(
            [
                "upheld",
                "ODG",
                "reviewer",
                "inj",
                "pain",
                "2014",
                "2014-07",
                "standard",
                "x",
                "",
                "CM14-0087654",
                "7/25/2014",
            ]
        ),
        max_size=2,
    ),
    max_size=3,
)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def small_db(request, tmp_path_factory):
    letters = search_corpus.corpus(40, 3)
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('props') / 'props.sqlite'}"
        engine = open_database(url)
        search_corpus.load(engine, letters)
        yield url, engine
        engine.dispose()
        return
    with search_corpus.pg_database() as url:
        engine = open_database(url)
        search_corpus.load(engine, letters)
        yield url, engine
        engine.dispose()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=_typed,
    filters=_filter_values,
    scope=st.sampled_from(["decision", "letter"]),
    expand=st.booleans(),
    by_case=st.booleans(),
)
def test_search_never_fails_unexpectedly(small_db, text, filters, scope, expand, by_case):
    _url, engine = small_db
    request = SearchRequest(text, filters, scope=scope, expand=expand, limit=5)
    try:
        with engine.connect() as conn:
            result = search(conn, request, facets=True, by_case=by_case)
    except QueryError as exc:
        assert "\n" not in str(exc)
        return
    assert result.total >= len(result.cases if by_case else result.hits)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_typed)
def test_the_command_answers_in_one_line_or_with_results(small_db, text):
    url, _engine = small_db
    result = CliRunner().invoke(cli, ["--db", url, "search", "--format", "json", "--", text])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    if result.exit_code:
        assert result.exit_code in (1, 2)
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "-",
        "OR OR",
        "*",
        "()",
        ")(",
        "NOT",
        '"*"',
        "a:b:c",
        "outcome:",
        "'; DROP TABLE decisions; --",
        "1' OR '1'='1",
        "\\",
        "\x00",
        "ﬁ",
        "𝔣𝔞𝔠𝔢𝔱",
        " ".join(random.Random(1).choice(["facet", "pain", "x"]) for _ in range(2000)),  # 10 kB
        "facet " * 2000,
        "y" * 10_000,
    ],
)
def test_hostile_input_on_the_command_line(small_db, text):
    url, _engine = small_db
    result = CliRunner().invoke(cli, ["--db", url, "search", "--facets", "--", text])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 1), result.output
    if result.exit_code:
        assert len(result.output.strip().splitlines()) == 1, result.output
