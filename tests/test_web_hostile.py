"""Hostile visitors and hostile letters: markup in every parameter and in the letter text,
the malformed-query table, oversized parameters. The server answers each with a page or a
JSON error in a sentence: never a 500, never a traceback, never markup it did not write."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from markupsafe import escape

from imrdb.cli import cli
from imrdb.db.engine import open_database, write_transaction
from imrdb.db.store import SourceDocument
from imrdb.ingest import save
from imrdb.record import Citation, Decision
from imrdb.web.app import create_app
from imrdb.web.database import open_read_only
from imrdb.web.params import FILTER_NAMES, SEARCH_KEYS
from tests.support.samples import FACET_BLOCK, variant

MARKUP = '"><script>alert("imrdb-xss")</script>'
INJECTED = '<script>alert("imrdb-xss")'
HOSTILE = variant(
    FACET_BLOCK,
    case_number="CM15-0100001",
    letter_date=dt.date(2015, 3, 2),
    reviewer_specialty="<svg onload=alert(1)>",
    decisions=(
        Decision(
            ordinal=1,
            treatment="<b>Facet</b> block <script>alert('treatment')</script>",
            outcome="overturned",
            category="injections",
            citations=(Citation("reviewer", "ODG", "<i>Low Back</i> <script>x()</script>"),),
            rationale="<script>alert('rationale')</script> facet <img src=x onerror=alert(1)>",
        ),
    ),
)
LETTER_MARKUP = ("<script>alert('", "<b>Facet</b>", "<img src=x", "<svg onload", "<i>Low Back")

# (query, where the CLI's message comes from): queries the language refuses.
MALFORMED = [
    "facet OR outcome:upheld",  # a filter as an OR operand
    "(facet outcome:upheld)",  # a filter inside parentheses
    "(" * 17 + "x",  # nested too deep
    "x" * 300,  # a word longer than any term
    "outcome:sideways",  # an unknown outcome value
    "year:14",  # not a year
    "since:yesterday",  # not a date
    "category:",  # a field without a value
    "guideline:<script>",  # markup as a filter value
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request, tmp_path_factory):
    def serve(url):
        engine = open_database(url)
        with write_transaction(engine) as conn:
            save.save_letter(conn, SourceDocument("a" * 64, "a.pdf", "facet"), FACET_BLOCK)
            source = SourceDocument("b" * 64, "<script>x</script>.pdf", "facet block")
            save.save_letter(conn, source, HOSTILE)
        engine.dispose()
        engine = open_read_only(url)
        with TestClient(create_app(engine), raise_server_exceptions=False) as client:
            yield url, client
        engine.dispose()

    if request.param == "sqlite":
        yield from serve(f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'h.sqlite'}")
    else:
        from tests.support.pg import fresh_pg_database

        with fresh_pg_database("imrdb_hostile") as url:
            yield from serve(url)


def _clean(answer, *markup: str) -> None:
    assert answer.status_code < 500, answer.text
    assert "Traceback" not in answer.text and 'File "' not in answer.text
    for bit in markup:
        assert bit not in answer.text, f"unescaped {bit!r} in {answer.request.url}"


def test_letter_text_is_escaped_on_every_page_and_in_json(served):
    _url, client = served
    pages = ["/cases/CM15-0100001", "/?q=facet", "/?q=script", "/?q=facet&in=letter"]
    case = client.get("/cases/CM15-0100001?q=facet")
    guideline = case.text.split('href="/guidelines/')[1].split('"')[0]
    pages += [f"/guidelines/{guideline}", "/report?q=facet", "/api/cases/CM15-0100001"]
    pages += ["/api/search?q=facet&facets=1", f"/api/guidelines/{guideline}"]
    for path in pages:
        answer = client.get(path)
        assert answer.status_code == 200, path
        _clean(answer, *LETTER_MARKUP, "<script>x")
    assert "&lt;script&gt;alert(&#39;rationale&#39;)&lt;/script&gt;" in case.text
    record = client.get("/api/cases/CM15-0100001").json()
    assert record["decisions"][0]["rationale"].startswith("<script>")  # JSON keeps the text


@pytest.mark.parametrize("query", MALFORMED)
def test_a_malformed_query_gets_the_cli_sentence_in_the_page_and_the_api(served, query):
    url, client = served
    said = CliRunner().invoke(cli, ["--db", url, "search", query])
    assert said.exit_code == 1
    message = said.output.strip().removeprefix("Error: ")
    page = client.get("/", params={"q": query})
    assert page.status_code == 400
    assert f"Error: {escape(message)}" in page.text
    _clean(page, "<script>")
    answer = client.get("/api/search", params={"q": query})
    assert (answer.status_code, answer.json()) == (400, {"error": message})
    _clean(answer, "<script>")


PATHS = [
    "/",
    "/api/search",
    "/api/facets",
    "/report",
    "/api/report",
    "/export.csv",
    "/export.jsonl",
    "/export.parquet",
    "/guidelines/1",
    "/api/guidelines/1",
]
PARAMS = [*SEARCH_KEYS, "facet_size", "facets", "by", "template", "top", "table"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("param", PARAMS)
def test_markup_in_every_parameter(served, path, param):
    _url, client = served
    _clean(client.get(path, params={param: MARKUP}), INJECTED)


@pytest.mark.parametrize(
    "path",
    [
        f"/cases/{MARKUP}",
        f"/api/cases/{MARKUP}",
        f"/guidelines/{MARKUP}",
        f"/api/guidelines/{MARKUP}",
        f"/export.{MARKUP}",
        f"/{MARKUP}",
        f"/static/{MARKUP}",
    ],
)
def test_markup_in_the_path(served, path):
    _url, client = served
    answer = client.get(path)
    assert 400 <= answer.status_code < 500
    _clean(answer, INJECTED)


# (parameters, words the answer must say): each cap, and numbers that are not numbers.
OVERSIZED = [
    ({"q": "pain " * 200}, "at most 500 are taken"),
    ({"outcome": ["upheld"] * 21}, "at most 20 values"),
    ({"specialty": "x" * 101}, "at most 100 characters"),
    ({"limit": "100000"}, "limit can be at most 100"),
    ({"offset": "10" * 20}, "offset must be a whole number"),
    ({"offset": "10001"}, "offset can be at most 10,000"),
    ({"limit": "-1"}, "limit must be a whole number"),
    ({"limit": "ten"}, "limit must be a whole number"),
    ({"facet_size": "1000000"}, "facet_size can be at most 100"),
    ({"sort": "x" * 10000}, "sort must be one of"),
]


@pytest.mark.parametrize(("params", "words"), OVERSIZED)
@pytest.mark.parametrize("path", ["/", "/api/search", "/api/facets"])
def test_oversized_parameters_are_refused_in_a_sentence(served, params, words, path):
    _url, client = served
    if path == "/" and "facet_size" in params:
        params = {**params, "limit": "1000"}  # pages take no facet_size; a cap all the same
        words = "limit can be at most 100"
    answer = client.get(path, params=params)
    assert answer.status_code == 400, answer.text
    assert escape(words) in answer.text
    _clean(answer, "<script>")


def test_oversized_paths_and_ids(served):
    _url, client = served
    for path in ["/cases/" + "9" * 5000, "/api/guidelines/" + "9" * 40, "/guidelines/" + "9" * 40]:
        answer = client.get(path)
        assert 400 <= answer.status_code < 500, path
        _clean(answer)


def test_every_filter_name_is_a_url_parameter():
    assert set(FILTER_NAMES) <= set(SEARCH_KEYS)
